using Orleans.Concurrency;
using NodaTime;

namespace Balabaqsha.Abstractions.Notifications;

/// <summary>A notice to a parent: a message key and its arguments, shown in the reader's language.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.Notice")]
public sealed record Notice(
    [property: Id(0)] string Id,
    [property: Id(1)] Instant At,
    [property: Id(2)] string Key,
    [property: Id(3)] string[] Arguments,
    [property: Id(4)] string? ApplicationNumber,
    [property: Id(5)] bool Read);

/// <summary>A parent's notices (<see cref="NotificationKeys.Inbox"/>): stored, sent by SMS, pushed live.</summary>
[Alias("Balabaqsha.INotificationGrain")]
public interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>Records a notice, sends it by SMS in the parent's language and pushes it to live observers.</summary>
    Task NotifyAsync(string parentIin, string key, string[] arguments, string? applicationNumber);

    /// <summary>The latest notices, newest first.</summary>
    Task<IReadOnlyList<Notice>> GetAsync(int count);

    /// <summary>How many notices are unread.</summary>
    Task<int> UnreadCountAsync();

    /// <summary>Marks every notice read.</summary>
    Task MarkAllReadAsync();

    /// <summary>Subscribes a web server's observer; renew within the expiry.</summary>
    Task SubscribeAsync(INotificationObserver observer);

    /// <summary>Unsubscribes an observer.</summary>
    Task UnsubscribeAsync(INotificationObserver observer);
}

/// <summary>Receives a parent's notices as they happen.</summary>
[Alias("Balabaqsha.INotificationObserver")]
public interface INotificationObserver : IGrainObserver
{
    /// <summary>A new notice (or a change of the unread count).</summary>
    [OneWay]
    Task OnNoticeAsync(string parentIin, Notice? notice, int unread);
}

public static class NotificationKeys
{
    public static string Inbox(string iin) => $"notices:{GrainKeys.Pseudonym(iin)}";
}
