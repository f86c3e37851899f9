using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Domain.Time;
using Microsoft.Extensions.Logging;
using NodaTime;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace Balabaqsha.Grains.Queues;

/// <summary>The whole-list state of the first version of the queue; read once to move it into the queue tables.</summary>
public sealed class LegacyQueueState
{
    public List<QueueEntry> Entries { get; set; } = [];
}

/// <summary>
/// One queue. Places come from the in-memory <see cref="QueueIndex"/>, rebuilt from the queue's rows on
/// activation. Each change is applied to the index in one turn, written through the
/// <see cref="QueueJournal"/> (O(1) rows, group-committed with concurrent changes — hence reentrant) and
/// answered only once durable; then it goes once to every subscribed web server.
/// </summary>
[Reentrant]
public sealed class QueueGrain : Grain, IQueueGrain
{
    private const int HistoryPage = 1000;
    private const int HistoryPagesMax = 50;
    private const int MedianCacheFrom = 10_000;
    private static readonly Duration MedianCacheFor = Duration.FromSeconds(30);

    private readonly QueueJournal _journal;
    private readonly IClock _clock;
    private readonly IPersistentState<LegacyQueueState> _legacy;
    private readonly ObserverManager<IQueueObserver> _observers;
    private readonly ILogger<QueueGrain> _logger;
    private readonly Dictionary<string, int> _ranks = new(StringComparer.Ordinal);
    private readonly List<QueueChange> _outbox = [];
    private QueueIndex _index = new();
    private long _sequence;
    private Task _tail = Task.CompletedTask;
    private bool _flushing;
    private long _changes;
    private long _messages;
    private bool _statisticsDirty = true;
    private Instant _weekStart;
    private int _enteredThisWeek;
    private int _leftThisWeek;
    private (Instant At, double? Days) _median = (Instant.MinValue, null);

    public QueueGrain(
        QueueJournal journal,
        IClock clock,
        [PersistentState("queue")] IPersistentState<LegacyQueueState> legacy,
        ILogger<QueueGrain> logger)
    {
        _journal = journal;
        _clock = clock;
        _legacy = legacy;
        _logger = logger;
        _observers = new ObserverManager<IQueueObserver>(TimeSpan.FromMinutes(5), logger);
    }

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _journal.Database.LoadAsync(Key, cancellationToken);
        _index = QueueIndex.Build(snapshot.Entries);
        _sequence = snapshot.LastSequence;

        await LoadRanksAsync();
        await ImportLegacyAsync();
        await CountThisWeekAsync(cancellationToken);
        this.RegisterGrainTimer(ReportStatisticsAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromSeconds(1)) { Interleave = true });
    }

    public async Task<QueuePlace> EnterAsync(QueueEntry entry, QueueChangeReason reason)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await KnowRankAsync(entry.CategoryId);
        if (!_index.Contains(entry.Number))
        {
            var ranked = entry with { Rank = RankOf(entry.CategoryId) };
            _index.Add(ranked);
            await CommitAsync([QueueChange.Entered(++_sequence, _clock.GetCurrentInstant(), reason, ranked, _index.PlaceOf(ranked.Number), _index.BirthYearPlaceOf(ranked.Number))]);
        }
        else
        {
            await _tail;
        }

        return PlaceOf(entry.Number) ?? throw new InvalidOperationException("The entry left while it was entering.");
    }

    public async Task LeaveAsync(string number, QueueChangeReason reason)
    {
        if (_index.Find(number) is { } entry)
        {
            var change = QueueChange.Left(++_sequence, _clock.GetCurrentInstant(), reason, entry, _index.PlaceOf(number), _index.BirthYearPlaceOf(number));
            _index.Remove(number);
            await CommitAsync([change]);
        }
        else
        {
            await _tail;
        }
    }

    public async Task<QueuePlace?> MoveAsync(string number, string? categoryId, QueueChangeReason reason)
    {
        await KnowRankAsync(categoryId);
        if (_index.Find(number) is not { } entry)
        {
            await _tail;
            return null;
        }

        var moved = entry with { CategoryId = categoryId, Rank = RankOf(categoryId) };
        if (moved != entry)
        {
            await CommitAsync([Move(entry, moved, reason, _clock.GetCurrentInstant())]);
        }
        else
        {
            await _tail;
        }

        return PlaceOf(number);
    }

    public async Task ReRankCategoryAsync(string categoryId, int rank)
    {
        _ranks[categoryId] = rank;
        var at = _clock.GetCurrentInstant();
        var affected = _index.InOrder().Where(e => e.CategoryId == categoryId && e.Rank != rank).ToList();

        // Moving back, the last goes first (and moving ahead, the first): the category's applications keep
        // their order among themselves at every step, so no one's history shows a shift that undoes itself.
        if (affected.Count > 0 && affected[0].Rank < rank)
        {
            affected.Reverse();
        }
        var changes = affected.Select(entry => Move(entry, entry with { Rank = rank }, QueueChangeReason.CategoryRankChanged, at)).ToList();
        if (changes.Count > 0)
        {
            _logger.LogInformation("Queue {Queue}: category {Category} re-ranked to {Rank}, {Count} entries moved", Key, categoryId, rank, changes.Count);
            await CommitAsync(changes);
        }
        else
        {
            await _tail;
        }
    }

    public async Task<QueuePlace?> GetPlaceAsync(string number)
    {
        await _tail;
        return PlaceOf(number);
    }

    public async Task<QueueWatch?> WatchAsync(string number)
    {
        await _tail;
        return _index.Find(number) is { } entry ? new QueueWatch(Key, entry, PlaceOf(number)!, _sequence) : null;
    }

    public async Task<IReadOnlyList<PlaceHistoryLine>> GetHistoryAsync(string number, int limit)
    {
        await _tail;
        var entry = _index.Find(number);
        if (entry is null)
        {
            return [];
        }

        var place = _index.PlaceOf(number);
        var birthYearPlace = _index.BirthYearPlaceOf(number);

        // Read the log back until the application's own entering (bounded): the walk needs every change since.
        var changes = new List<QueueChange>();
        var before = _sequence + 1;
        for (var page = 0; page < HistoryPagesMax; page++)
        {
            var read = await _journal.Database.ReadChangesAsync(Key, before, HistoryPage);
            changes.AddRange(read);
            if (read.Count < HistoryPage || read.Any(c => c.Kind == QueueChangeKind.Entered && c.Number == number))
            {
                break;
            }

            before = read[^1].Sequence;
        }

        return PlaceHistory.Explain(entry, place, birthYearPlace, changes, limit);
    }

    public async Task<int> CountAsync()
    {
        await _tail;
        return _index.Count;
    }

    public async Task<IReadOnlyList<string>> FindEligibleAsync(int birthYear, string language, IReadOnlyCollection<string> excluded, int take)
    {
        await _tail;
        var skip = excluded as ISet<string> ?? new HashSet<string>(excluded, StringComparer.Ordinal);
        return [.. _index.InOrderOfBirthYear(birthYear)
            .Where(e => e.Language == language && !skip.Contains(e.Number))
            .Take(Math.Clamp(take, 1, 100))
            .Select(e => e.Number)];
    }

    public async Task<QueueStatistics> GetStatisticsAsync()
    {
        await _tail;
        return Statistics();
    }

    public Task<QueueCounters> GetCountersAsync() => Task.FromResult(new QueueCounters(_changes, _messages, _observers.Count));

    public async Task<long> SubscribeAsync(IQueueObserver observer)
    {
        _observers.Subscribe(observer, observer);
        await _tail;
        return _sequence;
    }

    public Task UnsubscribeAsync(IQueueObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private QueueChange Move(QueueEntry entry, QueueEntry moved, QueueChangeReason reason, Instant at)
    {
        var placeBefore = _index.PlaceOf(entry.Number);
        var birthYearPlaceBefore = _index.BirthYearPlaceOf(entry.Number);
        _index.Replace(moved);
        return QueueChange.Moved(++_sequence, at, reason, entry, moved, placeBefore, _index.PlaceOf(entry.Number), birthYearPlaceBefore, _index.BirthYearPlaceOf(entry.Number));
    }

    /// <summary>
    /// Writes changes already applied to the index and waits until they are durable. When the write fails
    /// the index no longer matches the rows: the activation ends and the next one rebuilds from the rows.
    /// </summary>
    private async Task CommitAsync(IReadOnlyList<QueueChange> changes)
    {
        var key = Key;
        var records = new JournalRecord[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            records[i] = new JournalRecord(key, changes[i]);
            CountForWeek(changes[i]);
        }

        var written = _journal.AppendAsync(records);
        _tail = written;
        _changes += changes.Count;
        _statisticsDirty = true;
        try
        {
            await written;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            _logger.LogError(failure, "Queue {Queue}: a change could not be written; the queue reloads from its rows", key);
            DeactivateOnIdle();
            throw;
        }

        _outbox.AddRange(changes);
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }
    }

    // Changes that became durable together go to each web server in one message.
    private async Task FlushAsync()
    {
        await Task.Yield();
        _flushing = false;
        if (_outbox.Count == 0)
        {
            return;
        }

        var changes = _outbox.OrderBy(c => c.Sequence).ToArray();
        _outbox.Clear();
        _messages += _observers.Count;
        var key = Key;
        try
        {
            await _observers.Notify(o => o.OnQueueChangedAsync(key, changes));
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A watcher that missed a change notices the gap in the sequence and asks again.
            _logger.LogWarning(failure, "Queue {Queue}: notifying the web servers failed", key);
        }
    }

    // A category added after this activation loaded the ranks is read from the catalog when first met.
    private async Task KnowRankAsync(string? categoryId)
    {
        if (categoryId is not null && !_ranks.ContainsKey(categoryId))
        {
            await LoadRanksAsync();
        }
    }

    private async Task LoadRanksAsync()
    {
        var categories = await GrainFactory.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).GetPriorityCategoriesAsync();
        foreach (var category in categories)
        {
            _ranks[category.Id] = category.Rank;
        }
    }

    private int RankOf(string? categoryId) =>
        categoryId is null ? VoucherApplication.NoPriorityRank : _ranks.GetValueOrDefault(categoryId, VoucherApplication.NoPriorityRank);

    private QueuePlace? PlaceOf(string number) =>
        _index.Contains(number) ? new QueuePlace(_index.PlaceOf(number), _index.BirthYearPlaceOf(number), _index.Count) : null;

    private async Task ImportLegacyAsync()
    {
        if (_legacy.State.Entries.Count == 0)
        {
            return;
        }

        var at = _clock.GetCurrentInstant();
        var changes = new List<QueueChange>();
        foreach (var entry in _legacy.State.Entries.Where(e => !_index.Contains(e.Number)))
        {
            _index.Add(entry);
            changes.Add(QueueChange.Entered(++_sequence, at, QueueChangeReason.Submitted, entry, _index.PlaceOf(entry.Number), _index.BirthYearPlaceOf(entry.Number)));
        }

        await _journal.AppendAsync([.. changes.Select(c => new JournalRecord(Key, c))]);
        await _legacy.ClearStateAsync();
    }

    private Instant WeekStart()
    {
        var today = _clock.GetCurrentInstant().InZone(PortalClock.Almaty).Date;
        var monday = today.PlusDays(-((int)today.DayOfWeek - (int)IsoDayOfWeek.Monday));
        return monday.AtStartOfDayInZone(PortalClock.Almaty).ToInstant();
    }

    private async Task CountThisWeekAsync(CancellationToken cancellationToken = default)
    {
        _weekStart = WeekStart();
        (_enteredThisWeek, _leftThisWeek) = await _journal.Database.CountSinceAsync(Key, _weekStart, cancellationToken);
    }

    private void CountForWeek(QueueChange change)
    {
        if (change.At < _weekStart)
        {
            return;
        }

        if (change.Kind == QueueChangeKind.Entered)
        {
            _enteredThisWeek++;
        }
        else if (change.Kind == QueueChangeKind.Left)
        {
            _leftThisWeek++;
        }
    }

    private async Task ReportStatisticsAsync(CancellationToken cancellationToken)
    {
        if (WeekStart() != _weekStart)
        {
            await CountThisWeekAsync(cancellationToken);
            _statisticsDirty = true;
        }

        if (!_statisticsDirty)
        {
            return;
        }

        _statisticsDirty = false;
        await GrainFactory.GetGrain<IStatisticsGrain>(StatisticsKeys.All).ReportAsync(Statistics());
    }

    private QueueStatistics Statistics()
    {
        var (cityId, type, rehabilitationTypeId) = QueueKeys.Parse(Key);
        var now = _clock.GetCurrentInstant();
        return new QueueStatistics(
            Key, cityId, type, rehabilitationTypeId, _index.Count,
            [.. _index.BirthYearCounts().Select(pair => new BirthYearCount(pair.BirthYear, pair.Count))],
            _enteredThisWeek, _leftThisWeek, MedianWaitingDays(now), now);
    }

    // Linear in the queue; at most once per half minute.
    private double? MedianWaitingDays(Instant now)
    {
        // Cached for large queues only, and never an empty answer for a queue that has entries.
        var fresh = now - _median.At < MedianCacheFor && now >= _median.At;
        if (fresh && _index.Count >= MedianCacheFrom && _median.Days is not null)
        {
            return _median.Days;
        }

        double? days = null;
        if (_index.Count > 0)
        {
            var ticks = new long[_index.Count];
            var i = 0;
            foreach (var entry in _index.InOrder())
            {
                ticks[i++] = entry.SubmittedAt.ToUnixTimeTicks();
            }

            var middle = ticks.Length / 2;
            Array.Sort(ticks);
            var median = ticks.Length % 2 == 1 ? ticks[middle] : (ticks[middle - 1] / 2) + (ticks[middle] / 2);
            days = Math.Max(0, (now - Instant.FromUnixTimeTicks(median)).TotalDays);
        }

        _median = (now, days);
        return days;
    }
}
