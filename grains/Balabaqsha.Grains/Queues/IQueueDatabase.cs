using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using NodaTime;

namespace Balabaqsha.Grains.Queues;

/// <summary>A queue as stored: its entries (any order) and the sequence of its last change (0 when none).</summary>
public sealed record QueueSnapshot(IReadOnlyList<QueueEntry> Entries, long LastSequence);

/// <summary>A change of one queue, as the journal writes it.</summary>
public readonly record struct JournalRecord(string QueueKey, QueueChange Change);

/// <summary>
/// The queues' tables in the database (SQLite or PostgreSQL, scripts under <c>silo/…/Sql</c>): one row
/// per waiting entry, and an append-only change log. A change costs O(1) small rows, never the whole queue.
/// </summary>
public interface IQueueDatabase
{
    /// <summary>The entries of a queue and its last sequence number.</summary>
    Task<QueueSnapshot> LoadAsync(string queueKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the records in one transaction, in order: each appends its change to the log and inserts
    /// (entered), deletes (left) or updates (moved) the entry's row. Returns once the transaction is
    /// durable; throws and writes nothing when it fails.
    /// </summary>
    Task WriteAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The changes of a queue with a sequence below <paramref name="beforeSequence"/>, newest first.</summary>
    Task<IReadOnlyList<QueueChange>> ReadChangesAsync(string queueKey, long beforeSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many entries entered and left a queue at or after <paramref name="since"/>.</summary>
    Task<(int Entered, int Left)> CountSinceAsync(string queueKey, Instant since, CancellationToken cancellationToken = default);
}
