using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Web.Services;

/// <summary>
/// The public queue statistics (SPEC §9), live: one subscription to the statistics grain for this whole
/// web server, fanned out to every circuit that shows them.
/// </summary>
public sealed class LiveStatistics(IGrainFactory grains, ILogger<LiveStatistics> logger)
    : LiveTopics<IStatisticsObserver, QueueStatistics>(grains, logger)
{
    /// <summary>Calls <paramref name="onChange"/> with a queue's new figures until the result is disposed.</summary>
    public IDisposable Watch(Func<QueueStatistics, Task> onChange) => Watch(StatisticsKeys.All, onChange);

    /// <summary>The figures of every queue that reported, locality by locality, the general queue first.</summary>
    public async Task<IReadOnlyList<QueueStatistics>> GetAllAsync()
    {
        var all = await Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetAllAsync();
        return [.. all.OrderBy(q => q.CityId, StringComparer.Ordinal).ThenBy(q => q.QueueType).ThenBy(q => q.QueueKey, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The figures of every queue of a locality: the general queue, then a sanatorium queue per active
    /// rehabilitation type (in the catalog's order), then any other that reported. Empty for an unknown locality.
    /// </summary>
    public async Task<IReadOnlyList<QueueStatistics>> GetCityAsync(string cityId)
    {
        var allTask = Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetAllAsync();
        var citiesTask = Grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        var typesTask = Grains.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).GetRehabilitationTypesAsync();
        var (all, cities, types) = (await allTask, await citiesTask, await typesTask);
        if (!cities.Any(c => c.Id == cityId))
        {
            return [];
        }

        var reported = all.Where(q => q.CityId == cityId).ToDictionary(q => q.QueueKey, StringComparer.Ordinal);
        var expected = new List<string> { QueueKeys.For(cityId, QueueType.General, null) };
        expected.AddRange(types.Where(t => t.Active).OrderBy(t => t.Rank).Select(t => QueueKeys.For(cityId, QueueType.Sanatorium, t.Id)));

        // A queue reports once it is active; one never activated since the figures were kept (e.g. an empty
        // one) is asked directly, which activates it so it reports from then on.
        var missing = await Task.WhenAll(expected.Where(k => !reported.ContainsKey(k))
            .Select(k => Grains.GetGrain<IQueueGrain>(k).GetStatisticsAsync()));
        foreach (var statistics in missing)
        {
            reported[statistics.QueueKey] = statistics;
        }

        return [.. expected.Select(k => reported[k]), .. reported.Values.Where(q => !expected.Contains(q.QueueKey)).OrderBy(q => q.QueueKey, StringComparer.Ordinal)];
    }

    protected override (object Observer, IStatisticsObserver Reference) CreateReference(Func<QueueStatistics, Task> publish)
    {
        var observer = new Observer(publish);
        return (observer, Grains.CreateObjectReference<IStatisticsObserver>(observer));
    }

    protected override Task SubscribeAsync(string key, IStatisticsObserver reference) =>
        Grains.GetGrain<IStatisticsGrain>(key).SubscribeAsync(reference);

    protected override Task UnsubscribeAsync(string key, IStatisticsObserver reference) =>
        Grains.GetGrain<IStatisticsGrain>(key).UnsubscribeAsync(reference);

    private sealed class Observer(Func<QueueStatistics, Task> publish) : IStatisticsObserver
    {
        public Task OnStatisticsChangedAsync(QueueStatistics statistics) => publish(statistics);
    }
}

/// <summary>The figures of several queues added up. Medians do not add up, so there is none.</summary>
public sealed record StatisticsTotals(int Queues, int Waiting, IReadOnlyList<BirthYearCount> ByBirthYear, int EnteredThisWeek, int LeftThisWeek)
{
    public static StatisticsTotals Of(IReadOnlyCollection<QueueStatistics> queues) => new(
        queues.Count,
        queues.Sum(q => q.Waiting),
        [.. queues.SelectMany(q => q.ByBirthYear).GroupBy(b => b.BirthYear).OrderBy(g => g.Key).Select(g => new BirthYearCount(g.Key, g.Sum(b => b.Waiting)))],
        queues.Sum(q => q.EnteredThisWeek),
        queues.Sum(q => q.LeftThisWeek));
}
