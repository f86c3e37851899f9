using NodaTime;

namespace Balabaqsha.Domain.Applications;

/// <summary>
/// An application's position data in its queue: priority rank first, then submission time, then the
/// application number as a stable tie-breaker. <paramref name="CategoryId"/> is the confirmed priority
/// category that gives the rank (null without one); <paramref name="Language"/> the language of
/// instruction asked for, which a free place must match (it does not order the queue).
/// </summary>
public sealed record QueueEntry(string Number, int Rank, Instant SubmittedAt, int BirthYear, string? CategoryId = null, string? Language = null) : IComparable<QueueEntry>
{
    public int CompareTo(QueueEntry? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byRank = Rank.CompareTo(other.Rank);
        if (byRank != 0)
        {
            return byRank;
        }

        var byTime = SubmittedAt.CompareTo(other.SubmittedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(Number, other.Number);
    }

    /// <summary>True when this entry stands ahead of <paramref name="other"/> in the queue.</summary>
    public bool IsAheadOf(QueueEntry other) => CompareTo(other) < 0;
}

/// <summary>The queues: one per locality, queue type and rehabilitation type.</summary>
public static class QueueKeys
{
    public static string For(string cityId, QueueType type, string? rehabilitationTypeId) =>
        type == QueueType.Sanatorium ? $"queue:{cityId}:sanatorium:{rehabilitationTypeId}" : $"queue:{cityId}:general";

    /// <summary>The locality, queue type and rehabilitation type of a key made by <see cref="For"/>.</summary>
    /// <exception cref="FormatException">The key was not made by <see cref="For"/>.</exception>
    public static (string CityId, QueueType Type, string? RehabilitationTypeId) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(':', 4);
        return parts switch
        {
            ["queue", var city, "general"] => (city, QueueType.General, null),
            ["queue", var city, "sanatorium", var rehabilitation] => (city, QueueType.Sanatorium, rehabilitation),
            _ => throw new FormatException("Not a queue key."),
        };
    }
}
