using Balabaqsha.Abstractions.Applications;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Balabaqsha.Grains.Inboxes;

/// <summary>The persisted items of a live inbox.</summary>
public interface IInboxState<TItem>
{
    List<TItem> Items { get; }
}

/// <summary>
/// A persisted list of items for a group of staff (a city's doctor or operator, a kindergarten), kept in order,
/// with every change pushed to the subscribed web servers (<see cref="IInboxObserver"/>), which re-read it.
/// </summary>
public abstract class LiveInboxGrain<TItem, TState> : Grain
    where TState : class, IInboxState<TItem>
{
    private readonly IPersistentState<TState> _inbox;
    private readonly ObserverManager<IInboxObserver> _observers;
    private readonly Comparison<TItem> _order;
    private readonly Func<TItem, string> _numberOf;

    protected LiveInboxGrain(IPersistentState<TState> inbox, ILogger logger, Func<TItem, string> numberOf, Comparison<TItem> order)
    {
        _inbox = inbox;
        _observers = new ObserverManager<IInboxObserver>(TimeSpan.FromMinutes(5), logger);
        _numberOf = numberOf;
        _order = order;
    }

    private List<TItem> Items => _inbox.State.Items;

    public async Task RemoveAsync(string number)
    {
        if (Items.RemoveAll(i => _numberOf(i) == number) > 0)
        {
            await ChangedAsync();
        }
    }

    public Task<IReadOnlyList<TItem>> GetAsync() => Task.FromResult<IReadOnlyList<TItem>>([.. Items]);

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

    /// <summary>
    /// Puts the item in its place: a new number is added; an item already there is replaced when
    /// <paramref name="replace"/>, else kept. Nothing is written when nothing changes.
    /// </summary>
    protected async Task PutAsync(TItem item, bool replace)
    {
        ArgumentNullException.ThrowIfNull(item);
        var number = _numberOf(item);
        var at = Items.FindIndex(i => _numberOf(i) == number);
        if (at >= 0 && (!replace || EqualityComparer<TItem>.Default.Equals(Items[at], item)))
        {
            return;
        }

        if (at >= 0)
        {
            Items[at] = item;
        }
        else
        {
            Items.Add(item);
        }

        Items.Sort(_order);
        await ChangedAsync();
    }

    private async Task ChangedAsync()
    {
        await _inbox.WriteStateAsync();
        var key = this.GetPrimaryKeyString();
        await _observers.Notify(o => o.OnInboxChangedAsync(key));
    }
}
