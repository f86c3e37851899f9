using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Enrollment;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Balabaqsha.Grains.Enrollment;

public sealed class KindergartenInboxState
{
    public List<EnrollmentItem> Items { get; set; } = [];
}

/// <summary>A kindergarten's requests and contracts, pushed live to the staff's web servers.</summary>
public sealed class KindergartenInboxGrain : Grain, IKindergartenInboxGrain
{
    private readonly IPersistentState<KindergartenInboxState> _inbox;
    private readonly ObserverManager<IInboxObserver> _observers;

    public KindergartenInboxGrain([PersistentState("kindergarten-inbox")] IPersistentState<KindergartenInboxState> inbox, ILogger<KindergartenInboxGrain> logger)
    {
        _inbox = inbox;
        _observers = new ObserverManager<IInboxObserver>(TimeSpan.FromMinutes(5), logger);
    }

    public async Task PutAsync(EnrollmentItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var at = _inbox.State.Items.FindIndex(i => i.Number == item.Number);
        if (at >= 0 && _inbox.State.Items[at] == item)
        {
            return;
        }

        if (at >= 0)
        {
            _inbox.State.Items[at] = item;
        }
        else
        {
            _inbox.State.Items.Add(item);
        }

        _inbox.State.Items.Sort((a, b) => a.WaitingSince.CompareTo(b.WaitingSince));
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

    public Task<IReadOnlyList<EnrollmentItem>> GetAsync() => Task.FromResult<IReadOnlyList<EnrollmentItem>>([.. _inbox.State.Items]);

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
