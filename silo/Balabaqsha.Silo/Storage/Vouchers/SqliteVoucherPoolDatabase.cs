using Balabaqsha.Grains.Vouchers;
using Microsoft.Data.Sqlite;

namespace Balabaqsha.Silo.Storage.Vouchers;

/// <summary>
/// The voucher pools' tables in the embedded default's SQLite file (<c>Sql/sqlite/006-voucher-pools.sql</c>).
/// Connections come from the silo's <see cref="SqlitePragmaDataSource"/>, so a writer waits for another one
/// through <c>busy_timeout</c> instead of failing.
/// </summary>
public sealed class SqliteVoucherPoolDatabase(SqlitePragmaDataSource dataSource) : IVoucherPoolDatabase
{
    private const string PoolSql = "SELECT version, offered, accepted, annulled, publications FROM balabaqsha_pool WHERE pool_key = @pool_key;";

    private const string ClaimedSql = """
        SELECT voucher_id, state, number, kindergarten_id, group_id FROM balabaqsha_pool_voucher
        WHERE pool_key = @pool_key AND state <> 2;
        """;

    private const string EnrolledSql = """
        SELECT kindergarten_id, group_id, count(*) FROM balabaqsha_pool_voucher
        WHERE pool_key = @pool_key AND state = 2 GROUP BY kindergarten_id, group_id;
        """;

    private const string InsertPoolSql = """
        INSERT INTO balabaqsha_pool (pool_key, version, offered, accepted, annulled, publications)
        VALUES (@pool_key, 1, @offered, @accepted, @annulled, @publications)
        ON CONFLICT (pool_key) DO NOTHING;
        """;

    // A null @publications keeps the stored ones.
    private const string UpdatePoolSql = """
        UPDATE balabaqsha_pool SET version = version + 1, offered = @offered, accepted = @accepted, annulled = @annulled,
            publications = coalesce(@publications, publications)
        WHERE pool_key = @pool_key AND version = @version;
        """;

    private const string UpsertVoucherSql = """
        INSERT INTO balabaqsha_pool_voucher (pool_key, voucher_id, state, number, kindergarten_id, group_id)
        VALUES (@pool_key, @voucher_id, @state, @number, @kindergarten_id, @group_id)
        ON CONFLICT (pool_key, voucher_id) DO UPDATE SET
            state = excluded.state, number = excluded.number, kindergarten_id = excluded.kindergarten_id, group_id = excluded.group_id;
        """;

    private const string DeleteVoucherSql = "DELETE FROM balabaqsha_pool_voucher WHERE pool_key = @pool_key AND voucher_id = @voucher_id;";

    private readonly SqlitePragmaDataSource dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<StoredPool?> LoadAsync(string poolKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(poolKey);
        await using var connection = await OpenAsync(cancellationToken);

        // A deferred (read) transaction: the pool row and its vouchers come from one snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("@pool_key", poolKey);

        command.CommandText = PoolSql;
        long version;
        string publications;
        PoolCounters counters;
        await using (var pool = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await pool.ReadAsync(cancellationToken))
            {
                return null;
            }

            version = pool.GetInt64(0);
            counters = new PoolCounters(pool.GetInt32(1), pool.GetInt32(2), pool.GetInt32(3));
            publications = pool.GetString(4);
        }

        command.CommandText = ClaimedSql;
        List<PoolVoucherRow> claimed;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            claimed = await PoolRows.ReadClaimedAsync(reader, cancellationToken);
        }

        command.CommandText = EnrolledSql;
        List<EnrolledCount> enrolled;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            enrolled = await PoolRows.ReadEnrolledAsync(reader, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoredPool(version, PoolRows.ReadPublications(publications), counters, claimed, enrolled);
    }

    public async Task<long> WriteAsync(PoolWrite write, CancellationToken cancellationToken = default)
    {
        PoolRows.Validate(write);
        await using var connection = await OpenAsync(cancellationToken);

        // BEGIN IMMEDIATE: take the write lock up front (waiting through busy_timeout), instead of failing
        // when a read transaction is upgraded while another writer holds the lock.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var pool = connection.CreateCommand())
        {
            pool.Transaction = transaction;
            pool.CommandText = write.ExpectedVersion == 0 ? InsertPoolSql : UpdatePoolSql;
            pool.Parameters.AddWithValue("@pool_key", write.PoolKey);
            pool.Parameters.AddWithValue("@offered", write.Counters.Offered);
            pool.Parameters.AddWithValue("@accepted", write.Counters.Accepted);
            pool.Parameters.AddWithValue("@annulled", write.Counters.Annulled);
            pool.Parameters.Add("@publications", SqliteType.Text).Value =
                write.Publications is null ? DBNull.Value : PoolRows.PublicationsJson(write.Publications);
            if (write.ExpectedVersion != 0)
            {
                pool.Parameters.AddWithValue("@version", write.ExpectedVersion);
            }

            if (await pool.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                // Nothing written yet: disposing the transaction rolls it back.
                throw PoolRows.VersionConflict(write);
            }
        }

        if (write.Upserts.Count > 0)
        {
            // Prepared on its first execution and reused for the other rows.
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = UpsertVoucherSql;
            var parameters = upsert.Parameters;
            parameters.Add("@pool_key", SqliteType.Text).Value = write.PoolKey;
            var voucherId = parameters.Add("@voucher_id", SqliteType.Text);
            var state = parameters.Add("@state", SqliteType.Integer);
            var number = parameters.Add("@number", SqliteType.Text);
            var kindergartenId = parameters.Add("@kindergarten_id", SqliteType.Text);
            var groupId = parameters.Add("@group_id", SqliteType.Text);
            foreach (var row in write.Upserts)
            {
                voucherId.Value = row.VoucherId;
                state.Value = (int)row.State;
                number.Value = row.Number;
                kindergartenId.Value = (object?)row.KindergartenId ?? DBNull.Value;
                groupId.Value = (object?)row.GroupId ?? DBNull.Value;
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (write.Deletes.Count > 0)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = DeleteVoucherSql;
            delete.Parameters.Add("@pool_key", SqliteType.Text).Value = write.PoolKey;
            var voucherId = delete.Parameters.Add("@voucher_id", SqliteType.Text);
            foreach (var id in write.Deletes)
            {
                voucherId.Value = id;
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // synchronous stays FULL (SqlitePragmaDataSource): the commit is durable when it returns.
        await transaction.CommitAsync(cancellationToken);
        return write.ExpectedVersion + 1;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken);
}
