using System.Data;
using Balabaqsha.Grains.Vouchers;
using Npgsql;
using NpgsqlTypes;

namespace Balabaqsha.Silo.Storage.Vouchers;

/// <summary>
/// The voucher pools' tables in the cluster's PostgreSQL database (<c>Sql/postgres/009-voucher-pools.sql</c>).
/// A write is one <see cref="NpgsqlBatch"/> of at most three statements, whatever the number of rows (the
/// voucher rows travel as arrays), in a transaction that commits only when the pool row was at the expected
/// version: two round trips.
/// </summary>
public sealed class PostgresVoucherPoolDatabase : IVoucherPoolDatabase, IAsyncDisposable, IDisposable
{
    // Positional parameters ($1…): Npgsql sends the text as it is instead of rewriting named ones.
    private const string PoolSql = "SELECT version, offered, accepted, annulled, publications::text FROM balabaqsha_pool WHERE pool_key = $1";

    private const string ClaimedSql = """
        SELECT voucher_id, state, number, kindergarten_id, group_id FROM balabaqsha_pool_voucher
        WHERE pool_key = $1 AND state <> 2
        """;

    private const string EnrolledSql = """
        SELECT kindergarten_id, group_id, count(*) FROM balabaqsha_pool_voucher
        WHERE pool_key = $1 AND state = 2 GROUP BY kindergarten_id, group_id
        """;

    private const string InsertPoolSql = """
        INSERT INTO balabaqsha_pool (pool_key, version, offered, accepted, annulled, publications)
        VALUES ($1, 1, $2, $3, $4, $5)
        ON CONFLICT (pool_key) DO NOTHING
        """;

    // A null $5 keeps the stored publications.
    private const string UpdatePoolSql = """
        UPDATE balabaqsha_pool SET version = version + 1, offered = $2, accepted = $3, annulled = $4,
            publications = coalesce($5, publications)
        WHERE pool_key = $1 AND version = $6
        """;

    // One statement for any number of rows; the rows of one write name each voucher once.
    private const string UpsertVouchersSql = """
        INSERT INTO balabaqsha_pool_voucher (pool_key, voucher_id, state, number, kindergarten_id, group_id)
        SELECT $1, v.voucher_id, v.state, v.number, v.kindergarten_id, v.group_id
        FROM unnest($2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[]) AS v(voucher_id, state, number, kindergarten_id, group_id)
        ON CONFLICT (pool_key, voucher_id) DO UPDATE SET
            state = excluded.state, number = excluded.number, kindergarten_id = excluded.kindergarten_id, group_id = excluded.group_id
        """;

    private const string DeleteVouchersSql = "DELETE FROM balabaqsha_pool_voucher WHERE pool_key = $1 AND voucher_id = ANY($2)";

    private readonly NpgsqlDataSource dataSource;

    public PostgresVoucherPoolDatabase(string connectionString)
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

    public async Task<StoredPool?> LoadAsync(string poolKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(poolKey);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // One snapshot for the pool row and its vouchers, even while a write commits.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Statement(PoolSql, Text(poolKey)),
                Statement(ClaimedSql, Text(poolKey)),
                Statement(EnrolledSql, Text(poolKey)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var version = reader.GetInt64(0);
        var counters = new PoolCounters(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        var publications = PoolRows.ReadPublications(reader.GetString(4));

        await reader.NextResultAsync(cancellationToken);
        var claimed = await PoolRows.ReadClaimedAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var enrolled = await PoolRows.ReadEnrolledAsync(reader, cancellationToken);
        await reader.CloseAsync();
        await transaction.CommitAsync(cancellationToken);
        return new StoredPool(version, publications, counters, claimed, enrolled);
    }

    public async Task<long> WriteAsync(PoolWrite write, CancellationToken cancellationToken = default)
    {
        PoolRows.Validate(write);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var publications = new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = write.Publications is null ? DBNull.Value : PoolRows.PublicationsJson(write.Publications),
        };
        batch.BatchCommands.Add(write.ExpectedVersion == 0
            ? Statement(InsertPoolSql, Text(write.PoolKey), Int(write.Counters.Offered), Int(write.Counters.Accepted), Int(write.Counters.Annulled), publications)
            : Statement(UpdatePoolSql, Text(write.PoolKey), Int(write.Counters.Offered), Int(write.Counters.Accepted), Int(write.Counters.Annulled), publications, Long(write.ExpectedVersion)));

        if (write.Upserts.Count > 0)
        {
            var rows = write.Upserts;
            batch.BatchCommands.Add(Statement(
                UpsertVouchersSql,
                Text(write.PoolKey),
                new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.VoucherId)] },
                new NpgsqlParameter<short[]> { TypedValue = [.. rows.Select(r => (short)r.State)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Number)] },
                new NpgsqlParameter<string?[]> { TypedValue = [.. rows.Select(r => r.KindergartenId)] },
                new NpgsqlParameter<string?[]> { TypedValue = [.. rows.Select(r => r.GroupId)] }));
        }

        if (write.Deletes.Count > 0)
        {
            batch.BatchCommands.Add(Statement(DeleteVouchersSql, Text(write.PoolKey), new NpgsqlParameter<string[]> { TypedValue = [.. write.Deletes] }));
        }

        // One round trip for BEGIN and every statement; the commit is the second. With synchronous_commit on
        // (the default) the change is durable when the commit returns.
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (batch.BatchCommands[0].RecordsAffected != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw PoolRows.VersionConflict(write);
        }

        await transaction.CommitAsync(cancellationToken);
        return write.ExpectedVersion + 1;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value };

    private static NpgsqlParameter<long> Long(long value) => new() { TypedValue = value };
}
