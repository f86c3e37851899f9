using System.Data;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Grains.Queues;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Balabaqsha.Silo.Storage.Queues;

/// <summary>
/// The queues' tables in the cluster's PostgreSQL database (<c>Sql/postgres/007-queues.sql</c>).
/// A write is one <see cref="NpgsqlBatch"/>: all its statements go to the server in one round trip
/// and run in one transaction.
/// </summary>
public sealed class PostgresQueueDatabase : IQueueDatabase, IAsyncDisposable, IDisposable
{
    // Positional parameters ($1…): Npgsql sends the text as it is instead of rewriting named ones.
    private const string InsertChangeSql = """
        INSERT INTO balabaqsha_queue_change (queue_key, seq, at, kind, reason, number, submitted_at, birth_year,
            before_rank, before_category, after_rank, after_category,
            place_before, place_after, birth_year_place_before, birth_year_place_after)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        """;

    // Idempotent: an entry written again (a retried batch, a re-entry) takes the latest values.
    private const string UpsertEntrySql = """
        INSERT INTO balabaqsha_queue_entry (queue_key, number, rank, submitted_at, birth_year, category_id, language)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (queue_key, number) DO UPDATE SET
            rank = excluded.rank, submitted_at = excluded.submitted_at,
            birth_year = excluded.birth_year, category_id = excluded.category_id, language = excluded.language
        """;

    private const string UpdateEntrySql = "UPDATE balabaqsha_queue_entry SET rank = $3, category_id = $4 WHERE queue_key = $1 AND number = $2";

    private const string DeleteEntrySql = "DELETE FROM balabaqsha_queue_entry WHERE queue_key = $1 AND number = $2";

    private const string CountsSql = """
        SELECT (SELECT count(*) FROM balabaqsha_queue_entry WHERE queue_key = $1),
               (SELECT coalesce(max(seq), 0) FROM balabaqsha_queue_change WHERE queue_key = $1)
        """;

    private const string EntriesSql = $"SELECT {QueueRows.EntryColumns} FROM balabaqsha_queue_entry WHERE queue_key = $1";

    private const string ChangesSql = $"""
        SELECT {QueueRows.ChangeColumns} FROM balabaqsha_queue_change
        WHERE queue_key = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3
        """;

    private const string CountSinceSql = """
        SELECT count(*) FILTER (WHERE kind = $3), count(*) FILTER (WHERE kind = $4)
        FROM balabaqsha_queue_change WHERE queue_key = $1 AND at >= $2
        """;

    private readonly NpgsqlDataSource dataSource;

    public PostgresQueueDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);

        // The same few statements run for every change: let Npgsql prepare them on each physical
        // connection (unless the connection string already chose a value).
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        dataSource = builder.Build();
    }

    public async Task<QueueSnapshot> LoadAsync(string queueKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueKey);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // One snapshot for the count, the last sequence and the entries, even while the journal commits.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Statement(CountsSql, Text(queueKey)),
                Statement(EntriesSql, Text(queueKey)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = checked((int)reader.GetInt64(0));
        var lastSequence = reader.GetInt64(1);

        await reader.NextResultAsync(cancellationToken);
        var entries = new List<QueueEntry>(count);
        var categories = new CategoryIds();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(QueueRows.ReadEntry(reader, categories));
        }

        await reader.CloseAsync();
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

        // A batch without an explicit transaction ends in a single Sync: PostgreSQL runs it as one
        // implicit transaction, so a failing statement rolls back the whole batch, and the commit
        // needs no round trip of its own. With synchronous_commit on (the default) it is durable
        // when the batch returns.
        await using var batch = dataSource.CreateBatch();
        foreach (var (queueKey, change) in records)
        {
            batch.BatchCommands.Add(InsertChange(queueKey, change));
            batch.BatchCommands.Add(change.Kind switch
            {
                QueueChangeKind.Entered => UpsertEntry(queueKey, change.After!),
                QueueChangeKind.Moved => Statement(UpdateEntrySql, Text(queueKey), Text(change.After!.Number), Int(change.After.Rank), NullableText(change.After.CategoryId)),
                _ => Statement(DeleteEntrySql, Text(queueKey), Text(change.Before!.Number)),
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<QueueChange>> ReadChangesAsync(string queueKey, long beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueKey);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(ChangesSql);
        command.Parameters.Add(Text(queueKey));
        command.Parameters.Add(Long(beforeSequence));
        command.Parameters.Add(Long(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await QueueRows.ReadChangesAsync(reader, limit, cancellationToken);
    }

    public async Task<(int Entered, int Left)> CountSinceAsync(string queueKey, Instant since, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueKey);
        await using var command = dataSource.CreateCommand(CountSinceSql);
        command.Parameters.Add(Text(queueKey));
        command.Parameters.Add(Long(since.ToUnixTimeTicks()));
        command.Parameters.Add(Short((short)QueueChangeKind.Entered));
        command.Parameters.Add(Short((short)QueueChangeKind.Left));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (checked((int)reader.GetInt64(0)), checked((int)reader.GetInt64(1)));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private static NpgsqlBatchCommand InsertChange(string queueKey, QueueChange change)
    {
        var entry = (change.After ?? change.Before)!;
        return Statement(
            InsertChangeSql,
            Text(queueKey),
            Long(change.Sequence),
            Long(change.At.ToUnixTimeTicks()),
            Short((short)change.Kind),
            Short((short)change.Reason),
            Text(entry.Number),
            Long(entry.SubmittedAt.ToUnixTimeTicks()),
            Int(entry.BirthYear),
            NullableInt(change.Before?.Rank),
            NullableText(change.Before?.CategoryId),
            NullableInt(change.After?.Rank),
            NullableText(change.After?.CategoryId),
            Int(change.PlaceBefore),
            Int(change.PlaceAfter),
            Int(change.BirthYearPlaceBefore),
            Int(change.BirthYearPlaceAfter));
    }

    private static NpgsqlBatchCommand UpsertEntry(string queueKey, QueueEntry entry) => Statement(
        UpsertEntrySql,
        Text(queueKey),
        Text(entry.Number),
        Int(entry.Rank),
        Long(entry.SubmittedAt.ToUnixTimeTicks()),
        Int(entry.BirthYear),
        NullableText(entry.CategoryId),
        NullableText(entry.Language));

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    // Typed parameters: no boxing, and a null keeps its type, so an auto-prepared statement fits every row.
    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<long> Long(long value) => new() { TypedValue = value };

    private static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value };

    private static NpgsqlParameter<short> Short(short value) => new() { TypedValue = value };

    private static NpgsqlParameter NullableInt(int? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value.HasValue ? value.Value : DBNull.Value };

    private static NpgsqlParameter NullableText(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
