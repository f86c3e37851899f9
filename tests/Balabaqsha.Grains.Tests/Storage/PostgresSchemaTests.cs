using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Npgsql;

namespace Balabaqsha.Grains.Tests.Storage;

public sealed class PostgresSchemaTests
{
    private static async Task<List<string>> QueryKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery ORDER BY querykey", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    [Fact]
    public async Task ApplyPostgresAsync_ConcurrentInstallersOnFreshDatabase_AllSucceedWithEveryQueryOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync(applySchema: false);

        // As several silos and web servers starting at the same moment would.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SchemaInstaller.ApplyPostgresAsync(database.ConnectionString))));

        Assert.Equal(
            [
                "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey",
                "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "GatewaysQueryKey",
                "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
                "ReadFromStorageKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
                "ReadReminderRowsKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "UpsertReminderRowKey",
                "WriteToStorageKey",
            ],
            await QueryKeysAsync(database.ConnectionString));
    }

    [Fact]
    public async Task ApplyPostgresAsync_AppliedTwice_KeepsDataProtectionKeys()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        new PostgresXmlRepository(database.ConnectionString).StoreElement(new System.Xml.Linq.XElement("key", "kept"), "key-1");

        await SchemaInstaller.ApplyPostgresAsync(database.ConnectionString);

        Assert.Single(new PostgresXmlRepository(database.ConnectionString).GetAllElements());
    }
}
