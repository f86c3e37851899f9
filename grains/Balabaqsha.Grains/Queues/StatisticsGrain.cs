using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Time;
using Microsoft.Extensions.Logging;
using NodaTime;
using Orleans.Utilities;

namespace Balabaqsha.Grains.Queues;

public sealed class StatisticsState
{
    public Dictionary<string, QueueStatistics> Queues { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, Abstractions.Vouchers.PoolView> Pools { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The latest figures of every queue, reported by the queues (at most once a second each), kept so they
/// survive a restart (written at most every few seconds) and pushed to the web servers as they come.
/// </summary>
public sealed class StatisticsGrain : Grain, IStatisticsGrain
{
    private static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WeekCheckEvery = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<StatisticsState> _state;
    private readonly IClock _clock;
    private readonly ObserverManager<IStatisticsObserver> _observers;
    private bool _dirty;

    public StatisticsGrain([PersistentState("statistics")] IPersistentState<StatisticsState> state, IClock clock, ILogger<StatisticsGrain> logger)
    {
        _state = state;
        _clock = clock;
        _observers = new ObserverManager<IStatisticsObserver>(TimeSpan.FromMinutes(2), logger);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(WriteIfChangedAsync, WriteEvery, WriteEvery);
        this.RegisterGrainTimer(RefreshLastWeeksAsync, TimeSpan.Zero, WeekCheckEvery);
        return Task.CompletedTask;
    }

    // A queue that is not active does not notice a new week: its "this week" figures are asked for again.
    private async Task RefreshLastWeeksAsync(CancellationToken cancellationToken)
    {
        var today = _clock.GetCurrentInstant().InZone(PortalClock.Almaty).Date;
        var weekStart = today.PlusDays(-((int)today.DayOfWeek - (int)IsoDayOfWeek.Monday)).AtStartOfDayInZone(PortalClock.Almaty).ToInstant();
        var stale = _state.State.Queues.Values.Where(q => q.AsOf < weekStart).Select(q => q.QueueKey).ToList();
        foreach (var key in stale)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fresh = await GrainFactory.GetGrain<IQueueGrain>(key).GetStatisticsAsync();
            await ReportAsync(fresh);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await WriteIfChangedAsync(cancellationToken);
    }

    public async Task ReportAsync(QueueStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        _state.State.Queues[statistics.QueueKey] = statistics;
        _dirty = true;
        await _observers.Notify(o => o.OnStatisticsChangedAsync(statistics));
    }

    public Task ReportPoolAsync(Abstractions.Vouchers.PoolView pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _state.State.Pools[pool.PoolKey] = pool;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Abstractions.Vouchers.PoolView>> GetPoolsAsync() =>
        Task.FromResult<IReadOnlyList<Abstractions.Vouchers.PoolView>>([.. _state.State.Pools.Values.OrderBy(p => p.PoolKey, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<QueueStatistics>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<QueueStatistics>>([.. _state.State.Queues.Values.OrderBy(q => q.QueueKey, StringComparer.Ordinal)]);

    public Task SubscribeAsync(IStatisticsObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IStatisticsObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task WriteIfChangedAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            await _state.WriteStateAsync(cancellationToken);
        }
    }
}
