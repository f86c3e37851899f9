using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Grains.Applications;

public sealed class QueueState
{
    public List<QueueEntry> Entries { get; set; } = [];
}

// The first cut of the queue: a sorted list kept whole in state. The queue-engine issue replaces it
// with an order-statistic index and per-entry records.
public sealed class QueueGrain([PersistentState("queue")] IPersistentState<QueueState> queue) : Grain, IQueueGrain
{
    private List<QueueEntry> Entries => queue.State.Entries;

    public async Task<QueuePlace> EnterAsync(QueueEntry entry)
    {
        if (IndexOf(entry.Number) < 0)
        {
            var at = Entries.BinarySearch(entry);
            Entries.Insert(at < 0 ? ~at : at, entry);
            await queue.WriteStateAsync();
        }

        return PlaceAt(IndexOf(entry.Number));
    }

    public async Task LeaveAsync(string number)
    {
        var index = IndexOf(number);
        if (index >= 0)
        {
            Entries.RemoveAt(index);
            await queue.WriteStateAsync();
        }
    }

    public async Task<QueuePlace?> ChangeRankAsync(string number, int rank)
    {
        var index = IndexOf(number);
        if (index < 0)
        {
            return null;
        }

        var moved = Entries[index] with { Rank = rank };
        Entries.RemoveAt(index);
        var at = Entries.BinarySearch(moved);
        Entries.Insert(at < 0 ? ~at : at, moved);
        await queue.WriteStateAsync();
        return PlaceAt(IndexOf(number));
    }

    public Task<QueuePlace?> GetPlaceAsync(string number)
    {
        var index = IndexOf(number);
        return Task.FromResult(index < 0 ? null : PlaceAt(index));
    }

    public Task<int> CountAsync() => Task.FromResult(Entries.Count);

    private int IndexOf(string number) => Entries.FindIndex(e => e.Number == number);

    private QueuePlace PlaceAt(int index)
    {
        var year = Entries[index].BirthYear;
        var sameYearAhead = 0;
        for (var i = 0; i < index; i++)
        {
            if (Entries[i].BirthYear == year)
            {
                sameYearAhead++;
            }
        }

        return new QueuePlace(index + 1, sameYearAhead + 1, Entries.Count);
    }
}
