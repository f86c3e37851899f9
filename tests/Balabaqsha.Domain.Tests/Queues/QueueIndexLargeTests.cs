using System.Diagnostics;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using NodaTime;
using Xunit.Abstractions;

namespace Balabaqsha.Domain.Tests.Queues;

public sealed class QueueIndexLargeTests(ITestOutputHelper output)
{
    private const int Size = 1_000_000;
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    [Fact]
    public void Build_MillionShuffledEntries_PlacesMatchGeneratedOrder()
    {
        // Entry i is generated so that queue order is i: ranks in blocks, time rising in pairs (a tie on
        // time that the zero-padded number breaks), birth years spread over six years.
        var entries = new QueueEntry[Size];
        var birthYearPlaces = new int[Size];
        var yearCounts = new int[6];
        for (var i = 0; i < Size; i++)
        {
            var rank = i < Size / 10 ? 1 : i < Size / 4 ? 2 : 3;
            var year = (i * 7 + i / 3) % 6;
            birthYearPlaces[i] = ++yearCounts[year];
            entries[i] = new QueueEntry(i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), rank, T0 + Duration.FromSeconds(i / 2), 2019 + year);
        }

        var shuffled = (QueueEntry[])entries.Clone();
        new Random(42).Shuffle(shuffled);

        var clock = Stopwatch.StartNew();
        var index = QueueIndex.Build(shuffled);
        var built = clock.Elapsed;
        output.WriteLine($"Build of {Size:N0}: {built.TotalMilliseconds:F0} ms");

        Assert.Equal(Size, index.Count);
        foreach (var i in new[] { 0, 1, 99_999, 100_000, 249_999, 250_000, 500_001, 777_777, Size - 1 })
        {
            Assert.Equal(i + 1, index.PlaceOf(entries[i].Number));
            Assert.Equal(birthYearPlaces[i], index.BirthYearPlaceOf(entries[i].Number));
            Assert.Same(entries[i], index.At(i + 1));
        }

        Assert.Equal(yearCounts[3], index.CountOfBirthYear(2022));

        // The built index stays correct under changes: the head leaves, a late entry is promoted.
        Assert.True(index.Remove(entries[0].Number));
        Assert.True(index.ChangeRank(entries[Size - 1].Number, 1));
        Assert.Equal(Size / 10, index.PlaceOf(entries[Size - 1].Number));
        Assert.Equal(1, index.PlaceOf(entries[1].Number));
        Assert.Equal(Size / 10 + 1, index.PlaceOf(entries[Size / 10].Number));
    }
}
