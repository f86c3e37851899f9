using System.Net;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>The clustering queries driven through Orleans' own ADO.NET membership table.</summary>
public sealed class PostgresMembershipTableTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    // PostgreSQL keeps microseconds; whole milliseconds compare exactly.
    private static readonly DateTime Now = new(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private AdoNetClusteringTable NewTable(string clusterId, string connectionString) => new(
        new ServiceCollection().BuildServiceProvider(),
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-tests" }),
        Options.Create(new AdoNetClusteringSiloOptions { Invariant = StorageSetup.PostgresInvariant, ConnectionString = connectionString }),
        NullLogger<AdoNetClusteringTable>.Instance);

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime aliveAt) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 7),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Status = status,
        ProxyPort = port + 1000,
        StartTime = aliveAt.AddMinutes(-1),
        IAmAliveTime = aliveAt,
    };

    [Fact]
    public async Task InsertAndUpdateRow_VersionRules_OnlyTheCurrentVersionWins()
    {
        var table = NewTable("versions-" + Guid.NewGuid().ToString("N"), database.ConnectionString);
        await table.InitializeMembershipTableAsync(true);
        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        var silo = Entry(11111, SiloStatus.Joining, Now);

        Assert.True(await table.InsertRowAsync(silo, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(Entry(22222, SiloStatus.Joining, Now), empty.Version.Next()));
        var afterInsert = await table.ReadAllAsync();
        Assert.False(await table.InsertRowAsync(silo, afterInsert.Version.Next()));

        var (stored, etag) = Assert.Single(afterInsert.Members);
        Assert.Equal(silo.SiloAddress, stored.SiloAddress);
        Assert.Equal(silo.SiloName, stored.SiloName);
        Assert.Equal(silo.HostName, stored.HostName);
        Assert.Equal(silo.ProxyPort, stored.ProxyPort);
        Assert.Equal(silo.StartTime, stored.StartTime);
        Assert.Equal(silo.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(empty.Version.Version + 1, afterInsert.Version.Version);

        var suspicion = new Tuple<SiloAddress, DateTime>(SiloAddress.New(IPAddress.Loopback, 33333, 3), Now);
        silo.Status = SiloStatus.Active;
        silo.AddOrUpdateSuspector(suspicion.Item1, suspicion.Item2, 10);
        Assert.False(await table.UpdateRowAsync(silo, etag, empty.Version.Next()));
        Assert.True(await table.UpdateRowAsync(silo, etag, afterInsert.Version.Next()));

        var (updated, _) = Assert.Single((await table.ReadRowAsync(silo.SiloAddress)).Members);
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.NotNull(updated.SuspectTimes);
        var suspector = Assert.Single(updated.SuspectTimes);
        Assert.Equal(suspicion.Item1, suspector.Item1);
    }

    [Fact]
    public async Task UpdateIAmAlive_Heartbeat_ChangesTimeWithoutBumpingVersion()
    {
        var table = NewTable("alive-" + Guid.NewGuid().ToString("N"), database.ConnectionString);
        await table.InitializeMembershipTableAsync(true);
        var silo = Entry(11111, SiloStatus.Active, Now);
        Assert.True(await table.InsertRowAsync(silo, (await table.ReadAllAsync()).Version.Next()));
        var before = await table.ReadAllAsync();

        silo.IAmAliveTime = Now.AddSeconds(30);
        await table.UpdateIAmAliveAsync(silo);

        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version.Version, after.Version.Version);
        Assert.Equal(Now.AddSeconds(30), Assert.Single(after.Members).Item1.IAmAliveTime);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CleanupDefunctSiloEntries_DeadSiloOlderThanCutoff_IsRemovedAndOthersStay(bool withSingleEntryQuery)
    {
        // The single-entry query is optional: without it Orleans runs the bulk query.
        await using var ownDatabase = await PostgresDatabase.CreateAsync();
        if (!withSingleEntryQuery)
        {
            await using var connection = new NpgsqlConnection(ownDatabase.ConnectionString);
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntryKey'", connection);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        var table = NewTable("cleanup-" + Guid.NewGuid().ToString("N"), ownDatabase.ConnectionString);
        await table.InitializeMembershipTableAsync(true);
        var longDead = Entry(11111, SiloStatus.Dead, Now.AddHours(-2));
        var recentlyDead = Entry(22222, SiloStatus.Dead, Now);
        var active = Entry(33333, SiloStatus.Active, Now.AddHours(-2));
        foreach (var entry in new[] { longDead, recentlyDead, active })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now.AddHours(-1)));

        var remaining = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).ToHashSet();
        Assert.Equal(new HashSet<SiloAddress> { recentlyDead.SiloAddress, active.SiloAddress }, remaining);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_WholeDeployment_LeavesOtherDeploymentsAndCanStartAgain()
    {
        var clusterId = "delete-" + Guid.NewGuid().ToString("N");
        var table = NewTable(clusterId, database.ConnectionString);
        var neighbour = NewTable("neighbour-" + Guid.NewGuid().ToString("N"), database.ConnectionString);
        foreach (var t in new[] { table, neighbour })
        {
            await t.InitializeMembershipTableAsync(true);
            Assert.True(await t.InsertRowAsync(Entry(11111, SiloStatus.Active, Now), (await t.ReadAllAsync()).Version.Next()));
        }

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        await table.InitializeMembershipTableAsync(true);

        var restarted = await table.ReadAllAsync();
        Assert.Empty(restarted.Members);
        Assert.Equal(0, restarted.Version.Version);
        Assert.Single((await neighbour.ReadAllAsync()).Members);
    }
}
