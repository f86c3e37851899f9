using System.Globalization;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Web.Services;

/// <summary>The visitor's language and city, for the current request or circuit.</summary>
public sealed class PortalPreferences(IHttpContextAccessor http)
{
    public const string CityCookie = "bq.city";
    public const string DefaultCity = "almaty";

    private string? _cityId;

    public string Language => Languages.Normalize(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    // Read once: in a circuit the HttpContext is that of the connection that started it.
    public string CityId => _cityId ??= http.HttpContext?.Request.Cookies[CityCookie] is { Length: > 0 and <= 40 } city ? city : DefaultCity;
}
