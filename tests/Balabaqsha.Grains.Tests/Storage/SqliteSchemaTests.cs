using Balabaqsha.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Balabaqsha.Grains.Tests.Storage;

public sealed class SqliteSchemaTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "bq-sqlite-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(folder, "nested", "portal.db");

    private string ConnectionString => $"Data Source={DatabasePath};Pooling=True";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task ApplySqliteAsync_FolderMissing_CreatesDatabaseInWalModeWithAllQueries()
    {
        await SchemaInstaller.ApplySqliteAsync(ConnectionString);

        Assert.True(File.Exists(DatabasePath));
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        var keys = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            [
                "ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey",
                "ReadFromStorageKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
                "ReadReminderRowsKey", "UpsertReminderRowKey", "WriteToStorageKey",
            ],
            keys);
    }

    [Fact]
    public async Task ApplySqliteAsync_RunConcurrentlyOnNewFile_AllSucceed()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SchemaInstaller.ApplySqliteAsync(ConnectionString))));

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(11L, await ScalarAsync(connection, "SELECT COUNT(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task SqlitePragmaDataSource_EveryWayOfOpening_SetsBusyTimeoutAndKeepsFullSynchronous()
    {
        await SchemaInstaller.ApplySqliteAsync(ConnectionString);
        var dataSource = new SqlitePragmaDataSource(ConnectionString);

        await using var openedByDataSource = await dataSource.OpenConnectionAsync();
        await using var openedByCaller = dataSource.CreateConnection();
        await openedByCaller.OpenAsync();
        await using var openedSynchronously = dataSource.OpenConnection();

        foreach (var connection in new[] { openedByDataSource, openedByCaller, openedSynchronously })
        {
            Assert.IsAssignableFrom<SqliteConnection>(connection);
            Assert.Equal((long)SqlitePragmaDataSource.DefaultBusyTimeoutMilliseconds, await ScalarAsync((SqliteConnection)connection, "PRAGMA busy_timeout;"));
            // 2 = FULL: a committed write survives a power cut.
            Assert.Equal(2L, await ScalarAsync((SqliteConnection)connection, "PRAGMA synchronous;"));
        }

        // A plain connection shows what the data source adds.
        await using var plain = new SqliteConnection(ConnectionString);
        await plain.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(plain, "PRAGMA busy_timeout;"));
    }

    [Fact]
    public async Task SqlitePragmaDataSource_WriterHoldsLock_SecondWriterWaitsInsteadOfFailing()
    {
        await SchemaInstaller.ApplySqliteAsync(ConnectionString);
        var dataSource = new SqlitePragmaDataSource(ConnectionString, busyTimeoutMilliseconds: 10_000);
        await using var holder = (SqliteConnection)await dataSource.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await holder.BeginTransactionAsync();
        await using (var hold = holder.CreateCommand())
        {
            hold.Transaction = transaction;
            hold.CommandText = "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('HeldKey', 'x')";
            await hold.ExecuteNonQueryAsync();
        }

        var secondWriter = Task.Run(async () =>
        {
            await using var writer = (SqliteConnection)await dataSource.OpenConnectionAsync();
            await using var command = writer.CreateCommand();
            // A short command timeout: only SQLite's busy handler (busy_timeout) can make it wait.
            command.CommandTimeout = 1;
            command.CommandText = "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WaitingKey', 'y')";
            return await command.ExecuteNonQueryAsync();
        });
        await Task.Delay(1500);
        Assert.False(secondWriter.IsCompleted);
        await transaction.CommitAsync();

        Assert.Equal(1, await secondWriter.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
