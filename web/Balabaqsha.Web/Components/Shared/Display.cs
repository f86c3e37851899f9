using System.Globalization;
using Balabaqsha.Domain.Time;
using NodaTime;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>Dates and times as the portal shows them: Almaty time, dd.MM.yyyy.</summary>
public static class Display
{
    public static string Date(LocalDate date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string AlmatyTime(Instant at) =>
        at.InZone(PortalClock.Almaty).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The document link of a stored upload (served inline, checked by the server).</summary>
    public static string DocumentHref(string sha256) => Endpoints.DocumentEndpoints.Url(Uri.EscapeDataString(sha256));

    /// <summary>A local path to return to, or null: only "/x" paths, never "//host" or "/\host".</summary>
    public static string? LocalPath(string? path) =>
        path is { Length: > 0 and <= 200 } && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\')) ? path : null;
}
