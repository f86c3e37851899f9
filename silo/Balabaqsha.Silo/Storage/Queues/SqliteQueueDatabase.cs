using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Grains.Queues;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Balabaqsha.Silo.Storage.Queues;

/// <summary>
/// The queues' tables in the embedded default's SQLite file (<c>Sql/sqlite/004-queues.sql</c>).
/// Connections come from the silo's <see cref="SqlitePragmaDataSource"/>, so a writer waits for
/// another one through <c>busy_timeout</c> instead of failing.
/// </summary>
public sealed class SqliteQueueDatabase(SqlitePragmaDataSource dataSource) : IQueueDatabase
{
    private const string CountsSql = """
        SELECT (SELECT count(*) FROM balabaqsha_queue_entry WHERE queue_key = @queue_key),
               (SELECT coalesce(max(seq), 0) FROM balabaqsha_queue_change WHERE queue_key = @queue_key);
        """;

    private const string InsertChangeSql = """
        INSERT INTO balabaqsha_queue_change (queue_key, seq, at, kind, reason, number, submitted_at, birth_year,
            before_rank, before_category, after_rank, after_category,
            place_before, place_after, birth_year_place_before, birth_year_place_after)
        VALUES (@queue_key, @seq, @at, @kind, @reason, @number, @submitted_at, @birth_year,
            @before_rank, @before_category, @after_rank, @after_category,
            @place_before, @place_after, @birth_year_place_before, @birth_year_place_after);
        """;

    // Idempotent: an entry written again (a retried batch, a re-entry) takes the latest values.
    private const string UpsertEntrySql = """
        INSERT INTO balabaqsha_queue_entry (queue_key, number, rank, submitted_at, birth_year, category_id, language)
        VALUES (@queue_key, @number, @rank, @submitted_at, @birth_year, @category_id, @language)
        ON CONFLICT (queue_key, number) DO UPDATE SET
            rank = excluded.rank, submitted_at = excluded.submitted_at,
            birth_year = excluded.birth_year, category_id = excluded.category_id, language = excluded.language;
        """;

    private const string UpdateEntrySql =
        "UPDATE balabaqsha_queue_entry SET rank = @rank, category_id = @category_id WHERE queue_key = @queue_key AND number = @number;";

    private const string DeleteEntrySql = "DELETE FROM balabaqsha_queue_entry WHERE queue_key = @queue_key AND number = @number;";

    private readonly SqlitePragmaDataSource dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<QueueSnapshot> LoadAsync(string queueKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueKey);
        await using var connection = await OpenAsync(cancellationToken);

        // A deferred (read) transaction: the count, the last sequence and the entries come from one
        // snapshot even while the journal commits.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("@queue_key", queueKey);

        command.CommandText = CountsSql;
        int count;
        long lastSequence;
        await using (var counts = await command.ExecuteReaderAsync(cancellationToken))
        {
            await counts.ReadAsync(cancellationToken);
            count = checked((int)counts.GetInt64(0));
            lastSequence = counts.GetInt64(1);
        }

        command.CommandText = $"SELECT {QueueRows.EntryColumns} FROM balabaqsha_queue_entry WHERE queue_key = @queue_key;";
        var entries = new List<QueueEntry>(count);
        var categories = new CategoryIds();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(QueueRows.ReadEntry(reader, categories));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new QueueSnapshot(entries, lastSequence);
    }

    public async Task WriteAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken = default)
    {
        QueueRows.Validate(records);
        if (records.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);

        // BEGIN IMMEDIATE: take the write lock up front (waiting through busy_timeout), instead of
        // failing when a read transaction is upgraded while another writer holds the lock.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insertChange = Command(connection, transaction, InsertChangeSql,
            ("@queue_key", SqliteType.Text), ("@seq", SqliteType.Integer), ("@at", SqliteType.Integer),
            ("@kind", SqliteType.Integer), ("@reason", SqliteType.Integer), ("@number", SqliteType.Text),
            ("@submitted_at", SqliteType.Integer), ("@birth_year", SqliteType.Integer),
            ("@before_rank", SqliteType.Integer), ("@before_category", SqliteType.Text),
            ("@after_rank", SqliteType.Integer), ("@after_category", SqliteType.Text),
            ("@place_before", SqliteType.Integer), ("@place_after", SqliteType.Integer),
            ("@birth_year_place_before", SqliteType.Integer), ("@birth_year_place_after", SqliteType.Integer));
        await using var upsertEntry = Command(connection, transaction, UpsertEntrySql,
            ("@queue_key", SqliteType.Text), ("@number", SqliteType.Text), ("@rank", SqliteType.Integer),
            ("@submitted_at", SqliteType.Integer), ("@birth_year", SqliteType.Integer), ("@category_id", SqliteType.Text), ("@language", SqliteType.Text));
        await using var updateEntry = Command(connection, transaction, UpdateEntrySql,
            ("@queue_key", SqliteType.Text), ("@number", SqliteType.Text), ("@rank", SqliteType.Integer), ("@category_id", SqliteType.Text));
        await using var deleteEntry = Command(connection, transaction, DeleteEntrySql,
            ("@queue_key", SqliteType.Text), ("@number", SqliteType.Text));

        // Each command is prepared on its first execution and reused for the rest of the batch.
        foreach (var (queueKey, change) in records)
        {
            SetChange(insertChange.Parameters, queueKey, change);
            await insertChange.ExecuteNonQueryAsync(cancellationToken);

            switch (change.Kind)
            {
                case QueueChangeKind.Entered:
                    var entered = change.After!;
                    var upsert = upsertEntry.Parameters;
                    upsert[0].Value = queueKey;
                    upsert[1].Value = entered.Number;
                    upsert[2].Value = entered.Rank;
                    upsert[3].Value = entered.SubmittedAt.ToUnixTimeTicks();
                    upsert[4].Value = entered.BirthYear;
                    upsert[5].Value = (object?)entered.CategoryId ?? DBNull.Value;
                    upsert[6].Value = (object?)entered.Language ?? DBNull.Value;
                    await upsertEntry.ExecuteNonQueryAsync(cancellationToken);
                    break;
                case QueueChangeKind.Moved:
                    var moved = change.After!;
                    var update = updateEntry.Parameters;
                    update[0].Value = queueKey;
                    update[1].Value = moved.Number;
                    update[2].Value = moved.Rank;
                    update[3].Value = (object?)moved.CategoryId ?? DBNull.Value;
                    await updateEntry.ExecuteNonQueryAsync(cancellationToken);
                    break;
                default:
                    deleteEntry.Parameters[0].Value = queueKey;
                    deleteEntry.Parameters[1].Value = change.Before!.Number;
                    await deleteEntry.ExecuteNonQueryAsync(cancellationToken);
                    break;
            }
        }

        // synchronous stays FULL (SqlitePragmaDataSource): the commit is durable when it returns.
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<QueueChange>> ReadChangesAsync(string queueKey, long beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueKey);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {QueueRows.ChangeColumns} FROM balabaqsha_queue_change
            WHERE queue_key = @queue_key AND seq < @before ORDER BY seq DESC LIMIT @limit;
            """;
        command.Parameters.AddWithValue("@queue_key", queueKey);
        command.Parameters.AddWithValue("@before", beforeSequence);
        command.Parameters.AddWithValue("@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await QueueRows.ReadChangesAsync(reader, limit, cancellationToken);
    }

    public async Task<(int Entered, int Left)> CountSinceAsync(string queueKey, Instant since, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueKey);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT count(*) FILTER (WHERE kind = @entered), count(*) FILTER (WHERE kind = @left)
            FROM balabaqsha_queue_change WHERE queue_key = @queue_key AND at >= @since;
            """;
        command.Parameters.AddWithValue("@queue_key", queueKey);
        command.Parameters.AddWithValue("@since", since.ToUnixTimeTicks());
        command.Parameters.AddWithValue("@entered", (int)QueueChangeKind.Entered);
        command.Parameters.AddWithValue("@left", (int)QueueChangeKind.Left);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (checked((int)reader.GetInt64(0)), checked((int)reader.GetInt64(1)));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        return command;
    }

    private static void SetChange(SqliteParameterCollection parameters, string queueKey, QueueChange change)
    {
        var entry = (change.After ?? change.Before)!;
        parameters[0].Value = queueKey;
        parameters[1].Value = change.Sequence;
        parameters[2].Value = change.At.ToUnixTimeTicks();
        parameters[3].Value = (int)change.Kind;
        parameters[4].Value = (int)change.Reason;
        parameters[5].Value = entry.Number;
        parameters[6].Value = entry.SubmittedAt.ToUnixTimeTicks();
        parameters[7].Value = entry.BirthYear;
        parameters[8].Value = change.Before is { } before ? before.Rank : DBNull.Value;
        parameters[9].Value = (object?)change.Before?.CategoryId ?? DBNull.Value;
        parameters[10].Value = change.After is { } after ? after.Rank : DBNull.Value;
        parameters[11].Value = (object?)change.After?.CategoryId ?? DBNull.Value;
        parameters[12].Value = change.PlaceBefore;
        parameters[13].Value = change.PlaceAfter;
        parameters[14].Value = change.BirthYearPlaceBefore;
        parameters[15].Value = change.BirthYearPlaceAfter;
    }
}
