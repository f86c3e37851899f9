using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Orleans.Concurrency;

namespace Balabaqsha.Abstractions.Queues;

/// <summary>
/// A queue (<see cref="QueueKeys.For"/>): priority rank, then submission time, then the number. Every
/// change is answered only once it is durable, is recorded with its reason in the change log, and is sent
/// once to each subscribed web server.
/// </summary>
[Alias("Balabaqsha.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Puts an application in the queue (idempotent) and returns its place.</summary>
    Task<QueuePlace> EnterAsync(QueueEntry entry, QueueChangeReason reason);

    /// <summary>Takes an application out of the queue (idempotent).</summary>
    Task LeaveAsync(string number, QueueChangeReason reason);

    /// <summary>
    /// Gives an application the rank of its confirmed priority category (null: none), moving it to the
    /// place the new rank gives it; null when it is not in the queue.
    /// </summary>
    Task<QueuePlace?> MoveAsync(string number, string? categoryId, QueueChangeReason reason);

    /// <summary>The administrator changed a category's rank: every entry of that category moves.</summary>
    Task ReRankCategoryAsync(string categoryId, int rank);

    /// <summary>The place of an application, or null when it is not in this queue.</summary>
    Task<QueuePlace?> GetPlaceAsync(string number);

    /// <summary>The entry, place and change sequence a live watcher starts from; null when not in the queue.</summary>
    Task<QueueWatch?> WatchAsync(string number);

    /// <summary>How the application's place changed, newest first, from the change log.</summary>
    Task<IReadOnlyList<PlaceHistoryLine>> GetHistoryAsync(string number, int limit);

    /// <summary>How many applications wait.</summary>
    Task<int> CountAsync();

    /// <summary>
    /// The first applications in queue order whose child was born in <paramref name="birthYear"/> and who
    /// asked for <paramref name="language"/>, skipping <paramref name="excluded"/>: who a free place goes to.
    /// </summary>
    Task<IReadOnlyList<string>> FindEligibleAsync(int birthYear, string language, IReadOnlyCollection<string> excluded, int take);

    /// <summary>The queue's public figures.</summary>
    Task<QueueStatistics> GetStatisticsAsync();

    /// <summary>Changes made and observer messages sent since activation.</summary>
    Task<QueueCounters> GetCountersAsync();

    /// <summary>
    /// Subscribes a web server's observer (renew within the expiry) and returns the sequence of the last
    /// change, so the web server can tell whether it missed any (e.g. after the queue moved to another silo).
    /// </summary>
    Task<long> SubscribeAsync(IQueueObserver observer);

    /// <summary>Unsubscribes an observer.</summary>
    Task UnsubscribeAsync(IQueueObserver observer);
}

/// <summary>A web server's listener to a queue: one message per change (or per group of changes), whoever watches.</summary>
[Alias("Balabaqsha.IQueueObserver")]
public interface IQueueObserver : IGrainObserver
{
    /// <summary>Durable changes, in sequence order.</summary>
    [OneWay]
    Task OnQueueChangedAsync(string queueKey, IReadOnlyList<QueueChange> changes);
}

/// <summary>The public statistics of every queue (<see cref="StatisticsKeys.All"/>), pushed live.</summary>
[Alias("Balabaqsha.IStatisticsGrain")]
public interface IStatisticsGrain : IGrainWithStringKey
{
    /// <summary>A queue reports its figures.</summary>
    Task ReportAsync(QueueStatistics statistics);

    /// <summary>The figures of every queue that reported.</summary>
    Task<IReadOnlyList<QueueStatistics>> GetAllAsync();

    /// <summary>A pool of free places reports its figures (published, outstanding, offered, accepted, annulled).</summary>
    Task ReportPoolAsync(Vouchers.PoolView pool);

    /// <summary>The figures of every pool that reported.</summary>
    Task<IReadOnlyList<Vouchers.PoolView>> GetPoolsAsync();

    /// <summary>Subscribes a web server's observer; renew within the expiry.</summary>
    Task SubscribeAsync(IStatisticsObserver observer);

    /// <summary>Unsubscribes an observer.</summary>
    Task UnsubscribeAsync(IStatisticsObserver observer);
}

/// <summary>Told when a queue's figures change.</summary>
[Alias("Balabaqsha.IStatisticsObserver")]
public interface IStatisticsObserver : IGrainObserver
{
    [OneWay]
    Task OnStatisticsChangedAsync(QueueStatistics statistics);
}

public static class StatisticsKeys
{
    public const string All = "statistics:all";
}
