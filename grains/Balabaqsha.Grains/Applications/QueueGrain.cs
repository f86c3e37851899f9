using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;

namespace Balabaqsha.Grains.Applications;

public sealed class QueueState
{
    public List<QueueEntry> Entries { get; set; } = [];
}

// Places come from the in-memory order index, rebuilt on activation. The entries are still persisted
// as one list; the queue-engine issue moves them to per-entry records with a change log.
public sealed class QueueGrain([PersistentState("queue")] IPersistentState<QueueState> queue) : Grain, IQueueGrain
{
    private QueueIndex _index = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = QueueIndex.Build(queue.State.Entries);
        return Task.CompletedTask;
    }

    public async Task<QueuePlace> EnterAsync(QueueEntry entry)
    {
        if (_index.Add(entry))
        {
            queue.State.Entries.Add(entry);
            await queue.WriteStateAsync();
        }

        return PlaceOf(entry.Number)!;
    }

    public async Task LeaveAsync(string number)
    {
        if (_index.Remove(number))
        {
            queue.State.Entries.RemoveAll(e => e.Number == number);
            await queue.WriteStateAsync();
        }
    }

    public async Task<QueuePlace?> ChangeRankAsync(string number, int rank)
    {
        if (_index.Find(number) is not { } entry)
        {
            return null;
        }

        if (entry.Rank != rank)
        {
            _index.ChangeRank(number, rank);
            var at = queue.State.Entries.FindIndex(e => e.Number == number);
            queue.State.Entries[at] = entry with { Rank = rank };
            await queue.WriteStateAsync();
        }

        return PlaceOf(number);
    }

    public Task<QueuePlace?> GetPlaceAsync(string number) => Task.FromResult(PlaceOf(number));

    public Task<int> CountAsync() => Task.FromResult(_index.Count);

    private QueuePlace? PlaceOf(string number) =>
        _index.Contains(number) ? new QueuePlace(_index.PlaceOf(number), _index.BirthYearPlaceOf(number), _index.Count) : null;
}
