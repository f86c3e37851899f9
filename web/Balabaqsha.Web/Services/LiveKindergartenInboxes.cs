using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Enrollment;

namespace Balabaqsha.Web.Services;

/// <summary>Live kindergarten inboxes (requests and contracts), one subscription per kindergarten per web server.</summary>
public sealed class LiveKindergartenInboxes(IGrainFactory grains, ILogger<LiveKindergartenInboxes> logger)
    : LiveTopics<IInboxObserver, string>(grains, logger)
{
    /// <summary>Watches the inbox of a kindergarten.</summary>
    public IDisposable Watch(string kindergartenId, Func<Task> onChange) => Watch(EnrollmentKeys.Inbox(kindergartenId), _ => onChange());

    protected override (object Observer, IInboxObserver Reference) CreateReference(Func<string, Task> publish)
    {
        var observer = new Observer(publish);
        return (observer, Grains.CreateObjectReference<IInboxObserver>(observer));
    }

    protected override Task SubscribeAsync(string key, IInboxObserver reference) =>
        Grains.GetGrain<IKindergartenInboxGrain>(key).SubscribeAsync(reference);

    protected override Task UnsubscribeAsync(string key, IInboxObserver reference) =>
        Grains.GetGrain<IKindergartenInboxGrain>(key).UnsubscribeAsync(reference);

    private sealed class Observer(Func<string, Task> publish) : IInboxObserver
    {
        public Task OnInboxChangedAsync(string inboxKey) => publish(inboxKey);
    }
}
