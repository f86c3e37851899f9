using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Vouchers;
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

    private static async Task<IResult> ReadAsync(string? city, HttpContext context, LiveStatistics statistics, IGrainFactory grains, IStringLocalizer<SharedResource> l)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (city is not null && !CityId().IsMatch(city))
        {
            return Results.Problem(l["Statistics.Error.BadCity"], statusCode: StatusCodes.Status400BadRequest, title: l["Statistics.Error.BadRequest"]);
        }

        var queuesTask = city is null ? statistics.GetAllAsync() : statistics.GetCityAsync(city);
        var poolsTask = grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync();
        var (queues, pools) = (await queuesTask, await poolsTask);
        var vouchers = VoucherFigures.ByQueue(pools);
        var figures = queues.Select(q => new QueueFigures(
            q.QueueKey, q.CityId, q.QueueType, q.RehabilitationTypeId, q.Waiting, q.ByBirthYear, q.EnteredThisWeek, q.LeftThisWeek, q.MedianWaitingDays,
            vouchers.GetValueOrDefault(q.QueueKey, VoucherFigures.None))).ToList();
        var totals = StatisticsTotals.Of(queues);
        var body = new StatisticsDocument(
            queues.Count == 0 ? null : queues.Max(q => q.AsOf),
            figures,
            new TotalFigures(totals.Queues, totals.Waiting, totals.ByBirthYear, totals.EnteredThisWeek, totals.LeftThisWeek, VoucherFigures.Sum(figures.Select(f => f.Vouchers))));
        return Results.Json(body, Json);
    }

    [GeneratedRegex(@"^[a-z0-9-]{1,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CityId();

    public sealed record StatisticsDocument(Instant? AsOf, IReadOnlyList<QueueFigures> Queues, TotalFigures Totals);

    public sealed record QueueFigures(
        string QueueKey,
        string CityId,
        QueueType QueueType,
        string? RehabilitationTypeId,
        int Waiting,
        IReadOnlyList<BirthYearCount> ByBirthYear,
        int EnteredThisWeek,
        int LeftThisWeek,
        double? MedianWaitingDays,
        VoucherFigures Vouchers);

    /// <summary>The figures of the queues listed, added up (<see cref="StatisticsTotals"/> and their vouchers).</summary>
    public sealed record TotalFigures(
        int Queues,
        int Waiting,
        IReadOnlyList<BirthYearCount> ByBirthYear,
        int EnteredThisWeek,
        int LeftThisWeek,
        VoucherFigures Vouchers);
}

/// <summary>
/// The free places and vouchers of a queue: its pools (one per language and birth year) added up. Free places
/// are those no voucher, hold or enrollment covers; outstanding vouchers are offered or accepted and not yet used;
/// held places are requested by a voucher holder and wait for the contract; enrolled places are taken.
/// </summary>
public sealed record VoucherFigures(int Published, int Outstanding, int Free, int Offered, int Accepted, int Annulled, int Held = 0, int Enrolled = 0)
{
    public static VoucherFigures None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The pools' figures added up per queue (<see cref="VoucherPoolKeys.QueueOf"/>); a key that is not a pool's is skipped.</summary>
    public static Dictionary<string, VoucherFigures> ByQueue(IEnumerable<PoolView> pools) =>
        pools.Select(p => (Queue: QueueOf(p.PoolKey), Pool: p))
            .Where(p => p.Queue is not null)
            .GroupBy(p => p.Queue!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => Sum(g.Select(p => new VoucherFigures(
                    p.Pool.Published, p.Pool.Outstanding, p.Pool.Free, p.Pool.Offered, p.Pool.Accepted, p.Pool.Annulled, p.Pool.Holds, p.Pool.Enrolled))),
                StringComparer.Ordinal);

    public static VoucherFigures Sum(IEnumerable<VoucherFigures> figures) =>
        figures.Aggregate(None, (sum, f) => new VoucherFigures(
            sum.Published + f.Published,
            sum.Outstanding + f.Outstanding,
            sum.Free + f.Free,
            sum.Offered + f.Offered,
            sum.Accepted + f.Accepted,
            sum.Annulled + f.Annulled,
            sum.Held + f.Held,
            sum.Enrolled + f.Enrolled));

    private static string? QueueOf(string poolKey)
    {
        try
        {
            return VoucherPoolKeys.QueueOf(poolKey);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
