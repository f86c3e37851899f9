using System.Data.Common;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Grains.Queues;
using NodaTime;

namespace Balabaqsha.Silo.Storage.Queues;

/// <summary>
/// The row shapes of <c>balabaqsha_queue_entry</c> and <c>balabaqsha_queue_change</c> that both
/// adapters share: which columns they select, how a row becomes a <see cref="QueueEntry"/> or a
/// <see cref="QueueChange"/>, and what a change must look like to be stored without loss.
/// </summary>
internal static class QueueRows
{
    /// <summary>The columns <see cref="ReadEntry"/> reads, in its order.</summary>
    public const string EntryColumns = "number, rank, submitted_at, birth_year, category_id, language";

    /// <summary>The columns <see cref="ReadChange"/> reads, in its order.</summary>
    public const string ChangeColumns =
        "seq, at, kind, reason, number, submitted_at, birth_year, before_rank, before_category, after_rank, after_category, " +
        "place_before, place_after, birth_year_place_before, birth_year_place_after";

    /// <summary>
    /// Refuses, before anything is written, a change the log could not give back as it was: the log
    /// stores the number, submission time and birth year once for both sides of a change, and tells
    /// "no before" / "no after" by a null rank.
    /// </summary>
    public static void Validate(IReadOnlyList<JournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var (queueKey, change) in records)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(queueKey, nameof(records));
            ArgumentNullException.ThrowIfNull(change, nameof(records));
            var (before, after) = (change.Before, change.After);
            var shapeFits = change.Kind switch
            {
                QueueChangeKind.Entered => before is null && after is not null,
                QueueChangeKind.Left => before is not null && after is null,
                QueueChangeKind.Moved => before is not null && after is not null,
                _ => false,
            };
            if (!shapeFits)
            {
                throw new ArgumentException($"Change {change.Sequence} of '{queueKey}' ({change.Kind}) does not have the entries its kind needs.", nameof(records));
            }

            if (before is not null && after is not null
                && (before.Number != after.Number || before.SubmittedAt != after.SubmittedAt || before.BirthYear != after.BirthYear))
            {
                throw new ArgumentException($"Change {change.Sequence} of '{queueKey}' changes the number, submission time or birth year of an entry.", nameof(records));
            }
        }
    }

    /// <summary>Reads a row selected with <see cref="EntryColumns"/>.</summary>
    public static QueueEntry ReadEntry(DbDataReader reader, CategoryIds categories) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        Instant.FromUnixTimeTicks(reader.GetInt64(2)),
        reader.GetInt32(3),
        categories.Read(reader, 4),
        categories.Read(reader, 5));

    /// <summary>Reads a row selected with <see cref="ChangeColumns"/>.</summary>
    public static QueueChange ReadChange(DbDataReader reader)
    {
        var number = reader.GetString(4);
        var submittedAt = Instant.FromUnixTimeTicks(reader.GetInt64(5));
        var birthYear = reader.GetInt32(6);
        QueueEntry? Side(int rankOrdinal) => reader.IsDBNull(rankOrdinal)
            ? null
            : new QueueEntry(number, reader.GetInt32(rankOrdinal), submittedAt, birthYear, reader.IsDBNull(rankOrdinal + 1) ? null : reader.GetString(rankOrdinal + 1));

        return new QueueChange(
            reader.GetInt64(0),
            Instant.FromUnixTimeTicks(reader.GetInt64(1)),
            (QueueChangeKind)reader.GetInt16(2),
            (QueueChangeReason)reader.GetInt16(3),
            Side(7),
            Side(9),
            reader.GetInt32(11),
            reader.GetInt32(12),
            reader.GetInt32(13),
            reader.GetInt32(14));
    }

    /// <summary>Reads the rows of a <see cref="ReadChange"/> query.</summary>
    public static async Task<IReadOnlyList<QueueChange>> ReadChangesAsync(DbDataReader reader, int limit, CancellationToken cancellationToken)
    {
        var changes = new List<QueueChange>(Math.Min(limit, 1024));
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(ReadChange(reader));
        }

        return changes;
    }
}

/// <summary>
/// The category ids of one load, each kept once: a million entries share a handful of categories, so
/// every entry of a category points at the same string instead of a copy of its own.
/// </summary>
/// <remarks>
/// The id is read as a string and then swapped for the kept one: the short-lived copy dies young.
/// Reading the characters into a reused buffer instead (<c>GetChars</c>) saves nothing with Npgsql
/// and allocates about 5 KB per call with Microsoft.Data.Sqlite (measured on 1,000,000 rows).
/// </remarks>
internal sealed class CategoryIds
{
    // More distinct ids than this are not categories but data: they are simply not kept.
    private const int MaxKept = 256;
    private readonly Dictionary<string, string> kept = new(StringComparer.Ordinal);

    public string? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var id = reader.GetString(ordinal);
        if (kept.TryGetValue(id, out var keptId))
        {
            return keptId;
        }

        if (kept.Count < MaxKept)
        {
            kept.Add(id, id);
        }

        return id;
    }
}
