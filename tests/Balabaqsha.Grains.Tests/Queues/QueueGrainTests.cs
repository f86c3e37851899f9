using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Grains.Tests.Infrastructure;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Queues;

/// <summary>The queue grain: order, places, the change log and its explanations, durability, live fan-out, figures.</summary>
[Collection(PortalClusterCollection.Name)]
public sealed class QueueGrainTests(PortalClusterFixture fixture)
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 1, 10, 9, 0);

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task Order_PriorityRankThenSubmissionTime_AndBirthYearPlaces()
    {
        var extraordinary = await CategoryAsync(1);
        var first = await CategoryAsync(2);
        var queue = NewQueue();

        await queue.EnterAsync(Entry("A", minutes: 1, year: 2021), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("B", minutes: 2, year: 2022), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("C", minutes: 3, year: 2021, category: first), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("D", minutes: 4, year: 2022, category: extraordinary), QueueChangeReason.Submitted);
        var e = await queue.EnterAsync(Entry("E", minutes: 0, year: 2021), QueueChangeReason.DocumentsConfirmed);

        // D (extraordinary), C (first priority), then by time: E, A, B.
        int[] expected = [1, 2, 3, 4, 5];
        Assert.Equal(expected, await PlacesAsync(queue, "D", "C", "E", "A", "B"));
        Assert.Equal(new QueuePlace(3, 2, 5), e);
        Assert.Equal(1, (await queue.GetPlaceAsync("D"))!.BirthYearPlace);
        Assert.Equal(2, (await queue.GetPlaceAsync("B"))!.BirthYearPlace);
        Assert.Equal(3, (await queue.GetPlaceAsync("A"))!.BirthYearPlace);
        Assert.Null(await queue.GetPlaceAsync("nobody"));
    }

    [Fact]
    public async Task Enter_Twice_IsOneEntryAndOneChange()
    {
        var queue = NewQueue();
        await queue.EnterAsync(Entry("A", 1), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("A", 1), QueueChangeReason.Submitted);
        await queue.LeaveAsync("missing", QueueChangeReason.Withdrawn);

        Assert.Equal(1, await queue.CountAsync());
        Assert.Equal(1, (await queue.GetCountersAsync()).Changes);
    }

    [Fact]
    public async Task History_ExplainsEachShift_WithoutNamingAnyone()
    {
        var first = await CategoryAsync(2);
        var queue = NewQueue();
        await queue.EnterAsync(Entry("A", 1), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("B", 2), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("C", 3), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("D", 4), QueueChangeReason.Submitted);

        await queue.LeaveAsync("A", QueueChangeReason.VoucherOffered);
        await queue.MoveAsync("D", first, QueueChangeReason.PriorityConfirmed);
        await queue.LeaveAsync("D", QueueChangeReason.Withdrawn);

        var history = await queue.GetHistoryAsync("C", 10);

        Assert.Collection(
            history,
            line => Assert.Equal((QueueChangeKind.Left, QueueChangeReason.Withdrawn, -1, 2), (line.Kind, line.Reason, line.Delta, line.Place)),
            line =>
            {
                Assert.Equal((QueueChangeKind.Moved, QueueChangeReason.PriorityConfirmed, +1, 3), (line.Kind, line.Reason, line.Delta, line.Place));
                Assert.Equal(first, line.CategoryId);
                Assert.False(line.SubmittedEarlier);
            },
            line => Assert.Equal((QueueChangeKind.Left, QueueChangeReason.VoucherOffered, -1, 2), (line.Kind, line.Reason, line.Delta, line.Place)),
            line => Assert.Equal((true, QueueChangeKind.Entered, 3), (line.Own, line.Kind, line.Place)));
        Assert.Equal(2, (await queue.GetPlaceAsync("C"))!.Place);
    }

    [Fact]
    public async Task CategoryRankChanged_ReSortsEveryQueue_AndExplainsItAsOneLine()
    {
        var city = "q" + Guid.NewGuid().ToString("N")[..10];
        await Client.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Actor.System, new City(city, new LocalizedText("T", "T", "T"), []));
        var category = await CategoryAsync(500);
        var queue = Client.GetGrain<IQueueGrain>(QueueKeys.For(city, QueueType.General, null));
        await queue.EnterAsync(Entry("A", 1), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("B", 2, category: category), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("C", 3, category: category), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("D", 4), QueueChangeReason.Submitted);
        int[] expected = [1, 2, 3, 4];
        Assert.Equal(expected, await PlacesAsync(queue, "B", "C", "A", "D"));

        // The administrator moves the category behind the applications without priority.
        await Client.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).UpsertPriorityCategoryAsync(Actor.System, new CatalogEntry(category, new LocalizedText("c", "c", "c"), 2000, true));

        Assert.Equal(expected, await PlacesAsync(queue, "A", "D", "B", "C"));
        var line = (await queue.GetHistoryAsync("A", 10))[0];
        Assert.Equal((QueueChangeReason.CategoryRankChanged, -2, 2, category), (line.Reason, line.Delta, line.Count, line.CategoryId));
        var own = (await queue.GetHistoryAsync("B", 10))[0];
        Assert.True(own.Own);
        Assert.Equal(+2, own.Delta);
    }

    [Fact]
    public async Task Restart_RebuildsThePlacesAndTheHistoryFromTheRows()
    {
        var key = NewQueueKey();
        var queue = Client.GetGrain<IQueueGrain>(key);
        for (var i = 0; i < 30; i++)
        {
            await queue.EnterAsync(Entry($"R{i:D2}", 100 - i, year: 2020 + (i % 3)), QueueChangeReason.Submitted);
        }

        await queue.LeaveAsync("R29", QueueChangeReason.VoucherOffered);
        var before = await PlacesAsync(queue, [.. Enumerable.Range(0, 29).Select(i => $"R{i:D2}")]);
        var historyBefore = await queue.GetHistoryAsync("R00", 50);

        await fixture.RestartAsync();
        var after = Client.GetGrain<IQueueGrain>(key);

        Assert.Equal(before, await PlacesAsync(after, [.. Enumerable.Range(0, 29).Select(i => $"R{i:D2}")]));
        Assert.Equal(29, await after.CountAsync());
        Assert.Equal(historyBefore, await after.GetHistoryAsync("R00", 50));
        Assert.Equal(2020, (await after.WatchAsync("R00"))!.Entry.BirthYear);
    }

    [Fact]
    public async Task ConcurrentChanges_AllDurable_SharingTransactions()
    {
        var queue = NewQueue();
        await queue.CountAsync();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => queue.EnterAsync(Entry($"P{i:D3}", i), QueueChangeReason.Submitted)));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => queue.LeaveAsync($"P{i * 3:D3}", QueueChangeReason.Withdrawn)));

        Assert.Equal(200, await queue.CountAsync());
        var watch = await queue.WatchAsync("P001");
        Assert.Equal(400, watch!.Version);
        Assert.Equal(1, watch.Place.Place);
    }

    [Fact]
    public async Task Observers_GetEachChangeOnce_InSequence()
    {
        var queue = NewQueue();
        var received = new Recorder();
        var reference = Client.CreateObjectReference<IQueueObserver>(received);
        var start = await queue.SubscribeAsync(reference);

        await queue.EnterAsync(Entry("A", 1), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("B", 2), QueueChangeReason.Submitted);
        await queue.LeaveAsync("A", QueueChangeReason.VoucherOffered);

        await received.WaitForAsync(3);
        Assert.Equal(0, start);
        // One-way messages may overtake each other; the web server puts them back in order by sequence.
        Assert.Equal([1L, 2L, 3L], received.Sequences.Order());
        var counters = await queue.GetCountersAsync();
        Assert.Equal(3, counters.Changes);
        Assert.Equal(1, counters.Observers);
        Assert.InRange(counters.ObserverMessages, 1, 3);
        GC.KeepAlive(received);
    }

    [Fact]
    public async Task Statistics_ReportedByTheQueue()
    {
        var key = NewQueueKey();
        var queue = Client.GetGrain<IQueueGrain>(key);
        await queue.EnterAsync(Entry("A", 1, year: 2021), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("B", 2, year: 2022), QueueChangeReason.Submitted);
        await queue.EnterAsync(Entry("C", 3, year: 2022), QueueChangeReason.Submitted);
        await queue.LeaveAsync("C", QueueChangeReason.Withdrawn);

        var own = await queue.GetStatisticsAsync();
        QueueStatistics? reported = null;
        for (var i = 0; i < 100 && reported?.Waiting != 2; i++)
        {
            reported = (await Client.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetAllAsync()).FirstOrDefault(s => s.QueueKey == key);
            await Task.Delay(50);
        }

        Assert.Equal(2, own.Waiting);
        Assert.Equal([new BirthYearCount(2021, 1), new BirthYearCount(2022, 1)], own.ByBirthYear);
        Assert.Equal((3, 1), (own.EnteredThisWeek, own.LeftThisWeek));
        Assert.NotNull(own.MedianWaitingDays);
        Assert.Equal(2, reported?.Waiting);
    }

    private async Task<int[]> PlacesAsync(IQueueGrain queue, params string[] numbers)
    {
        var places = new int[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            places[i] = (await queue.GetPlaceAsync(numbers[i]))?.Place ?? 0;
        }

        return places;
    }

    private async Task<string> CategoryAsync(int rank)
    {
        var id = "cat-" + Guid.NewGuid().ToString("N")[..8];
        await Client.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).UpsertPriorityCategoryAsync(Actor.System, new CatalogEntry(id, new LocalizedText("c", "c", "c"), rank, true));
        return id;
    }

    private IQueueGrain NewQueue() => Client.GetGrain<IQueueGrain>(NewQueueKey());

    private static string NewQueueKey() => QueueKeys.For("q" + Guid.NewGuid().ToString("N")[..10], QueueType.General, null);

    private static QueueEntry Entry(string number, int minutes, int year = 2021, string? category = null) =>
        new(number, VoucherApplication.NoPriorityRank, T0 + Duration.FromMinutes(minutes), year, category);

    private sealed class Recorder : IQueueObserver
    {
        private readonly List<long> _sequences = [];

        public long[] Sequences
        {
            get
            {
                lock (_sequences)
                {
                    return [.. _sequences];
                }
            }
        }

        public Task OnQueueChangedAsync(string queueKey, IReadOnlyList<QueueChange> changes)
        {
            lock (_sequences)
            {
                _sequences.AddRange(changes.Select(c => c.Sequence));
            }

            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            for (var i = 0; i < 200 && Sequences.Length < count; i++)
            {
                await Task.Delay(20);
            }
        }
    }
}
