using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Grains.Vouchers;
using Balabaqsha.Silo.Storage;
using Balabaqsha.Silo.Storage.Vouchers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Orleans.Storage;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>
/// What the voucher pool grain relies on from its tables, run against each backend: a write lands whole or
/// not at all, touches only the rows it names, keeps the publications when it carries none, refuses a stale
/// version (a second activation), and a load gives back the pool row, the outstanding and held vouchers and
/// the enrolled ones counted per group. Every test works on pools of its own, so a class shares one database.
/// </summary>
public abstract class VoucherPoolDatabaseTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 9, 1, 4, 30, 15).PlusTicks(1_234_567);

    protected abstract IVoucherPoolDatabase Database { get; }

    private static string NewPoolKey() => $"pool:test-{Guid.NewGuid():N}:general:-:ru:2023";

    private static PoolVoucherRow Outstanding(string id, string number) => new(id, PoolVoucherState.Outstanding, number);

    private static PoolVoucherRow Held(string id, string number, string group = "g1") => new(id, PoolVoucherState.Held, number, "k-001", group);

    private static PoolVoucherRow Enrolled(string id, string number, string group = "g1") => new(id, PoolVoucherState.Enrolled, number, "k-001", group);

    private static PoolWrite First(string poolKey, params PoolVoucherRow[] rows) =>
        new(poolKey, 0, [new Publication("k-001", "g1", 10, T0)], new PoolCounters(rows.Length, 0, 0), rows, []);

    private static PoolWrite Next(string poolKey, long version, PoolVoucherRow[] upserts, string[]? deletes = null, PoolCounters counters = default) =>
        new(poolKey, version, null, counters, upserts, deletes ?? []);

    private async Task<StoredPool> LoadAsync(string poolKey) =>
        await Database.LoadAsync(poolKey) ?? throw new Xunit.Sdk.XunitException($"{poolKey} has no row.");

    private static IEnumerable<PoolVoucherRow> Sorted(IEnumerable<PoolVoucherRow> rows) => rows.OrderBy(r => r.VoucherId, StringComparer.Ordinal);

    [Fact]
    public void PoolVoucherState_Numbers_AreTheOnesTheTablesStore()
    {
        Assert.Equal([0, 1, 2], Enum.GetValues<PoolVoucherState>().Select(s => (int)s));
    }

    [Fact]
    public async Task LoadAsync_NeverWritten_Null()
    {
        Assert.Null(await Database.LoadAsync(NewPoolKey()));
    }

    [Fact]
    public async Task WriteAsync_FirstWrite_ReadsBackEveryField()
    {
        var pool = NewPoolKey();
        Publication[] publications =
        [
            new("k-002", "g7", 3, T0.PlusTicks(1)),
            new("k-001", "g1", 100, Instant.FromUtc(2031, 12, 31, 23, 59, 59)),
            new("k-001", "кіші топ «Күншуақ»", 0, Instant.FromUtc(1999, 1, 1, 0, 0)),
        ];

        var version = await Database.WriteAsync(new PoolWrite(
            pool, 0, publications, new PoolCounters(12, 7, 3),
            [Outstanding("v1", "A-001"), Held("v2", "A-002", "g7") with { KindergartenId = "k-002" }, Enrolled("v3", "A-003"), Enrolled("v4", "A-004"), Enrolled("v5", "A-005", "g2")],
            []));

        var stored = await LoadAsync(pool);
        Assert.Equal(1, version);
        Assert.Equal(1, stored.Version);
        Assert.Equal(publications, stored.Publications);
        Assert.Equal(new PoolCounters(12, 7, 3), stored.Counters);
        Assert.Equal([Outstanding("v1", "A-001"), new PoolVoucherRow("v2", PoolVoucherState.Held, "A-002", "k-002", "g7")], Sorted(stored.Claimed));
        Assert.Equal([new EnrolledCount("k-001", "g1", 2), new EnrolledCount("k-001", "g2", 1)], stored.Enrolled.OrderBy(e => e.GroupId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_LaterChanges_TouchOnlyTheirRowsAndKeepThePublications()
    {
        var pool = NewPoolKey();
        await Database.WriteAsync(First(pool, Outstanding("v1", "A-001"), Outstanding("v2", "A-002"), Outstanding("v3", "A-003"), Enrolled("v0", "A-000")));

        // The parent of v1 requests a place, v2 is annulled, v4 is reserved; then v1 is enrolled.
        var second = await Database.WriteAsync(Next(pool, 1, [Held("v1", "A-001"), Outstanding("v4", "A-004")], ["v2"], new PoolCounters(4, 1, 1)));
        var third = await Database.WriteAsync(Next(pool, second, [Enrolled("v1", "A-001")], counters: new PoolCounters(4, 1, 1)));

        var stored = await LoadAsync(pool);
        Assert.Equal((2L, 3L, 3L), (second, third, stored.Version));
        Assert.Equal([new Publication("k-001", "g1", 10, T0)], stored.Publications);
        Assert.Equal(new PoolCounters(4, 1, 1), stored.Counters);
        Assert.Equal([Outstanding("v3", "A-003"), Outstanding("v4", "A-004")], Sorted(stored.Claimed));
        Assert.Equal([new EnrolledCount("k-001", "g1", 2)], stored.Enrolled);
    }

    [Fact]
    public async Task WriteAsync_NewPublications_ReplaceTheStoredOnes()
    {
        var pool = NewPoolKey();
        await Database.WriteAsync(First(pool));
        Publication[] changed = [new("k-001", "g1", 4, T0 + Duration.FromDays(1)), new("k-003", "g2", 2, T0 + Duration.FromDays(2))];

        await Database.WriteAsync(new PoolWrite(pool, 1, changed, default, [], []));
        var afterChange = (await LoadAsync(pool)).Publications;
        await Database.WriteAsync(new PoolWrite(pool, 2, [], default, [], []));

        Assert.Equal(changed, afterChange);
        Assert.Empty((await LoadAsync(pool)).Publications);
    }

    [Fact]
    public async Task WriteAsync_StaleVersion_ThrowsInconsistentStateAndWritesNothing()
    {
        var pool = NewPoolKey();
        await Database.WriteAsync(First(pool, Outstanding("v1", "A-001"), Outstanding("v2", "A-002")));
        await Database.WriteAsync(Next(pool, 1, [Held("v1", "A-001")], counters: new PoolCounters(2, 0, 0)));
        var before = await LoadAsync(pool);

        // An activation that read version 1 writes after another one wrote version 2; and one that believes the pool new.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Database.WriteAsync(
            new PoolWrite(pool, 1, [], new PoolCounters(9, 9, 9), [Outstanding("v3", "A-003"), Enrolled("v1", "A-001")], ["v2"])));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Database.WriteAsync(First(pool, Outstanding("v4", "A-004"))));

        var after = await LoadAsync(pool);
        Assert.Equal(2, after.Version);
        Assert.Equal(before.Publications, after.Publications);
        Assert.Equal(before.Counters, after.Counters);
        Assert.Equal(Sorted(before.Claimed), Sorted(after.Claimed));
        Assert.Empty(after.Enrolled);
    }

    [Fact]
    public async Task WriteAsync_VersionOfAPoolNeverWritten_ThrowsAndCreatesNothing()
    {
        var pool = NewPoolKey();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Database.WriteAsync(Next(pool, 3, [Outstanding("v1", "A-001")])));

        Assert.Null(await Database.LoadAsync(pool));
    }

    [Fact]
    public async Task WriteAsync_SameVersionFromTwoWritersAtOnce_ExactlyOneWins()
    {
        var pool = NewPoolKey();
        await Database.WriteAsync(First(pool));

        var results = await Task.WhenAll(Enumerable.Range(1, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                await Database.WriteAsync(Next(pool, 1, [Outstanding($"v{i}", $"A-00{i}")], counters: new PoolCounters(i, 0, 0)));
                return i;
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        })));

        var winner = Assert.Single(results, r => r != 0);
        var stored = await LoadAsync(pool);
        Assert.Equal(2, stored.Version);
        Assert.Equal([Outstanding($"v{winner}", $"A-00{winner}")], stored.Claimed);
        Assert.Equal(winner, stored.Counters.Offered);
    }

    [Fact]
    public async Task WriteAsync_RowsThatContradictEachOther_RefusedBeforeWriting()
    {
        var pool = NewPoolKey();

        await Assert.ThrowsAsync<ArgumentException>(() => Database.WriteAsync(First(pool, new PoolVoucherRow("v1", PoolVoucherState.Held, "A-001"))));
        await Assert.ThrowsAsync<ArgumentException>(() => Database.WriteAsync(First(pool, Outstanding("v1", "A-001") with { GroupId = "g1" })));
        await Assert.ThrowsAsync<ArgumentException>(() => Database.WriteAsync(First(pool, Outstanding("v1", "A-001"), Held("v1", "A-001"))));
        await Assert.ThrowsAsync<ArgumentException>(() => Database.WriteAsync(First(pool, Outstanding("v1", "A-001")) with { Deletes = ["v1"] }));
        await Assert.ThrowsAsync<ArgumentException>(() => Database.WriteAsync(First(pool) with { Publications = null }));
        await Assert.ThrowsAsync<ArgumentException>(() => Database.WriteAsync(First(pool, new PoolVoucherRow("v1", (PoolVoucherState)7, "A-001", "k-001", "g1"))));

        Assert.Null(await Database.LoadAsync(pool));
    }

    [Fact]
    public async Task WriteAsync_TwoPoolsSameVoucherIds_KeptApart()
    {
        var (first, second) = (NewPoolKey(), NewPoolKey());
        await Database.WriteAsync(First(first, Outstanding("v1", "A-001")));
        await Database.WriteAsync(First(second, Held("v1", "B-001")));

        await Database.WriteAsync(Next(first, 1, [], ["v1"]));

        Assert.Empty((await LoadAsync(first)).Claimed);
        Assert.Equal([Held("v1", "B-001")], (await LoadAsync(second)).Claimed);
    }

    [Fact]
    public async Task WriteAsync_RemovingAVoucherWithoutARow_ChangesNothingElse()
    {
        var pool = NewPoolKey();
        await Database.WriteAsync(First(pool, Outstanding("v1", "A-001")));

        var version = await Database.WriteAsync(Next(pool, 1, [], ["never-written"], new PoolCounters(1, 0, 1)));

        var stored = await LoadAsync(pool);
        Assert.Equal((2L, 2L), (version, stored.Version));
        Assert.Equal([Outstanding("v1", "A-001")], stored.Claimed);
    }

    [Fact]
    public async Task WriteAsync_ThousandsOfVouchersInOneWrite_AllLandAndLoadBack()
    {
        var pool = NewPoolKey();
        var rows = Enumerable.Range(0, 3000).Select(i => (i % 3) switch
        {
            0 => Outstanding($"v{i:D5}", $"N-{i:D5}"),
            1 => Held($"v{i:D5}", $"N-{i:D5}", $"g{i % 4}"),
            _ => Enrolled($"v{i:D5}", $"N-{i:D5}", $"g{i % 5}"),
        }).ToArray();

        await Database.WriteAsync(First(pool, rows));
        await Database.WriteAsync(Next(pool, 1, [], [.. rows.Where(r => r.State != PoolVoucherState.Enrolled).Take(500).Select(r => r.VoucherId)]));

        var stored = await LoadAsync(pool);
        Assert.Equal(2000 - 500, stored.Claimed.Count);
        Assert.Equal(1000, stored.Enrolled.Sum(e => e.Count));
        Assert.Equal(5, stored.Enrolled.Count);
        Assert.Equal(Sorted(rows.Where(r => r.State != PoolVoucherState.Enrolled).Skip(500)), Sorted(stored.Claimed));
    }
}

/// <summary>A SQLite file with the schema applied, shared by the tests of one class.</summary>
public sealed class SqliteVoucherPoolDatabaseFixture() : SqliteSchemaFixture("pools")
{
    public SqliteVoucherPoolDatabase Database { get; private set; } = null!;

    protected override void Created() => Database = new SqliteVoucherPoolDatabase(DataSource);
}

public sealed class SqliteVoucherPoolDatabaseTests(SqliteVoucherPoolDatabaseFixture fixture)
    : VoucherPoolDatabaseTests, IClassFixture<SqliteVoucherPoolDatabaseFixture>
{
    protected override IVoucherPoolDatabase Database => fixture.Database;
}

public sealed class PostgresVoucherPoolDatabaseTests(PostgresDatabaseFixture fixture)
    : VoucherPoolDatabaseTests, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresVoucherPoolDatabase database = null!;

    protected override IVoucherPoolDatabase Database => database;

    public Task InitializeAsync()
    {
        database = new PostgresVoucherPoolDatabase(fixture.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();
}

public sealed class VoucherPoolDatabaseRegistrationTests
{
    [Theory]
    [InlineData(StorageBackend.Sqlite, "Data Source=unused-pools.db", typeof(SqliteVoucherPoolDatabase))]
    [InlineData(StorageBackend.Postgres, "Host=127.0.0.1;Database=unused", typeof(PostgresVoucherPoolDatabase))]
    public async Task AddBalabaqshaStorage_CalledTwice_OneVoucherPoolDatabaseOfTheBackend(StorageBackend backend, string connectionString, Type expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddBalabaqshaStorage(backend, connectionString).AddBalabaqshaStorage(backend, connectionString));
        await using var services = builder.Services.BuildServiceProvider();

        Assert.Single(builder.Services, descriptor => descriptor.ServiceType == typeof(IVoucherPoolDatabase));
        Assert.IsType(expected, services.GetRequiredService<IVoucherPoolDatabase>());
    }
}
