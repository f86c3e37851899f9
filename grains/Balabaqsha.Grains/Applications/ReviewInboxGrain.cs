using Balabaqsha.Abstractions.Applications;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Balabaqsha.Grains.Applications;

public sealed class ReviewInboxState
{
    public List<InboxItem> Items { get; set; } = [];
}

public sealed class ReviewInboxGrain : Grain, IReviewInboxGrain
{
    private readonly IPersistentState<ReviewInboxState> _inbox;
    private readonly ObserverManager<IInboxObserver> _observers;

    public ReviewInboxGrain([PersistentState("review-inbox")] IPersistentState<ReviewInboxState> inbox, ILogger<ReviewInboxGrain> logger)
    {
        _inbox = inbox;
        _observers = new ObserverManager<IInboxObserver>(TimeSpan.FromMinutes(5), logger);
    }

    public async Task AddAsync(InboxItem item)
    {
        if (_inbox.State.Items.Any(i => i.Number == item.Number))
        {
            return;
        }

        _inbox.State.Items.Add(item);
        _inbox.State.Items.Sort((a, b) => a.SubmittedAt.CompareTo(b.SubmittedAt));
        await _inbox.WriteStateAsync();
        await ChangedAsync();
    }

    public async Task RemoveAsync(string number)
    {
        if (_inbox.State.Items.RemoveAll(i => i.Number == number) > 0)
        {
            await _inbox.WriteStateAsync();
            await ChangedAsync();
        }
    }

    public Task<IReadOnlyList<InboxItem>> GetAsync() => Task.FromResult<IReadOnlyList<InboxItem>>(_inbox.State.Items.ToList());

    public Task SubscribeAsync(IInboxObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IInboxObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private Task ChangedAsync()
    {
        var key = this.GetPrimaryKeyString();
        return _observers.Notify(o => o.OnInboxChangedAsync(key));
    }
}
