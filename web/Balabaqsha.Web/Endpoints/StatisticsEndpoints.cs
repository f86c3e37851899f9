using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Web.Extensions;
using Balabaqsha.Web.Services;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Balabaqsha.Web.Endpoints;

/// <summary>
/// The public statistics as JSON for other dashboards (SPEC §9): the same figures as the statistics
/// page, for every locality or one (<c>?city=almaty</c>). No personal data; anyone may read it.
/// </summary>
public static partial class StatisticsEndpoints
{
    public const string Path = "/api/statistics";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ReadAsync).RequireRateLimiting(WebHosting.HttpRateLimit);
        return app;
    }

    private static async Task<IResult> ReadAsync(string? city, HttpContext context, LiveStatistics statistics, IStringLocalizer<SharedResource> l)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (city is not null && !CityId().IsMatch(city))
        {
            return Results.Problem(l["Statistics.Error.BadCity"], statusCode: StatusCodes.Status400BadRequest, title: l["Statistics.Error.BadRequest"]);
        }

        var queues = city is null ? await statistics.GetAllAsync() : await statistics.GetCityAsync(city);
        var body = new StatisticsDocument(
            queues.Count == 0 ? null : queues.Max(q => q.AsOf),
            [.. queues.Select(q => new QueueFigures(q.QueueKey, q.CityId, q.QueueType, q.RehabilitationTypeId, q.Waiting, q.ByBirthYear, q.EnteredThisWeek, q.LeftThisWeek, q.MedianWaitingDays))],
            StatisticsTotals.Of(queues));
        return Results.Json(body, Json);
    }

    [GeneratedRegex(@"^[a-z0-9-]{1,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CityId();

    public sealed record StatisticsDocument(Instant? AsOf, IReadOnlyList<QueueFigures> Queues, StatisticsTotals Totals);

    public sealed record QueueFigures(
        string QueueKey,
        string CityId,
        QueueType QueueType,
        string? RehabilitationTypeId,
        int Waiting,
        IReadOnlyList<BirthYearCount> ByBirthYear,
        int EnteredThisWeek,
        int LeftThisWeek,
        double? MedianWaitingDays);
}
