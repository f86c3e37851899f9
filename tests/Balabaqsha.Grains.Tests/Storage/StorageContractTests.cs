using Balabaqsha.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Orleans.Storage;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>
/// What the portal relies on from its storage, run against each backend: grain state round trips
/// (NodaTime included), survives restarts, rejects conflicting writes; reminders persist; the schema
/// installer can run again.
/// </summary>
public abstract class StorageContractTests<TFixture>(TFixture fixture)
    where TFixture : StorageBackendFixture
{
    private const string PlainStateName = "storage-tests-plain";

    protected TFixture Fixture { get; } = fixture;

    private static TestState SampleState(string name) => new()
    {
        Name = name,
        CreatedAt = Instant.FromUtc(2026, 11, 24, 6, 0, 15).PlusTicks(1_234_567),
        BirthDate = new LocalDate(2022, 2, 28),
        Wait = Duration.FromDays(400) + Duration.FromTicks(7),
        Deadline = Instant.FromUtc(2027, 1, 10, 4, 0),
        Entries =
        [
            new TestEntry { Day = new LocalDate(2026, 12, 31), Length = Duration.FromHours(36), DecidedAt = null },
            new TestEntry { Day = new LocalDate(2027, 1, 2), Length = Duration.Zero, DecidedAt = Instant.FromUtc(2027, 1, 2, 9, 15) },
        ],
    };

    private static void AssertSameState(TestState expected, TestState actual)
    {
        Assert.Equal(expected with { Entries = [] }, actual with { Entries = [] });
        Assert.Equal(expected.Entries.AsEnumerable(), actual.Entries.AsEnumerable());
    }

    private static void AssertSamePlainState(PlainState expected, PlainState? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Meeting, actual.Meeting);
        Assert.Equal(expected.Meeting.Zone.Id, actual.Meeting.Zone.Id);
        Assert.Equal(expected.Deadline, actual.Deadline);
        Assert.Equal(expected.Days, actual.Days);
        Assert.Equal(expected.Waits.AsEnumerable(), actual.Waits.AsEnumerable());
        Assert.Equal(expected.Enabled, actual.Enabled);
        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.Child, actual.Child);
    }

    private static string NewServiceId(string purpose) => $"{purpose}-{Guid.NewGuid():N}";

    private IGrainStorage Storage(string name = "Default") =>
        Fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(name);

    private static GrainId NewGrainId(string prefix) => GrainId.Create("storage-test", $"{prefix}:{Guid.NewGuid():N}");

    [Fact]
    public async Task PersistentState_WrittenThenGrainDeactivated_ReadsBackEqualState()
    {
        var grain = Fixture.Cluster.Client.GetGrain<ITestStateGrain>($"test:{Guid.NewGuid():N}");
        var state = SampleState("round trip");

        await grain.SetAsync(state);
        await Fixture.Cluster.DeactivateAsync(grain);
        var loaded = await grain.GetAsync();

        AssertSameState(state, loaded);
    }

    [Fact]
    public async Task PersistentState_ClusterRestartedOnSameDatabase_StateSurvives()
    {
        var serviceId = NewServiceId("restart");
        var key = $"test:{Guid.NewGuid():N}";
        var state = SampleState("survivor") with { Deadline = null };

        var first = await Fixture.StartClusterAsync(serviceId);
        try
        {
            await first.Client.GetGrain<ITestStateGrain>(key).SetAsync(state);
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        var second = await Fixture.StartClusterAsync(serviceId);
        try
        {
            var loaded = await second.Client.GetGrain<ITestStateGrain>(key).GetAsync();
            AssertSameState(state, loaded);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task GrainStorage_PlainRecordWithNodaTimeValues_RoundTrips()
    {
        var storage = Storage();
        // A hex-looking key is stored as an integer key without extension (NULL in Orleans).
        var integerLikeId = GrainId.Create("storage-test", "0a1b");
        var stringId = NewGrainId("plain");
        var written = PlainState.Sample("string key");
        var other = PlainState.Sample("integer key") with { Deadline = null, Days = [] };

        await storage.WriteStateAsync(PlainStateName, stringId, new GrainState<PlainState>(written));
        await storage.WriteStateAsync(PlainStateName, integerLikeId, new GrainState<PlainState>(other) { ETag = await CurrentETagAsync(integerLikeId) });
        var read = new GrainState<PlainState>();
        await storage.ReadStateAsync(PlainStateName, stringId, read);
        var readOther = new GrainState<PlainState>();
        await storage.ReadStateAsync(PlainStateName, integerLikeId, readOther);

        Assert.True(read.RecordExists);
        AssertSamePlainState(written, read.State);
        AssertSamePlainState(other, readOther.State);
    }

    // The integer-like id is shared by reruns against the same database; its current ETag is read first.
    private async Task<string?> CurrentETagAsync(GrainId id)
    {
        var current = new GrainState<PlainState>();
        await Storage().ReadStateAsync(PlainStateName, id, current);
        return current.ETag;
    }

    [Fact]
    public async Task GrainStorage_WriteWithStaleETag_ThrowsInconsistentState()
    {
        var storage = Storage();
        var id = NewGrainId("stale-write");
        var current = new GrainState<PlainState>(PlainState.Sample("first"));
        await storage.WriteStateAsync(PlainStateName, id, current);
        var stale = new GrainState<PlainState>(PlainState.Sample("stale")) { ETag = current.ETag, RecordExists = true };
        await storage.WriteStateAsync(PlainStateName, id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(PlainStateName, id, stale));

        var read = new GrainState<PlainState>();
        await storage.ReadStateAsync(PlainStateName, id, read);
        Assert.Equal("first", read.State?.Note);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task GrainStorage_WriteWithoutETagOverExistingRow_ThrowsInconsistentState()
    {
        var storage = Storage();
        var id = NewGrainId("null-etag");
        await storage.WriteStateAsync(PlainStateName, id, new GrainState<PlainState>(PlainState.Sample("first")));
        var secondActivation = new GrainState<PlainState>(PlainState.Sample("never saw the row"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(PlainStateName, id, secondActivation));
    }

    [Fact]
    public async Task GrainStorage_ClearWithStaleETag_ThrowsInconsistentState()
    {
        var storage = Storage();
        var id = NewGrainId("stale-clear");
        var current = new GrainState<PlainState>(PlainState.Sample("first"));
        await storage.WriteStateAsync(PlainStateName, id, current);
        var stale = new GrainState<PlainState>(current.State) { ETag = current.ETag, RecordExists = true };
        await storage.WriteStateAsync(PlainStateName, id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(PlainStateName, id, stale));

        await storage.ClearStateAsync(PlainStateName, id, current);
        var read = new GrainState<PlainState>();
        await storage.ReadStateAsync(PlainStateName, id, read);
        Assert.False(read.RecordExists);
        Assert.Equal(current.ETag, read.ETag);
        Assert.Equal("initial", read.State?.Note);
    }

    [Fact]
    public async Task GrainStorage_StaleETagAfterDeleteAndRewrite_ThrowsInconsistentState()
    {
        var storage = Storage(StorageBackendFixture.DeletingStorageName);
        var id = NewGrainId("delete");
        var current = new GrainState<PlainState>(PlainState.Sample("first"));
        await storage.WriteStateAsync(PlainStateName, id, current);
        var staleFromFirstLife = new GrainState<PlainState>(current.State) { ETag = current.ETag, RecordExists = true };

        await storage.ClearStateAsync(PlainStateName, id, current);
        Assert.Null(current.ETag);
        var afterDelete = new GrainState<PlainState>();
        await storage.ReadStateAsync(PlainStateName, id, afterDelete);
        Assert.False(afterDelete.RecordExists);
        Assert.Null(afterDelete.ETag);

        var reborn = new GrainState<PlainState>(PlainState.Sample("second life"));
        await storage.WriteStateAsync(PlainStateName, id, reborn);
        Assert.NotEqual(staleFromFirstLife.ETag, reborn.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(PlainStateName, id, staleFromFirstLife));
        var read = new GrainState<PlainState>();
        await storage.ReadStateAsync(PlainStateName, id, read);
        Assert.Equal("second life", read.State?.Note);
    }

    [Fact]
    public async Task Reminder_RegisteredThenClusterRestarted_IsReadBackAndCanBeRemoved()
    {
        var serviceId = NewServiceId("reminders");
        var key = $"test:{Guid.NewGuid():N}";
        var period = TimeSpan.FromMinutes(90);

        var first = await Fixture.StartClusterAsync(serviceId);
        try
        {
            await first.Client.GetGrain<ITestStateGrain>(key).RegisterReminderAsync("deadline-check", period);
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        var second = await Fixture.StartClusterAsync(serviceId);
        try
        {
            var grain = second.Client.GetGrain<ITestStateGrain>(key);
            var table = second.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
            var grainId = grain.GetGrainId();

            Assert.True(await grain.HasReminderAsync("deadline-check"));
            var row = await table.ReadRow(grainId, "deadline-check");
            Assert.NotNull(row);
            Assert.Equal(period, row.Period);
            Assert.Equal(grainId, row.GrainId);

            await grain.UnregisterReminderAsync("deadline-check");
            Assert.False(await grain.HasReminderAsync("deadline-check"));
            Assert.Empty((await table.ReadRows(grainId)).Reminders);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReminderTable_ReadRowsByHashRange_ReturnsExactlyTheRowsInTheRingRange()
    {
        var table = Fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var run = Guid.NewGuid().ToString("N");
        var grains = Enumerable.Range(0, 24).Select(i => GrainId.Create("storage-test", $"range:{run}:{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(new ReminderEntry
            {
                GrainId = grain,
                ReminderName = "range",
                StartAt = DateTime.UtcNow,
                Period = TimeSpan.FromMinutes(5),
            });
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        (uint Begin, uint End)[] ranges =
        [
            (hashes[2], hashes[10]),
            (hashes[15], hashes[4]),
            (hashes[5], hashes[5]),
            (0x4000_0000u, 0xC000_0000u),
            (0xC000_0000u, 0x4000_0000u),
        ];

        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(g => InRingRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
            var actual = (await table.ReadRows(begin, end)).Reminders
                .Where(r => r.ReminderName == "range" && grains.Contains(r.GrainId))
                .Select(r => r.GrainId)
                .ToHashSet();
            Assert.Equal(expected, actual);
        }

        static bool InRingRange(uint hash, uint begin, uint end) =>
            begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
    }

    [Fact]
    public async Task SchemaInstaller_AppliedAgainAfterQueryTextChanged_RestoresQueryAndKeepsState()
    {
        var grain = Fixture.Cluster.Client.GetGrain<ITestStateGrain>($"test:{Guid.NewGuid():N}");
        var state = SampleState("kept");
        await grain.SetAsync(state);
        var queryCount = Convert.ToInt64(await Fixture.ScalarAsync("SELECT COUNT(*) FROM orleansquery"));
        var original = (string?)await Fixture.ScalarAsync("SELECT querytext FROM orleansquery WHERE querykey = 'ReadFromStorageKey'");
        await Fixture.ScalarAsync("UPDATE orleansquery SET querytext = 'broken' WHERE querykey = 'ReadFromStorageKey'");

        await Fixture.ApplySchemaAsync();
        await Fixture.ApplySchemaAsync();

        Assert.Equal(queryCount, Convert.ToInt64(await Fixture.ScalarAsync("SELECT COUNT(*) FROM orleansquery")));
        Assert.Equal(original, (string?)await Fixture.ScalarAsync("SELECT querytext FROM orleansquery WHERE querykey = 'ReadFromStorageKey'"));
        await Fixture.Cluster.DeactivateAsync(grain);
        AssertSameState(state, await grain.GetAsync());
    }
}

public sealed class SqliteStorageContractTests(SqliteStorageFixture fixture)
    : StorageContractTests<SqliteStorageFixture>(fixture), IClassFixture<SqliteStorageFixture>;

public sealed class PostgresStorageContractTests(PostgresStorageFixture fixture)
    : StorageContractTests<PostgresStorageFixture>(fixture), IClassFixture<PostgresStorageFixture>;
