using NodaTime;

namespace Balabaqsha.Domain.Applications;

/// <summary>
/// An application's position data in its queue: priority rank first, then submission time, then the
/// application number as a stable tie-breaker.
/// </summary>
public sealed record QueueEntry(string Number, int Rank, Instant SubmittedAt, int BirthYear) : IComparable<QueueEntry>
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
}

/// <summary>The queues: one per locality, queue type and rehabilitation type.</summary>
public static class QueueKeys
{
    public static string For(string cityId, QueueType type, string? rehabilitationTypeId) =>
        type == QueueType.Sanatorium ? $"queue:{cityId}:sanatorium:{rehabilitationTypeId}" : $"queue:{cityId}:general";
}
