using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Queues;

public sealed class QueueIndexTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 1, 10, 9, 0);

    private static QueueEntry E(string number, int rank, int minute, int year = 2022) =>
        new(number, rank, T0 + Duration.FromMinutes(minute), year);

    // Queue order of Sample(): A (rank 1), D (rank 1, later), C (rank 2, min 0), B (rank 2, min 5), E (rank 3).
    private static QueueEntry[] Sample() =>
    [
        E("B", 2, 5, 2021),
        E("A", 1, 10, 2022),
        E("C", 2, 0, 2022),
        E("E", 3, 0, 2021),
        E("D", 1, 20, 2021),
    ];

    private static QueueIndex SampleIndex()
    {
        var index = new QueueIndex();
        foreach (var entry in Sample())
        {
            Assert.True(index.Add(entry));
        }

        return index;
    }

    private static string Numbers(IEnumerable<QueueEntry> entries) => string.Concat(entries.Select(e => e.Number));

    [Fact]
    public void New_Empty_HasNothing()
    {
        var index = new QueueIndex();

        Assert.Equal(0, index.Count);
        Assert.Empty(index.InOrder());
        Assert.Equal(0, index.PlaceOf("A"));
        Assert.Equal(0, index.BirthYearPlaceOf("A"));
        Assert.Equal(0, index.CountOfBirthYear(2022));
        Assert.Null(index.Find("A"));
        Assert.False(index.Contains("A"));
        Assert.Null(index.FirstWhere(_ => true));
        Assert.False(index.Remove("A"));
        Assert.False(index.ChangeRank("A", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.At(1));
    }

    [Fact]
    public void Add_UnsortedEntries_KeptInRankTimeNumberOrder()
    {
        var index = SampleIndex();

        Assert.Equal(5, index.Count);
        Assert.Equal("ADCBE", Numbers(index.InOrder()));
        index.CheckInvariants();
    }

    [Fact]
    public void Add_DuplicateNumber_ReturnsFalseAndKeepsFirst()
    {
        var index = SampleIndex();

        Assert.False(index.Add(E("A", 9, 99, 2019)));

        Assert.Equal(5, index.Count);
        Assert.Equal(1, index.Find("A")!.Rank);
        Assert.Equal(0, index.CountOfBirthYear(2019));
    }

    [Fact]
    public void Add_SameRankAndTime_NumberBreaksTheTie()
    {
        var index = new QueueIndex();
        index.Add(E("N3", 1, 0));
        index.Add(E("N1", 1, 0));
        index.Add(E("N2", 1, 0));

        Assert.Equal("N1N2N3", Numbers(index.InOrder()));
        Assert.Equal(2, index.PlaceOf("N2"));
    }

    [Theory]
    [InlineData("A", 1, 1)]
    [InlineData("D", 2, 1)]
    [InlineData("C", 3, 2)]
    [InlineData("B", 4, 2)]
    [InlineData("E", 5, 3)]
    [InlineData("X", 0, 0)]
    public void PlaceOf_Sample_PlaceAndBirthYearPlace(string number, int place, int birthYearPlace)
    {
        var index = SampleIndex();

        Assert.Equal(place, index.PlaceOf(number));
        Assert.Equal(birthYearPlace, index.BirthYearPlaceOf(number));
    }

    [Theory]
    [InlineData(2021, 3)]
    [InlineData(2022, 2)]
    [InlineData(2020, 0)]
    public void CountOfBirthYear_Sample_CountsThatYear(int year, int count)
    {
        Assert.Equal(count, SampleIndex().CountOfBirthYear(year));
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(2, "D")]
    [InlineData(3, "C")]
    [InlineData(4, "B")]
    [InlineData(5, "E")]
    public void At_Place_ReturnsEntryThere(int place, string number)
    {
        Assert.Equal(number, SampleIndex().At(place).Number);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(6)]
    public void At_OutsideTheQueue_Throws(int place)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleIndex().At(place));
    }

    [Fact]
    public void Find_Present_ReturnsEntry_Absent_ReturnsNull()
    {
        var index = SampleIndex();

        Assert.Equal(E("C", 2, 0, 2022), index.Find("C"));
        Assert.True(index.Contains("C"));
        Assert.Null(index.Find("c"));
        Assert.False(index.Contains("c"));
    }

    [Theory]
    [InlineData("A", "DCBE")]
    [InlineData("C", "ADBE")]
    [InlineData("E", "ADCB")]
    public void Remove_Present_LeavesTheRestInOrder(string number, string order)
    {
        var index = SampleIndex();

        Assert.True(index.Remove(number));

        Assert.Equal(order, Numbers(index.InOrder()));
        Assert.Equal(0, index.PlaceOf(number));
        Assert.False(index.Contains(number));
        Assert.Equal(4, index.Count);
        index.CheckInvariants();
    }

    [Fact]
    public void Remove_Absent_ReturnsFalse()
    {
        var index = SampleIndex();

        Assert.False(index.Remove("X"));
        Assert.True(index.Remove("A"));
        Assert.False(index.Remove("A"));
        Assert.Equal(4, index.Count);
    }

    [Fact]
    public void Remove_LastOfBirthYear_YearCountsZero()
    {
        var index = SampleIndex();

        index.Remove("A");
        index.Remove("C");

        Assert.Equal(0, index.CountOfBirthYear(2022));
        Assert.Equal(3, index.CountOfBirthYear(2021));
        index.CheckInvariants();
    }

    [Fact]
    public void Add_AfterRemove_ReusesTheNumber()
    {
        var index = SampleIndex();
        index.Remove("A");

        Assert.True(index.Add(E("A", 3, 30, 2020)));

        Assert.Equal("DCBEA", Numbers(index.InOrder()));
        Assert.Equal(1, index.BirthYearPlaceOf("A"));
        index.CheckInvariants();
    }

    [Theory]
    [InlineData("E", 1, "EADCB")]
    [InlineData("E", 2, "ADCEB")]
    [InlineData("A", 3, "DCBEA")]
    [InlineData("B", 1, "BADCE")]
    [InlineData("C", 2, "ADCBE")]
    public void ChangeRank_Present_MovesToItsNewPlace(string number, int rank, string order)
    {
        var index = SampleIndex();

        Assert.True(index.ChangeRank(number, rank));

        Assert.Equal(order, Numbers(index.InOrder()));
        Assert.Equal(rank, index.Find(number)!.Rank);
        Assert.Equal(order.IndexOf(number, StringComparison.Ordinal) + 1, index.PlaceOf(number));
        index.CheckInvariants();
    }

    [Fact]
    public void ChangeRank_MovesWithinItsBirthYear()
    {
        var index = SampleIndex();

        index.ChangeRank("E", 1); // 2021: D, B, E → E, D, B

        Assert.Equal(1, index.BirthYearPlaceOf("E"));
        Assert.Equal(2, index.BirthYearPlaceOf("D"));
        Assert.Equal(3, index.BirthYearPlaceOf("B"));
        Assert.Equal(2, index.BirthYearPlaceOf("C"));
    }

    [Theory]
    [InlineData("E", 1, "cat", "EADCB")]
    [InlineData("A", 3, null, "DCBEA")]
    [InlineData("C", 2, "other", "ADCBE")]
    public void Replace_Present_MovesToItsNewPlaceWithTheNewEntry(string number, int rank, string? categoryId, string order)
    {
        var index = SampleIndex();
        var replacement = index.Find(number)! with { Rank = rank, CategoryId = categoryId };

        Assert.True(index.Replace(replacement));

        Assert.Equal(order, Numbers(index.InOrder()));
        Assert.Same(replacement, index.Find(number));
        Assert.Equal(order.IndexOf(number, StringComparison.Ordinal) + 1, index.PlaceOf(number));
        Assert.Equal(5, index.Count);
        index.CheckInvariants();
    }

    [Fact]
    public void Replace_NewBirthYear_MovesBetweenBirthYears()
    {
        var index = SampleIndex();

        Assert.True(index.Replace(E("D", 1, 20, 2022))); // 2021: D, B, E → B, E; 2022: A, C → A, D, C

        Assert.Equal("ADCBE", Numbers(index.InOrder()));
        Assert.Equal(2, index.BirthYearPlaceOf("D"));
        Assert.Equal(3, index.BirthYearPlaceOf("C"));
        Assert.Equal(1, index.BirthYearPlaceOf("B"));
        Assert.Equal(2, index.CountOfBirthYear(2021));
        Assert.Equal(3, index.CountOfBirthYear(2022));
        Assert.Equal([(2021, 2), (2022, 3)], index.BirthYearCounts());
        index.CheckInvariants();
    }

    [Fact]
    public void Replace_OnlyEntryOfItsYear_OldYearGone()
    {
        var index = SampleIndex();
        index.Replace(E("E", 3, 0, 2019));

        Assert.True(index.Replace(E("E", 3, 0, 2021)));

        Assert.Equal([(2021, 3), (2022, 2)], index.BirthYearCounts());
        Assert.Equal(0, index.CountOfBirthYear(2019));
        index.CheckInvariants();
    }

    [Fact]
    public void Replace_Absent_ReturnsFalseAndChangesNothing()
    {
        var index = SampleIndex();

        Assert.False(index.Replace(E("X", 1, 0)));

        Assert.Equal(5, index.Count);
        Assert.False(index.Contains("X"));
        Assert.Equal("ADCBE", Numbers(index.InOrder()));
        Assert.False(new QueueIndex().Replace(E("A", 1, 0)));
    }

    [Fact]
    public void Replace_EqualEntry_KeepsItsPlace()
    {
        var index = SampleIndex();

        Assert.True(index.Replace(E("C", 2, 0, 2022)));

        Assert.Equal("ADCBE", Numbers(index.InOrder()));
        index.CheckInvariants();
    }

    [Fact]
    public void BirthYearCounts_Sample_AscendingByYear()
    {
        Assert.Equal([(2021, 3), (2022, 2)], SampleIndex().BirthYearCounts());
        Assert.Equal([(2021, 3), (2022, 2)], QueueIndex.Build(Sample()).BirthYearCounts());
    }

    [Fact]
    public void BirthYearCounts_Empty_IsEmpty()
    {
        Assert.Empty(new QueueIndex().BirthYearCounts());
        Assert.Empty(QueueIndex.Build([]).BirthYearCounts());
    }

    [Fact]
    public void BirthYearCounts_LastOfYearRemoved_YearLeavesTheList()
    {
        var index = SampleIndex();

        index.Remove("A");
        index.Remove("C");
        index.Add(E("F", 1, 0, 2018));

        Assert.Equal([(2018, 1), (2021, 3)], index.BirthYearCounts());
    }

    [Fact]
    public void FirstWhere_SkipsIneligible_ReturnsFirstEligibleInOrder()
    {
        var index = SampleIndex();

        Assert.Equal("D", index.FirstWhere(e => e.BirthYear == 2021)!.Number);
        Assert.Equal("C", index.FirstWhere(e => e.Rank == 2)!.Number);
        Assert.Null(index.FirstWhere(e => e.Rank == 7));
    }

    [Fact]
    public void InOrder_ChangedDuringEnumeration_Throws()
    {
        var index = SampleIndex();

        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var entry in index.InOrder())
            {
                index.Remove(entry.Number);
            }
        });
    }

    [Fact]
    public void Build_UnsortedEntries_SameAsAdds()
    {
        var built = QueueIndex.Build(Sample());

        Assert.Equal("ADCBE", Numbers(built.InOrder()));
        Assert.Equal(2, built.BirthYearPlaceOf("B"));
        Assert.Equal(2, built.CountOfBirthYear(2022));
        built.CheckInvariants();
    }

    [Fact]
    public void Build_Empty_IsEmptyAndUsable()
    {
        var built = QueueIndex.Build([]);

        Assert.Equal(0, built.Count);
        Assert.True(built.Add(E("A", 1, 0)));
        Assert.Equal(1, built.PlaceOf("A"));
        built.CheckInvariants();
    }

    [Fact]
    public void Build_DuplicateNumber_Throws()
    {
        var entries = Sample().Append(E("C", 1, 1)).ToArray();

        Assert.Throws<ArgumentException>(() => QueueIndex.Build(entries));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(20260110)]
    public void RandomOperations_AgreeWithSortedListModel(int seed)
    {
        var random = new Random(seed);
        var index = new QueueIndex();
        var model = new List<QueueEntry>();
        RunRandomOperations(random, index, model, steps: 1000);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(77)]
    [InlineData(777)]
    public void Build_ShuffledEntries_EqualsIncrementalAddsAndStaysCorrect(int seed)
    {
        var random = new Random(seed);
        var entries = Enumerable.Range(0, 600).Select(i => RandomEntry(random, $"N{i:D4}")).ToArray();
        var incremental = new QueueIndex();
        foreach (var entry in entries)
        {
            incremental.Add(entry);
        }

        random.Shuffle(entries);
        var built = QueueIndex.Build(entries);

        built.CheckInvariants();
        AssertSameOrder(incremental.InOrder().ToList(), built);
        foreach (var entry in entries)
        {
            Assert.Equal(incremental.PlaceOf(entry.Number), built.PlaceOf(entry.Number));
            Assert.Equal(incremental.BirthYearPlaceOf(entry.Number), built.BirthYearPlaceOf(entry.Number));
        }

        var model = entries.Order().ToList();
        RunRandomOperations(random, built, model, steps: 300);
    }

    private const int NumberPool = 400;

    /// <summary>A few ranks, few birth years and few distinct times, so that ties are common.</summary>
    private static QueueEntry RandomEntry(Random random, string number) =>
        new(number, random.Next(1, 5), T0 + Duration.FromMinutes(random.Next(0, 30)), 2019 + random.Next(0, 4));

    private static void RunRandomOperations(Random random, QueueIndex index, List<QueueEntry> model, int steps)
    {
        for (var step = 0; step < steps; step++)
        {
            var number = $"N{random.Next(NumberPool):D4}";
            var present = model.FindIndex(e => e.Number == number);
            var operation = random.Next(100);
            if (operation < 45)
            {
                var added = index.Add(RandomEntry(random, number));
                Assert.Equal(present < 0, added);
                if (added)
                {
                    model.Add(index.Find(number)!);
                }
            }
            else if (operation < 70)
            {
                Assert.Equal(present >= 0, index.Remove(number));
                if (present >= 0)
                {
                    model.RemoveAt(present);
                }
            }
            else if (operation < 85)
            {
                var rank = random.Next(1, 5);
                Assert.Equal(present >= 0, index.ChangeRank(number, rank));
                if (present >= 0)
                {
                    model[present] = model[present] with { Rank = rank };
                }
            }
            else
            {
                // A new rank, category, time or even birth year under the same number (present or not).
                var replacement = RandomEntry(random, number) with { CategoryId = random.Next(3) == 0 ? null : $"cat{random.Next(3)}" };
                Assert.Equal(present >= 0, index.Replace(replacement));
                if (present >= 0)
                {
                    Assert.Same(replacement, index.Find(number));
                    model[present] = replacement;
                }
                else
                {
                    Assert.False(index.Contains(number));
                }
            }

            model.Sort();
            if (step % 8 == 0 || step == steps - 1)
            {
                index.CheckInvariants();
            }

            AssertAgrees(random, index, model);
        }
    }

    /// <summary>InOrder equals the model; a plain loop, as xunit's collection equality is slow in a hot loop.</summary>
    private static void AssertSameOrder(List<QueueEntry> model, QueueIndex index)
    {
        var i = 0;
        foreach (var entry in index.InOrder())
        {
            if (i >= model.Count || !entry.Equals(model[i]))
            {
                Assert.Fail($"At place {i + 1} the index has {entry} and the model {(i < model.Count ? model[i] : "nothing")}.");
            }

            i++;
        }

        Assert.Equal(model.Count, i);
    }

    private static void AssertAgrees(Random random, QueueIndex index, List<QueueEntry> model)
    {
        Assert.Equal(model.Count, index.Count);
        AssertSameOrder(model, index);
        var yearCounts = model.GroupBy(e => e.BirthYear).Select(g => (g.Key, g.Count())).OrderBy(pair => pair.Key).ToList();
        var indexYearCounts = index.BirthYearCounts();
        if (!yearCounts.SequenceEqual(indexYearCounts))
        {
            Assert.Equal(yearCounts, indexYearCounts);
        }

        if (model.Count == 0)
        {
            return;
        }

        for (var sample = 0; sample < 8; sample++)
        {
            var place = random.Next(model.Count);
            var entry = model[place];
            Assert.Equal(entry, index.At(place + 1));
            Assert.Equal(place + 1, index.PlaceOf(entry.Number));
            Assert.Equal(entry, index.Find(entry.Number));
            var birthYearPlace = 1 + model.Take(place).Count(e => e.BirthYear == entry.BirthYear);
            Assert.Equal(birthYearPlace, index.BirthYearPlaceOf(entry.Number));
            Assert.Equal(model.Count(e => e.BirthYear == entry.BirthYear), index.CountOfBirthYear(entry.BirthYear));
        }

        Assert.Equal(model.FirstOrDefault(e => e.Rank >= 3 && e.BirthYear == 2020), index.FirstWhere(e => e.Rank >= 3 && e.BirthYear == 2020));
        Assert.Equal(0, index.PlaceOf("absent"));
    }
}
