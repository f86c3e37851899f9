using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Notifications;

namespace Balabaqsha.Web.Services;

/// <summary>
/// One grain-observer subscription per topic (a parent's notices, a city's inbox) for this whole web
/// server, shared by every circuit that watches the topic: a change costs the grain one message per
/// web server, and each server fans it out to its own circuits. Subscriptions are renewed before the
/// grain's observer expiry and dropped when the last circuit stops watching.
/// </summary>
public abstract class LiveTopics<TObserver, TChange> : IAsyncDisposable
    where TObserver : IGrainObserver
{
    private static readonly TimeSpan DefaultRenewal = TimeSpan.FromMinutes(2);
    private readonly Dictionary<string, Topic> _topics = [];
    private readonly Lock _gate = new();
    private readonly Timer _renewal;
    private readonly ILogger _logger;

    protected LiveTopics(IGrainFactory grains, ILogger logger, TimeSpan? renewal = null)
    {
        Grains = grains;
        _logger = logger;
        var every = renewal ?? DefaultRenewal;
        _renewal = new Timer(_ => _ = RenewAsync(), null, every, every);
    }

    protected IGrainFactory Grains { get; }

    /// <summary>Calls <paramref name="onChange"/> on every change of the topic until the result is disposed.</summary>
    public IDisposable Watch(string key, Func<TChange, Task> onChange)
    {
        Topic topic;
        bool first;
        lock (_gate)
        {
            first = !_topics.TryGetValue(key, out topic!);
            if (first)
            {
                var (observer, reference) = CreateReference(change => Publish(key, change));
                topic = new Topic(key, observer, reference);
                _topics[key] = topic;
            }

            topic.Watchers.Add(onChange);
        }

        if (first)
        {
            _ = SubscribeSafelyAsync(topic);
        }

        return new Watcher(this, key, onChange);
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Creates the observer object and its grain reference. The object is kept with the topic: Orleans
    /// holds it only weakly, and a collected observer silently stops receiving.
    /// </summary>
    protected abstract (object Observer, TObserver Reference) CreateReference(Func<TChange, Task> publish);

    protected abstract Task SubscribeAsync(string key, TObserver reference);

    protected abstract Task UnsubscribeAsync(string key, TObserver reference);

    private async Task Publish(string key, TChange change)
    {
        Func<TChange, Task>[] watchers;
        lock (_gate)
        {
            watchers = _topics.TryGetValue(key, out var topic) ? [.. topic.Watchers] : [];
        }

        foreach (var watcher in watchers)
        {
            try
            {
                await watcher(change);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogWarning(ex, "A live watcher failed");
            }
        }
    }

    private void Stop(string key, Func<TChange, Task> onChange)
    {
        Topic? emptied = null;
        lock (_gate)
        {
            if (_topics.TryGetValue(key, out var topic) && topic.Watchers.Remove(onChange) && topic.Watchers.Count == 0)
            {
                _topics.Remove(key);
                emptied = topic;
            }
        }

        if (emptied is not null)
        {
            _ = UnsubscribeSafelyAsync(emptied);
        }
    }

    private async Task RenewAsync()
    {
        Topic[] topics;
        lock (_gate)
        {
            topics = [.. _topics.Values];
        }

        foreach (var topic in topics)
        {
            await SubscribeSafelyAsync(topic);
        }
    }

    private async Task SubscribeSafelyAsync(Topic topic)
    {
        try
        {
            await SubscribeAsync(topic.Key, topic.Reference);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "Live subscription failed; it is retried on renewal");
        }
    }

    private async Task UnsubscribeSafelyAsync(Topic topic)
    {
        try
        {
            await UnsubscribeAsync(topic.Key, topic.Reference);
            Grains.DeleteObjectReference<TObserver>(topic.Reference);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogDebug(ex, "Live unsubscription failed; the grain drops the observer on expiry");
        }
    }

    private sealed record Topic(string Key, object Observer, TObserver Reference)
    {
        public List<Func<TChange, Task>> Watchers { get; } = [];
    }

    private sealed class Watcher(LiveTopics<TObserver, TChange> owner, string key, Func<TChange, Task> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Stop(key, onChange);
            }
        }
    }
}

/// <summary>A notice pushed to a parent's circuits: the notice (null when only the count changed) and the unread count.</summary>
public sealed record NoticeChange(Notice? Notice, int Unread);

/// <summary>Live notices of parents, one subscription per parent per web server.</summary>
public sealed class LiveNotifications(IGrainFactory grains, ILogger<LiveNotifications> logger)
    : LiveTopics<INotificationObserver, NoticeChange>(grains, logger)
{
    /// <summary>Watches a parent's notices.</summary>
    public IDisposable Watch(string parentIin, Func<Notice?, int, Task> onChange) =>
        Watch(NotificationKeys.Inbox(parentIin), change => onChange(change.Notice, change.Unread));

    protected override (object Observer, INotificationObserver Reference) CreateReference(Func<NoticeChange, Task> publish)
    {
        var observer = new Observer(publish);
        return (observer, Grains.CreateObjectReference<INotificationObserver>(observer));
    }

    protected override Task SubscribeAsync(string key, INotificationObserver reference) =>
        Grains.GetGrain<INotificationGrain>(key).SubscribeAsync(reference);

    protected override Task UnsubscribeAsync(string key, INotificationObserver reference) =>
        Grains.GetGrain<INotificationGrain>(key).UnsubscribeAsync(reference);

    private sealed class Observer(Func<NoticeChange, Task> publish) : INotificationObserver
    {
        public Task OnNoticeAsync(string parentIin, Notice? notice, int unread) => publish(new NoticeChange(notice, unread));
    }
}

/// <summary>Live review inboxes (doctor, operator), one subscription per inbox per web server.</summary>
public sealed class LiveInboxes(IGrainFactory grains, ILogger<LiveInboxes> logger)
    : LiveTopics<IInboxObserver, string>(grains, logger)
{
    /// <summary>Watches an inbox (<see cref="ApplicationKeys.DoctorInbox"/>, <see cref="ApplicationKeys.OperatorInbox"/>).</summary>
    public IDisposable Watch(string inboxKey, Func<Task> onChange) => Watch(inboxKey, _ => onChange());

    protected override (object Observer, IInboxObserver Reference) CreateReference(Func<string, Task> publish)
    {
        var observer = new Observer(publish);
        return (observer, Grains.CreateObjectReference<IInboxObserver>(observer));
    }

    protected override Task SubscribeAsync(string key, IInboxObserver reference) =>
        Grains.GetGrain<IReviewInboxGrain>(key).SubscribeAsync(reference);

    protected override Task UnsubscribeAsync(string key, IInboxObserver reference) =>
        Grains.GetGrain<IReviewInboxGrain>(key).UnsubscribeAsync(reference);

    private sealed class Observer(Func<string, Task> publish) : IInboxObserver
    {
        public Task OnInboxChangedAsync(string inboxKey) => publish(inboxKey);
    }
}
