using System.Data.Common;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Grains.Queues;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Balabaqsha.Silo.Storage.Queues;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>
/// What the queue grain relies on from its tables, run against each backend: writes land atomically
/// and in order, a load gives back the waiting entries and the last sequence, the change log gives
/// back every field, and the journal groups concurrent appends into few transactions. Every test
/// works on queues of its own, so the tests of a class share one database.
/// </summary>
public abstract class QueueDatabaseTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 9, 1, 4, 30, 15).PlusTicks(1_234_567);

    protected abstract IQueueDatabase Database { get; }

    private static string NewQueueKey() => $"queue:test-{Guid.NewGuid():N}:general";

    private static QueueEntry Entry(string number, int rank = 100, int birthYear = 2022, string? category = null, int minutes = 0) =>
        new(number, rank, T0.Plus(Duration.FromMinutes(minutes)), birthYear, category);

    private static JournalRecord Entered(string queueKey, long sequence, QueueEntry entry, int place = 1, Instant? at = null) =>
        new(queueKey, QueueChange.Entered(sequence, at ?? T0, QueueChangeReason.Submitted, entry, place, place));

    private static JournalRecord Left(string queueKey, long sequence, QueueEntry entry, Instant? at = null) =>
        new(queueKey, QueueChange.Left(sequence, at ?? T0, QueueChangeReason.Withdrawn, entry, 1, 1));

    private async Task<IReadOnlyList<QueueEntry>> EntriesAsync(string queueKey) =>
        [.. (await Database.LoadAsync(queueKey)).Entries.OrderBy(entry => entry.Number, StringComparer.Ordinal)];

    [Fact]
    public async Task LoadAsync_NothingWritten_EmptyAndSequenceZero()
    {
        var snapshot = await Database.LoadAsync(NewQueueKey());

        Assert.Empty(snapshot.Entries);
        Assert.Equal(0, snapshot.LastSequence);
    }

    [Fact]
    public async Task LoadAsync_AfterEnteredMovedLeft_WaitingEntriesAndLastSequence()
    {
        var queue = NewQueueKey();
        var first = Entry("A-001", minutes: 1);
        var second = Entry("A-002", minutes: 2, birthYear: 2021);
        var third = Entry("A-003", minutes: 3);
        var secondPromoted = second with { Rank = 10, CategoryId = "category:disability" };

        await Database.WriteAsync([Entered(queue, 1, first), Entered(queue, 2, second, 2)]);
        await Database.WriteAsync(
        [
            Entered(queue, 3, third, 3),
            new(queue, QueueChange.Moved(4, T0, QueueChangeReason.PriorityConfirmed, second, secondPromoted, 2, 1, 1, 1)),
            Left(queue, 5, first),
        ]);

        var snapshot = await Database.LoadAsync(queue);
        Assert.Equal(5, snapshot.LastSequence);
        Assert.Equal([secondPromoted, third], await EntriesAsync(queue));
    }

    [Fact]
    public async Task ReadChangesAsync_EveryKindAndField_ReadsBackEqualChanges()
    {
        var queue = NewQueueKey();
        var plain = new QueueEntry("S-2026-000017", 100, T0, 2020);
        var withCategory = plain with { Rank = 20, CategoryId = "category:large-family" };
        var otherCategory = withCategory with { Rank = 5, CategoryId = "category:orphan" };
        QueueChange[] written =
        [
            QueueChange.Entered(1, T0.PlusTicks(1), QueueChangeReason.DocumentsConfirmed, plain, 12_345, 678),
            QueueChange.Moved(2, T0.PlusNanoseconds(900), QueueChangeReason.PriorityConfirmed, plain, withCategory, 12_345, 40, 678, 3),
            QueueChange.Moved(3, T0 + Duration.FromDays(400), QueueChangeReason.CategoryRankChanged, withCategory, otherCategory, 40, 2, 3, 1),
            QueueChange.Moved(4, Instant.FromUtc(2031, 12, 31, 23, 59, 59), QueueChangeReason.PriorityWithdrawn, otherCategory, plain, 2, 900, 1, 77),
            QueueChange.Left(5, Instant.FromUtc(1999, 1, 1, 0, 0), QueueChangeReason.VoucherOffered, plain, 900, 77),
            QueueChange.Entered(6, T0, QueueChangeReason.ReturnedFromStopList, otherCategory, 2, 1),
            QueueChange.Left(7, T0, QueueChangeReason.Archived, otherCategory, 2, 1),
        ];

        await Database.WriteAsync([.. written.Select(change => new JournalRecord(queue, change))]);
        var read = await Database.ReadChangesAsync(queue, long.MaxValue, 100);

        Assert.Equal(written.Reverse(), read);
        Assert.Null(read[^1].Before);
        Assert.Null(read[^2].Before!.CategoryId);
        Assert.Equal("category:orphan", read[0].Before!.CategoryId);
    }

    [Fact]
    public async Task ReadChangesAsync_Paging_NewestFirstWithoutGapsOrRepeats()
    {
        var queue = NewQueueKey();
        await Database.WriteAsync([.. Enumerable.Range(1, 25).Select(i => Entered(queue, i, Entry($"P-{i:D3}"), i))]);

        var pages = new List<IReadOnlyList<QueueChange>>();
        var before = long.MaxValue;
        while (true)
        {
            var page = await Database.ReadChangesAsync(queue, before, 10);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page);
            before = page[^1].Sequence;
        }

        Assert.Equal([10, 10, 5], pages.Select(page => page.Count));
        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => (long)i), pages.SelectMany(page => page).Select(change => change.Sequence));
        Assert.Equal([15L, 14L], (await Database.ReadChangesAsync(queue, 16, 2)).Select(change => change.Sequence));
        Assert.Empty(await Database.ReadChangesAsync(queue, 1, 10));
    }

    [Fact]
    public async Task CountSinceAsync_ChangesBeforeAndAfter_CountsOnlyEnteredAndLeftSinceTheInstant()
    {
        var queue = NewQueueKey();
        var day = Duration.FromDays(1);
        var (a, b, c) = (Entry("C-001"), Entry("C-002"), Entry("C-003"));
        await Database.WriteAsync(
        [
            Entered(queue, 1, a, at: T0),
            Entered(queue, 2, b, at: T0 + day),
            Entered(queue, 3, c, at: T0 + (2 * day)),
            new(queue, QueueChange.Moved(4, T0 + (2 * day), QueueChangeReason.PriorityConfirmed, c, c with { Rank = 1 }, 3, 1, 3, 1)),
            Left(queue, 5, a, at: T0 + (3 * day)),
        ]);
        await Database.WriteAsync([Entered(NewQueueKey(), 1, a, at: T0 + (3 * day))]);

        Assert.Equal((3, 1), await Database.CountSinceAsync(queue, T0));
        Assert.Equal((2, 1), await Database.CountSinceAsync(queue, T0 + Duration.FromTicks(1)));
        Assert.Equal((1, 1), await Database.CountSinceAsync(queue, T0 + (2 * day)));
        Assert.Equal((0, 1), await Database.CountSinceAsync(queue, T0 + (3 * day)));
        Assert.Equal((0, 0), await Database.CountSinceAsync(queue, T0 + (3 * day) + Duration.FromTicks(1)));
    }

    [Fact]
    public async Task WriteAsync_TwoQueuesSameNumbersAndSequences_KeptApart()
    {
        var (general, sanatorium) = (NewQueueKey(), NewQueueKey());
        var inGeneral = Entry("N-001", rank: 100);
        var inSanatorium = Entry("N-001", rank: 7, category: "category:disability");

        await Database.WriteAsync([Entered(general, 1, inGeneral), Entered(sanatorium, 1, inSanatorium)]);
        await Database.WriteAsync([Left(general, 2, inGeneral)]);

        Assert.Empty(await EntriesAsync(general));
        Assert.Equal([inSanatorium], await EntriesAsync(sanatorium));
        Assert.Equal(2, (await Database.LoadAsync(general)).LastSequence);
        Assert.Equal(1, (await Database.LoadAsync(sanatorium)).LastSequence);
        Assert.Equal([1L], (await Database.ReadChangesAsync(sanatorium, long.MaxValue, 10)).Select(change => change.Sequence));
        Assert.Equal((0, 0), await Database.CountSinceAsync(sanatorium, T0 + Duration.FromTicks(1)));
    }

    [Fact]
    public async Task WriteAsync_DuplicateSequenceInBatch_ThrowsAndWritesNothing()
    {
        var queue = NewQueueKey();
        var kept = Entry("D-001");
        await Database.WriteAsync([Entered(queue, 1, kept)]);

        await Assert.ThrowsAnyAsync<DbException>(() => Database.WriteAsync(
        [
            Entered(queue, 2, Entry("D-002")),
            Left(queue, 3, kept),
            Entered(queue, 1, Entry("D-003")),
        ]));

        Assert.Equal(1, (await Database.LoadAsync(queue)).LastSequence);
        Assert.Equal([kept], await EntriesAsync(queue));
        Assert.Single(await Database.ReadChangesAsync(queue, long.MaxValue, 10));
    }

    [Fact]
    public async Task WriteAsync_MovedChangesNumber_RefusedBeforeWriting()
    {
        var queue = NewQueueKey();
        var entry = Entry("V-001");

        await Assert.ThrowsAsync<ArgumentException>(() => Database.WriteAsync(
        [
            Entered(queue, 1, entry),
            new(queue, QueueChange.Moved(2, T0, QueueChangeReason.PriorityConfirmed, entry, entry with { Number = "V-002" }, 1, 1, 1, 1)),
        ]));

        Assert.Equal(0, (await Database.LoadAsync(queue)).LastSequence);
    }

    [Fact]
    public async Task WriteAsync_SameNumberEnteredAgain_OneEntryWithLatestValues()
    {
        var queue = NewQueueKey();
        var first = Entry("R-001", rank: 100);
        var again = Entry("R-001", rank: 3, category: "category:disability", minutes: 5);

        await Database.WriteAsync([Entered(queue, 1, first)]);
        await Database.WriteAsync([Entered(queue, 2, again), Entered(queue, 3, again)]);

        Assert.Equal([again], await EntriesAsync(queue));
        Assert.Equal(3, (await Database.LoadAsync(queue)).LastSequence);
    }

    [Fact]
    public async Task LoadAsync_ManyEntriesSharingCategories_SameCategoryInstances()
    {
        var queue = NewQueueKey();
        string[] categories = ["category:disability", "category:large-family", "category:orphan"];
        await Database.WriteAsync(
        [
            .. Enumerable.Range(1, 300).Select(i => Entered(queue, i, Entry($"K-{i:D4}", category: i % 4 == 0 ? null : categories[i % 3]))),
        ]);

        var entries = (await Database.LoadAsync(queue)).Entries;

        Assert.Equal(300, entries.Count);
        Assert.Equal(75, entries.Count(entry => entry.CategoryId is null));
        var distinctInstances = entries.Where(entry => entry.CategoryId is not null).Select(entry => entry.CategoryId!).Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.Equal(3, distinctInstances);
    }

    [Fact]
    public async Task QueueJournal_200ConcurrentAppends_AllLandInFewerTransactions()
    {
        var queue = NewQueueKey();
        await using var journal = new QueueJournal(Database);

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i => Task.Run(() => journal.AppendAsync([Entered(queue, i, Entry($"J-{i:D3}"), i)]))));

        Assert.Equal(200, journal.Records);
        Assert.InRange(journal.Transactions, 1, 199);
        var snapshot = await Database.LoadAsync(queue);
        Assert.Equal(200, snapshot.Entries.Count);
        Assert.Equal(200, snapshot.LastSequence);
        Assert.Equal(200, (await Database.ReadChangesAsync(queue, long.MaxValue, 1000)).Count);
    }
}

/// <summary>A SQLite file with the schema applied, shared by the tests of one class.</summary>
public sealed class SqliteQueueDatabaseFixture() : SqliteSchemaFixture("queues")
{
    public SqliteQueueDatabase Database { get; private set; } = null!;

    protected override void Created() => Database = new SqliteQueueDatabase(DataSource);
}

public sealed class SqliteQueueDatabaseTests(SqliteQueueDatabaseFixture fixture)
    : QueueDatabaseTests, IClassFixture<SqliteQueueDatabaseFixture>
{
    protected override IQueueDatabase Database => fixture.Database;
}

public sealed class PostgresQueueDatabaseTests(PostgresDatabaseFixture fixture)
    : QueueDatabaseTests, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresQueueDatabase database = null!;

    protected override IQueueDatabase Database => database;

    public Task InitializeAsync()
    {
        database = new PostgresQueueDatabase(fixture.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();
}

public sealed class QueueDatabaseRegistrationTests
{
    [Theory]
    [InlineData(StorageBackend.Sqlite, "Data Source=unused-queues.db", typeof(SqliteQueueDatabase))]
    [InlineData(StorageBackend.Postgres, "Host=127.0.0.1;Database=unused", typeof(PostgresQueueDatabase))]
    public async Task AddBalabaqshaStorage_CalledTwice_OneQueueDatabaseOfTheBackendAndOneJournal(StorageBackend backend, string connectionString, Type expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddBalabaqshaStorage(backend, connectionString).AddBalabaqshaStorage(backend, connectionString));
        await using var services = builder.Services.BuildServiceProvider();

        Assert.Single(builder.Services, descriptor => descriptor.ServiceType == typeof(IQueueDatabase));
        Assert.Single(builder.Services, descriptor => descriptor.ServiceType == typeof(QueueJournal));
        Assert.IsType(expected, services.GetRequiredService<IQueueDatabase>());
        Assert.Same(services.GetRequiredService<IQueueDatabase>(), services.GetRequiredService<QueueJournal>().Database);
    }
}
