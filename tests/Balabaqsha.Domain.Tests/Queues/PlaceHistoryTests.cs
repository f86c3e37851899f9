using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Queues;

public sealed class PlaceHistoryTests
{
    private const int NoPriority = VoucherApplication.NoPriorityRank;
    private const string LargeFamily = "large-family";
    private const string Military = "military";
    private const string Disability = "disability";

    /// <summary>Submission times.</summary>
    private static readonly Instant T0 = Instant.FromUtc(2026, 1, 10, 9, 0);

    /// <summary>The times of queue changes, well after every submission.</summary>
    private static readonly Instant Now0 = Instant.FromUtc(2026, 6, 1, 9, 0);

    private static Instant At(int minute) => Now0 + Duration.FromMinutes(minute);

    private static QueueEntry Entry(string number, int minute, int year = 2021, string? categoryId = null) =>
        new(number, NoPriority, T0 + Duration.FromMinutes(minute), year, categoryId);

    // ---------------------------------------------------------------- examples

    [Fact]
    public void Explain_ApplicationAheadReceivedVoucher_OneLineUp()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("A", 0), QueueChangeReason.Submitted, At(1));
        queue.Enter(Entry("B", 1), QueueChangeReason.Submitted, At(2));
        queue.Enter(Entry("W", 2), QueueChangeReason.Submitted, At(3));
        queue.Leave("A", QueueChangeReason.VoucherOffered, At(4));

        var lines = queue.Explain("W");

        Assert.Collection(
            lines,
            line =>
            {
                Assert.Equal(At(4), line.At);
                Assert.Equal(QueueChangeKind.Left, line.Kind);
                Assert.Equal(QueueChangeReason.VoucherOffered, line.Reason);
                Assert.False(line.Own);
                Assert.Equal(-1, line.Delta);
                Assert.Equal(-1, line.BirthYearDelta);
                Assert.Equal(2, line.Place);
                Assert.Equal(2, line.BirthYearPlace);
                Assert.True(line.SubmittedEarlier);
                Assert.Equal(1, line.Count);
            },
            line =>
            {
                Assert.Equal(QueueChangeKind.Entered, line.Kind);
                Assert.True(line.Own);
                Assert.Equal(3, line.Place);
            });
    }

    [Fact]
    public void Apply_ApplicationAheadReceivedVoucher_PlaceAndTotalDrop()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("A", 0), QueueChangeReason.Submitted, At(1));
        var entered = queue.Enter(Entry("W", 2), QueueChangeReason.Submitted, At(2));
        queue.Leave("A", QueueChangeReason.VoucherOffered, At(3));

        var tracked = PlaceHistory.Apply(new TrackedPlace(entered.After!, 2, 2, 2), queue.Changes[^1]);

        Assert.Equal(new TrackedPlace(entered.After!, 1, 1, 1), tracked);
    }

    [Fact]
    public void Apply_WatchedApplicationLeaves_ReturnsNull()
    {
        var queue = new NaiveQueue();
        var entered = queue.Enter(Entry("W", 0), QueueChangeReason.Submitted, At(1));
        queue.Leave("W", QueueChangeReason.Withdrawn, At(2));

        Assert.Null(PlaceHistory.Apply(new TrackedPlace(entered.After!, 1, 1, 1), queue.Changes[^1]));
    }

    [Fact]
    public void Explain_FirstPriorityApplicationSubmittedEarlierConfirmed_OneLineDown()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("X", 0), QueueChangeReason.Submitted, At(1));                       // rank 1000
        queue.Enter(Entry("W", 10, categoryId: Military), QueueChangeReason.Submitted, At(2)); // rank 3: ahead of X
        Assert.Equal(1, queue.PlaceOf("W"));

        var confirmed = queue.Move("X", LargeFamily, QueueChangeReason.PriorityConfirmed, At(3));

        Assert.Equal(NoPriority, confirmed!.Before!.Rank);
        Assert.Equal(2, confirmed.After!.Rank);
        var line = queue.Explain("W")[0];
        Assert.Equal(QueueChangeKind.Moved, line.Kind);
        Assert.Equal(QueueChangeReason.PriorityConfirmed, line.Reason);
        Assert.False(line.Own);
        Assert.Equal(1, line.Delta);
        Assert.Equal(1, line.BirthYearDelta);
        Assert.Equal(2, line.Place);
        Assert.Equal(LargeFamily, line.CategoryId);
        Assert.True(line.SubmittedEarlier);
        Assert.Equal((1, 1), PlaceHistory.ShiftOf(queue.Find("W")!, confirmed));
    }

    [Fact]
    public void Explain_PriorityOfApplicationAheadWithdrawn_LineShowsTheLostCategory()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("X", 20, categoryId: LargeFamily), QueueChangeReason.Submitted, At(1));
        queue.Enter(Entry("W", 10), QueueChangeReason.Submitted, At(2));

        queue.Move("X", null, QueueChangeReason.PriorityWithdrawn, At(3));

        var line = queue.Explain("W")[0];
        Assert.Equal(-1, line.Delta);
        Assert.Equal(QueueChangeReason.PriorityWithdrawn, line.Reason);
        Assert.Equal(LargeFamily, line.CategoryId);
        Assert.False(line.SubmittedEarlier);
        Assert.Equal(1, line.Place);
    }

    [Fact]
    public void Explain_OnlyChangesBehind_OnlyTheEnteredLine()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("W", 0, categoryId: LargeFamily), QueueChangeReason.Submitted, At(1));
        queue.Enter(Entry("Y", 5), QueueChangeReason.Submitted, At(2));
        queue.Enter(Entry("Z", 6), QueueChangeReason.Submitted, At(3));
        queue.Move("Y", Military, QueueChangeReason.PriorityConfirmed, At(4)); // rank 3, still behind rank 2
        queue.Leave("Z", QueueChangeReason.Withdrawn, At(5));

        var line = Assert.Single(queue.Explain("W"));

        Assert.Equal(QueueChangeKind.Entered, line.Kind);
        Assert.Equal(QueueChangeReason.Submitted, line.Reason);
        Assert.True(line.Own);
        Assert.Equal(At(1), line.At);
        Assert.Equal(1, line.Place);
        Assert.Equal(LargeFamily, line.CategoryId);
        Assert.Equal(0, line.Delta);
        Assert.Equal((0, 0), PlaceHistory.ShiftOf(queue.Find("W")!, queue.Changes[^1]));
        Assert.Equal((0, 0), PlaceHistory.ShiftOf(queue.Find("W")!, queue.Changes[^2]));
    }

    [Fact]
    public void Explain_OtherBirthYearEntersAhead_PlaceDownBirthYearPlaceKept()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("W", 10, year: 2021), QueueChangeReason.Submitted, At(1));

        queue.Enter(Entry("S", 0, year: 2020), QueueChangeReason.DocumentsConfirmed, At(2));

        var line = queue.Explain("W")[0];
        Assert.Equal(QueueChangeKind.Entered, line.Kind);
        Assert.False(line.Own);
        Assert.Equal(QueueChangeReason.DocumentsConfirmed, line.Reason);
        Assert.Equal(1, line.Delta);
        Assert.Equal(0, line.BirthYearDelta);
        Assert.Equal(2, line.Place);
        Assert.Equal(1, line.BirthYearPlace);
    }

    [Fact]
    public void Explain_ReSortOfThreeAtOneInstant_OneLineWithCountAndSummedDelta()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("N", 50, categoryId: Disability), QueueChangeReason.Submitted, At(1)); // rank 1
        queue.Enter(Entry("W", 40, categoryId: LargeFamily), QueueChangeReason.Submitted, At(2)); // rank 2
        queue.Enter(Entry("M1", 1, categoryId: Military), QueueChangeReason.Submitted, At(3));   // rank 3
        queue.Enter(Entry("M2", 2, categoryId: Military), QueueChangeReason.Submitted, At(4));
        queue.Enter(Entry("M3", 3, categoryId: Military), QueueChangeReason.Submitted, At(5));
        queue.Enter(Entry("L", 60), QueueChangeReason.Submitted, At(6));
        Assert.Equal(2, queue.PlaceOf("W"));

        Assert.Equal(3, queue.ReRank(Military, 1, At(7)));

        Assert.Collection(
            queue.Explain("W"),
            line =>
            {
                Assert.Equal(At(7), line.At);
                Assert.Equal(QueueChangeKind.Moved, line.Kind);
                Assert.Equal(QueueChangeReason.CategoryRankChanged, line.Reason);
                Assert.False(line.Own);
                Assert.Equal(3, line.Count);
                Assert.Equal(3, line.Delta);
                Assert.Equal(3, line.BirthYearDelta);
                Assert.Equal(5, line.Place);
                Assert.Equal(Military, line.CategoryId);
                Assert.True(line.SubmittedEarlier);
            },
            line =>
            {
                Assert.Equal(QueueChangeKind.Entered, line.Kind);
                Assert.Equal(2, line.Place);
            });
    }

    [Fact]
    public void Explain_TwoReSortsAtDifferentInstants_TwoLines()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("W", 40, categoryId: LargeFamily), QueueChangeReason.Submitted, At(1));
        queue.Enter(Entry("M1", 1, categoryId: Military), QueueChangeReason.Submitted, At(2));
        queue.Enter(Entry("M2", 2, categoryId: Military), QueueChangeReason.Submitted, At(3));

        queue.ReRank(Military, 1, At(4));
        queue.ReRank(Military, 5, At(5));

        var lines = queue.Explain("W");

        Assert.Equal([-2, 2, 0], lines.Select(l => l.Delta));
        Assert.Equal([2, 2, 1], lines.Select(l => l.Count));
        Assert.Equal([1, 3, 1], lines.Select(l => l.Place));
    }

    [Fact]
    public void Explain_OwnPriorityConfirmed_OwnLineWithItsMove()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("A", 0), QueueChangeReason.Submitted, At(1));
        queue.Enter(Entry("B", 1, year: 2020), QueueChangeReason.Submitted, At(2));
        queue.Enter(Entry("C", 2), QueueChangeReason.Submitted, At(3));
        queue.Enter(Entry("W", 3), QueueChangeReason.Submitted, At(4));

        var confirmed = queue.Move("W", LargeFamily, QueueChangeReason.PriorityConfirmed, At(5))!;

        Assert.Collection(
            queue.Explain("W"),
            line =>
            {
                Assert.True(line.Own);
                Assert.Equal(QueueChangeKind.Moved, line.Kind);
                Assert.Equal(QueueChangeReason.PriorityConfirmed, line.Reason);
                Assert.Equal(confirmed.PlaceAfter - confirmed.PlaceBefore, line.Delta);
                Assert.Equal(-3, line.Delta);
                Assert.Equal(-2, line.BirthYearDelta);
                Assert.Equal(1, line.Place);
                Assert.Equal(1, line.BirthYearPlace);
                Assert.Equal(LargeFamily, line.CategoryId);
            },
            line =>
            {
                Assert.Equal(QueueChangeKind.Entered, line.Kind);
                Assert.Null(line.CategoryId);
                Assert.Equal(4, line.Place);
                Assert.Equal(3, line.BirthYearPlace);
            });
    }

    [Fact]
    public void Explain_OlderChangesBeforeEntering_Ignored()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("A", 0), QueueChangeReason.Submitted, At(1));
        queue.Enter(Entry("B", 1), QueueChangeReason.Submitted, At(2));
        queue.Leave("B", QueueChangeReason.VoucherOffered, At(3));
        queue.Enter(Entry("W", 3), QueueChangeReason.Submitted, At(4));

        var line = Assert.Single(queue.Explain("W"));

        Assert.Equal(QueueChangeKind.Entered, line.Kind);
        Assert.Equal(2, line.Place);
    }

    [Fact]
    public void Explain_SmallLimit_NewestLinesOnly()
    {
        var queue = new NaiveQueue();
        queue.Enter(Entry("W", 50), QueueChangeReason.Submitted, At(0));
        for (var i = 0; i < 5; i++)
        {
            queue.Enter(Entry($"A{i}", i), QueueChangeReason.DocumentsConfirmed, At(1 + i));
        }

        var all = queue.Explain("W");
        var two = queue.Explain("W", limit: 2);

        Assert.Equal(6, all.Count);
        Assert.Equal(all.Take(2), two);
        Assert.Equal([6, 5], two.Select(l => l.Place));
        Assert.Empty(queue.Explain("W", limit: 0));
    }

    // ---------------------------------------------------------------- property test against a naive queue

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(20260110)]
    public void RandomQueue_ApplyAndExplain_AgreeWithNaiveQueue(int seed)
    {
        var random = new Random(seed);
        var queue = new NaiveQueue();
        var left = new List<QueueEntry>();
        var checkpoints = new List<int>();
        var next = 0;
        var multiMoveReSorts = 0;
        const int Steps = 300;
        for (var step = 0; step < Steps; step++)
        {
            var at = At(step);
            var operation = random.Next(100);
            var enterShare = queue.Count < 15 ? 80 : queue.Count > 60 ? 30 : 50;
            if (operation < enterShare || queue.Count == 0)
            {
                if (left.Count > 0 && random.Next(5) == 0)
                {
                    // Back from the stop list: the same number and submission time.
                    var back = left[random.Next(left.Count)];
                    left.Remove(back);
                    queue.Enter(back, QueueChangeReason.ReturnedFromStopList, at);
                }
                else
                {
                    var entry = new QueueEntry(
                        $"N{next++:D4}",
                        NoPriority,
                        T0 + Duration.FromMinutes(random.Next(0, 200)), // few distinct times: ties on time are common
                        2019 + random.Next(4),
                        random.Next(3) == 0 ? RandomCategory(random) : null);
                    queue.Enter(entry, random.Next(4) == 0 ? QueueChangeReason.DocumentsConfirmed : QueueChangeReason.Submitted, at);
                }
            }
            else if (operation < enterShare + 22)
            {
                var entry = queue.Random(random);
                var reasons = new[] { QueueChangeReason.VoucherOffered, QueueChangeReason.Withdrawn, QueueChangeReason.StopList, QueueChangeReason.Archived };
                queue.Leave(entry.Number, reasons[random.Next(reasons.Length)], at);
                left.Add(entry);
            }
            else if (operation < 92)
            {
                var entry = queue.Random(random);
                var categoryId = random.Next(4) == 0 ? null : RandomCategory(random);
                queue.Move(entry.Number, categoryId, categoryId is null ? QueueChangeReason.PriorityWithdrawn : QueueChangeReason.PriorityConfirmed, at);
            }
            else if (queue.ReRank(RandomCategory(random), random.Next(1, 6), at) > 1)
            {
                multiMoveReSorts++;
            }

            if (step % 75 == 74)
            {
                checkpoints.Add(queue.Changes.Count);
            }
        }

        Assert.True(multiMoveReSorts > 0, "no re-sort moved several entries");

        var (ownMoves, leaves) = AssertApplyFollowsEveryEnteredApplication(queue);
        Assert.True(ownMoves > 0, "no watched application moved itself");
        Assert.True(leaves > 0, "no watched application left");

        var mergedLines = 0;
        var ownLines = 0;
        foreach (var count in checkpoints.Append(queue.Changes.Count).Distinct())
        {
            var (merged, own) = AssertExplainAgreesAt(queue, count);
            mergedLines += merged;
            ownLines += own;
        }

        Assert.True(mergedLines > 0, "no merged re-sort line was checked");
        Assert.True(ownLines > 0, "no own move line was checked");
    }

    private static readonly int[] Limits = [1, 3];

    private static string RandomCategory(Random random) => random.Next(3) switch
    {
        0 => Disability,
        1 => LargeFamily,
        _ => Military,
    };

    /// <summary>
    /// Tracks every application from the change that entered it, applying each later change, and compares
    /// with the naive places after every change, until it leaves (then Apply must answer null).
    /// </summary>
    private static (int OwnMoves, int Leaves) AssertApplyFollowsEveryEnteredApplication(NaiveQueue queue)
    {
        var ownMoves = 0;
        var leaves = 0;
        for (var start = 0; start < queue.Changes.Count; start++)
        {
            var entered = queue.Changes[start];
            if (entered.Kind != QueueChangeKind.Entered)
            {
                continue;
            }

            var number = entered.Number;
            TrackedPlace? tracked = new(entered.After!, entered.PlaceAfter, entered.BirthYearPlaceAfter, queue.After[start].Total);
            AssertSame(queue.After[start], number, tracked, entered);
            for (var i = start + 1; i < queue.Changes.Count; i++)
            {
                var change = queue.Changes[i];
                tracked = PlaceHistory.Apply(tracked!, change);
                if (change.Number == number && change.Kind == QueueChangeKind.Moved)
                {
                    ownMoves++;
                }

                if (!queue.After[i].Places.ContainsKey(number))
                {
                    if (tracked is not null)
                    {
                        Assert.Fail($"{number} left at change {change.Sequence}, but Apply still tracks {tracked}.");
                    }

                    leaves++;
                    break;
                }

                AssertSame(queue.After[i], number, tracked, change);
            }
        }

        return (ownMoves, leaves);
    }

    private static void AssertSame(Snapshot snapshot, string number, TrackedPlace? tracked, QueueChange change)
    {
        var expected = snapshot.Places[number];
        var want = new TrackedPlace(expected.Entry, expected.Place, expected.BirthYearPlace, snapshot.Total);
        if (!want.Equals(tracked))
        {
            Assert.Fail($"After change {change} the watcher of {number} has {tracked}, the queue {want}.");
        }
    }

    /// <summary>
    /// Explains every waiting application from the first <paramref name="count"/> changes and compares with
    /// lines built from the naive places before and after each change.
    /// </summary>
    private static (int MergedLines, int OwnLines) AssertExplainAgreesAt(NaiveQueue queue, int count)
    {
        var newestFirst = queue.Changes.Take(count).Reverse().ToArray();
        var snapshot = queue.After[count - 1];
        var merged = 0;
        var ownLines = 0;
        foreach (var (number, now) in snapshot.Places)
        {
            var enteredAt = queue.Changes.FindLastIndex(count - 1, count, c => c.Kind == QueueChangeKind.Entered && c.Number == number);
            var entered = queue.Changes[enteredAt];
            var lines = PlaceHistory.Explain(now.Entry, now.Place, now.BirthYearPlace, newestFirst, limit: 100_000);

            // The spelled-out properties.
            var oldest = lines[^1];
            Assert.Equal(QueueChangeKind.Entered, oldest.Kind);
            Assert.True(oldest.Own);
            Assert.Equal(entered.At, oldest.At);
            Assert.Equal(entered.PlaceAfter, oldest.Place);
            Assert.Equal(entered.BirthYearPlaceAfter, oldest.BirthYearPlace);
            Assert.Equal(now.Place - entered.PlaceAfter, lines.SkipLast(1).Sum(l => l.Delta));
            Assert.Equal(now.BirthYearPlace - entered.BirthYearPlaceAfter, lines.SkipLast(1).Sum(l => l.BirthYearDelta));
            Assert.Equal(now.Place, lines[0].Place);
            Assert.Equal(now.BirthYearPlace, lines[0].BirthYearPlace);
            for (var i = 0; i < lines.Count - 1; i++)
            {
                var line = lines[i];
                if (line.At < lines[i + 1].At)
                {
                    Assert.Fail($"{number}: lines not newest first: {line} before {lines[i + 1]}");
                }

                if (line.Own && line.Kind == QueueChangeKind.Entered)
                {
                    Assert.Fail($"{number}: an own Entered line that is not the oldest: {line}");
                }

                if (!line.Own && line.Delta == 0 && line.BirthYearDelta == 0)
                {
                    Assert.Fail($"{number}: a line that did not move the place: {line}");
                }

                // Each line's place is the place after it: the place after the line below plus this line's shift.
                if (line.Place != lines[i + 1].Place + line.Delta || line.BirthYearPlace != lines[i + 1].BirthYearPlace + line.BirthYearDelta)
                {
                    Assert.Fail($"{number}: {line} does not follow from {lines[i + 1]}");
                }
            }

            // The whole list, line by line, from the naive places.
            var expected = ExpectedLines(queue, enteredAt, count);
            if (!expected.SequenceEqual(lines))
            {
                Assert.Equal(expected, lines);
            }

            merged += lines.Count(l => l.Count > 1);
            ownLines += lines.Count(l => l.Own && l.Kind == QueueChangeKind.Moved);

            foreach (var limit in Limits)
            {
                var newest = PlaceHistory.Explain(now.Entry, now.Place, now.BirthYearPlace, newestFirst, limit);
                if (!newest.SequenceEqual(lines.Take(limit)))
                {
                    Assert.Equal(lines.Take(limit), newest);
                }
            }
        }

        return (merged, ownLines);
    }

    /// <summary>
    /// The lines an application's history should show, from the naive places right before and after each
    /// change since it entered: one line per change that moved it (its own moves always), consecutive lines
    /// of one re-sort merged; newest first.
    /// </summary>
    private static List<PlaceHistoryLine> ExpectedLines(NaiveQueue queue, int enteredAt, int count)
    {
        var entered = queue.Changes[enteredAt];
        var number = entered.Number;
        var own = entered.After!;
        var lines = new List<PlaceHistoryLine>
        {
            new(entered.At, QueueChangeKind.Entered, entered.Reason, true, 0, 0, entered.PlaceAfter, entered.BirthYearPlaceAfter, own.CategoryId, false, 1),
        };
        var previous = queue.After[enteredAt].Places[number];
        for (var i = enteredAt + 1; i < count; i++)
        {
            var change = queue.Changes[i];
            var current = queue.After[i].Places[number];
            var delta = current.Place - previous.Place;
            var yearDelta = current.BirthYearPlace - previous.BirthYearPlace;
            previous = current;
            if (change.Number == number)
            {
                lines.Add(new(change.At, change.Kind, change.Reason, true, delta, yearDelta, current.Place, current.BirthYearPlace, change.After!.CategoryId, false, 1));
                continue;
            }

            if (delta == 0 && yearDelta == 0)
            {
                continue;
            }

            var mover = change.After ?? change.Before!;
            var earlier = mover.SubmittedAt < own.SubmittedAt;
            if (change.Reason == QueueChangeReason.CategoryRankChanged
                && lines[^1] is { Own: false, Reason: QueueChangeReason.CategoryRankChanged } last
                && last.At == change.At)
            {
                lines[^1] = last with
                {
                    Delta = last.Delta + delta,
                    BirthYearDelta = last.BirthYearDelta + yearDelta,
                    Place = current.Place,
                    BirthYearPlace = current.BirthYearPlace,
                    Count = last.Count + 1,
                    SubmittedEarlier = last.SubmittedEarlier && earlier,
                };
                continue;
            }

            lines.Add(new(change.At, change.Kind, change.Reason, false, delta, yearDelta, current.Place, current.BirthYearPlace, mover.CategoryId ?? change.Before?.CategoryId, earlier, 1));
        }

        lines.Reverse();
        return lines;
    }

    // ---------------------------------------------------------------- queue keys

    [Theory]
    [InlineData("almaty", QueueType.General, null)]
    [InlineData("astana", QueueType.Sanatorium, "tuberculosis")]
    [InlineData("shymkent-2", QueueType.Sanatorium, "musculoskeletal_1")]
    public void QueueKeys_Parse_RoundTripsFor(string cityId, QueueType type, string? rehabilitationTypeId)
    {
        var key = QueueKeys.For(cityId, type, rehabilitationTypeId);

        Assert.Equal((cityId, type, rehabilitationTypeId), QueueKeys.Parse(key));
    }

    [Fact]
    public void QueueKeys_GeneralQueue_IgnoresRehabilitationType()
    {
        var key = QueueKeys.For("almaty", QueueType.General, "tuberculosis");

        Assert.Equal("queue:almaty:general", key);
        Assert.Equal(("almaty", QueueType.General, (string?)null), QueueKeys.Parse(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("queue")]
    [InlineData("queue:almaty")]
    [InlineData("queue:almaty:special")]
    [InlineData("queue:almaty:general:extra")]
    [InlineData("queues:almaty:general")]
    [InlineData("almaty:general")]
    [InlineData("QUEUE:almaty:general")]
    [InlineData("application:123")]
    public void QueueKeys_ParseGarbage_Throws(string key)
    {
        Assert.Throws<FormatException>(() => QueueKeys.Parse(key));
    }

    // ---------------------------------------------------------------- the naive queue

    private sealed record Snapshot(IReadOnlyDictionary<string, (QueueEntry Entry, int Place, int BirthYearPlace)> Places, int Total);

    /// <summary>
    /// A queue kept as a plain list, places counted one by one, that logs its changes as the queue grain does:
    /// the entry's places after entering, before leaving, before and after a move.
    /// </summary>
    private sealed class NaiveQueue
    {
        private readonly List<QueueEntry> _entries = [];
        private readonly Dictionary<string, int> _ranks = new() { [Disability] = 1, [LargeFamily] = 2, [Military] = 3 };
        private long _sequence;

        public List<QueueChange> Changes { get; } = [];

        /// <summary>The places right after each change of <see cref="Changes"/>, by index.</summary>
        public List<Snapshot> After { get; } = [];

        public int Count => _entries.Count;

        public QueueEntry? Find(string number) => _entries.Find(e => e.Number == number);

        public QueueEntry Random(Random random) => _entries[random.Next(_entries.Count)];

        public int PlaceOf(string number) =>
            Find(number) is { } entry ? 1 + _entries.Count(e => e.IsAheadOf(entry)) : 0;

        public int BirthYearPlaceOf(string number) =>
            Find(number) is { } entry ? 1 + _entries.Count(e => e.BirthYear == entry.BirthYear && e.IsAheadOf(entry)) : 0;

        public QueueChange Enter(QueueEntry entry, QueueChangeReason reason, Instant at)
        {
            Assert.Null(Find(entry.Number));
            var ranked = entry with { Rank = RankOf(entry.CategoryId) };
            _entries.Add(ranked);
            return Record(QueueChange.Entered(++_sequence, at, reason, ranked, PlaceOf(ranked.Number), BirthYearPlaceOf(ranked.Number)));
        }

        public QueueChange Leave(string number, QueueChangeReason reason, Instant at)
        {
            var entry = Find(number)!;
            var change = QueueChange.Left(++_sequence, at, reason, entry, PlaceOf(number), BirthYearPlaceOf(number));
            _entries.Remove(entry);
            return Record(change);
        }

        /// <summary>A new category (and the rank it gives); null when nothing changed, as the grain logs nothing then.</summary>
        public QueueChange? Move(string number, string? categoryId, QueueChangeReason reason, Instant at)
        {
            var entry = Find(number)!;
            var moved = entry with { CategoryId = categoryId, Rank = RankOf(categoryId) };
            return moved == entry ? null : Record(MoveTo(entry, moved, reason, at));
        }

        /// <summary>Re-ranks a category: every entry of it moves, in queue order, at one instant; the number moved.</summary>
        public int ReRank(string categoryId, int rank, Instant at)
        {
            _ranks[categoryId] = rank;
            var affected = _entries.Where(e => e.CategoryId == categoryId && e.Rank != rank).Order().ToList();
            foreach (var entry in affected)
            {
                Record(MoveTo(entry, entry with { Rank = rank }, QueueChangeReason.CategoryRankChanged, at));
            }

            return affected.Count;
        }

        public IReadOnlyList<PlaceHistoryLine> Explain(string number, int limit = 100)
        {
            var entry = Find(number)!;
            return PlaceHistory.Explain(entry, PlaceOf(number), BirthYearPlaceOf(number), Enumerable.Reverse(Changes), limit);
        }

        private QueueChange MoveTo(QueueEntry entry, QueueEntry moved, QueueChangeReason reason, Instant at)
        {
            var placeBefore = PlaceOf(entry.Number);
            var birthYearPlaceBefore = BirthYearPlaceOf(entry.Number);
            _entries[_entries.IndexOf(entry)] = moved;
            return QueueChange.Moved(++_sequence, at, reason, entry, moved, placeBefore, PlaceOf(entry.Number), birthYearPlaceBefore, BirthYearPlaceOf(entry.Number));
        }

        private int RankOf(string? categoryId) => categoryId is null ? NoPriority : _ranks[categoryId];

        private QueueChange Record(QueueChange change)
        {
            Assert.Equal(Changes.Count + 1, change.Sequence);
            Changes.Add(change);
            var places = new Dictionary<string, (QueueEntry, int, int)>(_entries.Count);
            var byYear = new Dictionary<int, int>();
            var place = 0;
            foreach (var entry in _entries.Order())
            {
                var yearPlace = byYear[entry.BirthYear] = byYear.GetValueOrDefault(entry.BirthYear) + 1;
                places[entry.Number] = (entry, ++place, yearPlace);
            }

            After.Add(new Snapshot(places, _entries.Count));
            return change;
        }
    }
}
