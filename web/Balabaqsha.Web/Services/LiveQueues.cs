using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Queues;

namespace Balabaqsha.Web.Services;

/// <summary>The durable changes of a queue, as its grain sends them to this web server.</summary>
public sealed record QueueChangeBatch(string QueueKey, IReadOnlyList<QueueChange> Changes);

/// <summary>
/// Queue change notifications, one subscription per queue per web server, renewed every half minute.
/// Each renewal tells the last sequence of the queue, so <see cref="LivePlaces"/> can notice what it missed.
/// </summary>
public sealed class LiveQueues(IGrainFactory grains, ILogger<LiveQueues> logger)
    : LiveTopics<IQueueObserver, QueueChangeBatch>(grains, logger, TimeSpan.FromSeconds(30))
{
    /// <summary>Raised after each (re)subscription with the queue key and the queue's last sequence.</summary>
    public event Action<string, long>? Subscribed;

    protected override (object Observer, IQueueObserver Reference) CreateReference(Func<QueueChangeBatch, Task> publish)
    {
        var observer = new Observer(publish);
        return (observer, Grains.CreateObjectReference<IQueueObserver>(observer));
    }

    protected override async Task SubscribeAsync(string key, IQueueObserver reference)
    {
        var sequence = await Grains.GetGrain<IQueueGrain>(key).SubscribeAsync(reference);
        Subscribed?.Invoke(key, sequence);
    }

    protected override Task UnsubscribeAsync(string key, IQueueObserver reference) =>
        Grains.GetGrain<IQueueGrain>(key).UnsubscribeAsync(reference);

    private sealed class Observer(Func<QueueChangeBatch, Task> publish) : IQueueObserver
    {
        public Task OnQueueChangedAsync(string queueKey, IReadOnlyList<QueueChange> changes) => publish(new QueueChangeBatch(queueKey, changes));
    }
}

/// <summary>A watched place after changes: the new place (null once the application left the queue) and the lines explaining it, oldest first.</summary>
public sealed record LivePlaceUpdate(string Number, QueuePlace? Place, IReadOnlyList<PlaceHistoryLine> Lines);

/// <summary>
/// Keeps watched places up to date on this web server without asking the queue: each watcher starts from
/// the queue's answer (entry, place, sequence) and applies every later change itself
/// (<see cref="PlaceHistory.Apply"/>). A change therefore costs the queue one message to this server,
/// however many circuits and hub clients watch. A watcher that sees a gap in the sequence asks again.
/// </summary>
public sealed class LivePlaces : IDisposable
{
    private static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(1);
    private readonly IGrainFactory _grains;
    private readonly LiveQueues _queues;
    private readonly ILogger<LivePlaces> _logger;
    private readonly Dictionary<string, QueueWatchers> _byQueue = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public LivePlaces(IGrainFactory grains, LiveQueues queues, ILogger<LivePlaces> logger)
    {
        _grains = grains;
        _queues = queues;
        _logger = logger;
        _queues.Subscribed += OnSubscribed;
    }

    /// <summary>How many places are watched on this server.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byQueue.Values.Sum(q => q.Count);
            }
        }
    }

    /// <summary>
    /// Watches an application's place in a queue; <paramref name="onUpdate"/> runs after every change that
    /// moves it. Returns the place now (null when not in the queue) and the handle that stops the watch.
    /// </summary>
    public async Task<(QueuePlace? Place, IDisposable Watch)> WatchAsync(string queueKey, string number, Func<LivePlaceUpdate, Task> onUpdate)
    {
        ArgumentNullException.ThrowIfNull(onUpdate);
        var watcher = new PlaceWatcher(number, onUpdate);
        QueueWatchers queue;
        lock (_gate)
        {
            if (!_byQueue.TryGetValue(queueKey, out queue!))
            {
                queue = new QueueWatchers(queueKey);
                _byQueue[queueKey] = queue;
                queue.Topic = _queues.Watch(queueKey, OnBatchAsync);
            }

            queue.Add(watcher);
        }

        var handle = new Handle(this, queue, watcher);
        try
        {
            await RefreshAsync(queue.Key, watcher, notify: false, started: true);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return (watcher.Place, handle);
    }

    public void Dispose() => _queues.Subscribed -= OnSubscribed;

    private async Task OnBatchAsync(QueueChangeBatch batch)
    {
        QueueWatchers? queue;
        lock (_gate)
        {
            _byQueue.TryGetValue(batch.QueueKey, out queue);
        }

        if (queue is null)
        {
            return;
        }

        var changes = batch.Changes.OrderBy(c => c.Sequence).ToArray();
        var sends = new List<Task>();
        foreach (var watcher in queue.Snapshot())
        {
            var (update, gap) = watcher.Apply(changes);
            if (update is not null)
            {
                sends.Add(Safely(watcher.OnUpdate(update)));
            }

            if (gap)
            {
                _ = RefreshIfStillMissingAsync(queue.Key, watcher, watcher.Version);
            }
        }

        await Task.WhenAll(sends);
    }

    // A missing change that has not arrived within a second is not coming: ask the queue instead.
    private async Task RefreshIfStillMissingAsync(string queueKey, PlaceWatcher watcher, long version)
    {
        await Task.Delay(GapPatience);
        if (watcher.StillMissingSince(version))
        {
            await RefreshSafelyAsync(queueKey, watcher);
        }
    }

    // Anything the queue had written at the previous renewal must have arrived by this one.
    private void OnSubscribed(string queueKey, long sequence)
    {
        QueueWatchers? queue;
        lock (_gate)
        {
            _byQueue.TryGetValue(queueKey, out queue);
        }

        if (queue is null)
        {
            return;
        }

        var expected = queue.ExpectOnRenewal(sequence);
        foreach (var watcher in queue.Snapshot().Where(w => w.Behind(expected)))
        {
            _ = RefreshSafelyAsync(queueKey, watcher);
        }
    }

    private async Task RefreshSafelyAsync(string queueKey, PlaceWatcher watcher)
    {
        try
        {
            await RefreshAsync(queueKey, watcher, notify: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "A live place could not be refreshed; the next change or renewal tries again");
        }
    }

    private async Task RefreshAsync(string queueKey, PlaceWatcher watcher, bool notify, bool started = false)
    {
        if (!started && !watcher.StartRefresh())
        {
            return;
        }

        QueueWatch? answer;
        try
        {
            answer = await _grains.GetGrain<IQueueGrain>(queueKey).WatchAsync(watcher.Number);
        }
        catch
        {
            watcher.AbandonRefresh();
            throw;
        }

        var update = watcher.FinishRefresh(answer);
        if (notify && update is not null)
        {
            await Safely(watcher.OnUpdate(update));
        }
    }

    private async Task Safely(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "A live place watcher failed");
        }
    }

    private void Stop(QueueWatchers queue, PlaceWatcher watcher)
    {
        IDisposable? topic = null;
        lock (_gate)
        {
            if (queue.Remove(watcher) && queue.Count == 0 && _byQueue.TryGetValue(queue.Key, out var current) && current == queue)
            {
                _byQueue.Remove(queue.Key);
                topic = queue.Topic;
            }
        }

        topic?.Dispose();
    }

    private sealed class QueueWatchers(string key)
    {
        private readonly HashSet<PlaceWatcher> _watchers = [];
        private PlaceWatcher[]? _snapshot;
        private long _expected;

        public string Key { get; } = key;

        public IDisposable? Topic { get; set; }

        public int Count
        {
            get
            {
                lock (_watchers)
                {
                    return _watchers.Count;
                }
            }
        }

        public void Add(PlaceWatcher watcher)
        {
            lock (_watchers)
            {
                _watchers.Add(watcher);
                _snapshot = null;
            }
        }

        public bool Remove(PlaceWatcher watcher)
        {
            lock (_watchers)
            {
                _snapshot = null;
                return _watchers.Remove(watcher);
            }
        }

        public PlaceWatcher[] Snapshot()
        {
            lock (_watchers)
            {
                return _snapshot ??= [.. _watchers];
            }
        }

        /// <summary>Returns the sequence every watcher must have reached by now, and remembers the new one.</summary>
        public long ExpectOnRenewal(long sequence)
        {
            lock (_watchers)
            {
                var expected = _expected;
                _expected = sequence;
                return Math.Max(expected, 0);
            }
        }
    }

    private sealed class PlaceWatcher(string number, Func<LivePlaceUpdate, Task> onUpdate)
    {
        private readonly Lock _lock = new();
        private TrackedPlace? _tracked;
        private long _version = -1;
        // A new watcher buffers from the start: its first answer is on its way (WatchAsync asks for it).
        private List<QueueChange>? _buffer = [];
        private readonly SortedDictionary<long, QueueChange> _early = [];

        public string Number { get; } = number;

        public Func<LivePlaceUpdate, Task> OnUpdate { get; } = onUpdate;

        public QueuePlace? Place
        {
            get
            {
                lock (_lock)
                {
                    return ToPlace(_tracked);
                }
            }
        }

        public bool Behind(long expected)
        {
            lock (_lock)
            {
                return _buffer is null && _version < expected;
            }
        }

        /// <summary>Starts buffering changes until the queue's answer arrives; false when a refresh already runs.</summary>
        public bool StartRefresh()
        {
            lock (_lock)
            {
                if (_buffer is not null)
                {
                    return false;
                }

                _buffer = [];
                return true;
            }
        }

        public void AbandonRefresh()
        {
            lock (_lock)
            {
                _buffer = null;
            }
        }

        /// <summary>Takes the queue's answer, applies the changes that came meanwhile, and tells whether the place changed.</summary>
        public LivePlaceUpdate? FinishRefresh(QueueWatch? answer)
        {
            lock (_lock)
            {
                var before = ToPlace(_tracked);
                var buffered = _buffer ?? [];
                _buffer = null;
                _early.Clear();
                _tracked = answer is null ? null : new TrackedPlace(answer.Entry, answer.Place.Place, answer.Place.BirthYearPlace, answer.Place.Total);
                _version = answer?.Version ?? long.MaxValue; // not in the queue: nothing to follow until asked again
                ApplyLocked(buffered);

                var after = ToPlace(_tracked);
                return before == after ? null : new LivePlaceUpdate(Number, after, []);
            }
        }

        /// <summary>
        /// Applies changes in sequence order. Notifications may overtake one another: a change that comes
        /// early waits for the ones before it; <paramref name="gap"/> tells that some are still missing.
        /// </summary>
        public (LivePlaceUpdate? Update, bool Gap) Apply(QueueChange[] changes)
        {
            lock (_lock)
            {
                if (_buffer is not null)
                {
                    _buffer.AddRange(changes);
                    return (null, false);
                }

                var before = ToPlace(_tracked);
                var lines = ApplyLocked(changes);
                var after = ToPlace(_tracked);
                return (before == after && lines.Count == 0 ? null : new LivePlaceUpdate(Number, after, lines), _early.Count > 0);
            }
        }

        /// <summary>True when changes are still missing since <paramref name="version"/> was reached.</summary>
        public bool StillMissingSince(long version)
        {
            lock (_lock)
            {
                return _buffer is null && _early.Count > 0 && _version == version;
            }
        }

        public long Version
        {
            get
            {
                lock (_lock)
                {
                    return _version;
                }
            }
        }

        private List<PlaceHistoryLine> ApplyLocked(IEnumerable<QueueChange> changes)
        {
            var lines = new List<PlaceHistoryLine>();
            if (_tracked is null)
            {
                return lines;
            }

            foreach (var change in changes)
            {
                if (change.Sequence > _version)
                {
                    _early[change.Sequence] = change;
                }
            }

            while (_tracked is not null && _early.Remove(_version + 1, out var next))
            {
                var before = _tracked;
                _tracked = PlaceHistory.Apply(before, next);
                _version = next.Sequence;
                if (PlaceHistory.LineFor(before, next, _tracked) is { } line)
                {
                    lines.Add(line);
                }
            }

            if (_tracked is null)
            {
                _version = long.MaxValue;
                _early.Clear();
            }
            else
            {
                // Anything at or below the version was already counted.
                foreach (var stale in _early.Keys.Where(k => k <= _version).ToList())
                {
                    _early.Remove(stale);
                }
            }

            return lines;
        }

        private static QueuePlace? ToPlace(TrackedPlace? tracked) =>
            tracked is null ? null : new QueuePlace(tracked.Place, tracked.BirthYearPlace, tracked.Total);
    }

    private sealed class Handle(LivePlaces owner, QueueWatchers queue, PlaceWatcher watcher) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Stop(queue, watcher);
            }
        }
    }
}
