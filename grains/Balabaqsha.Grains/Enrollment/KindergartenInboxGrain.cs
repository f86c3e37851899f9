using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Grains.Inboxes;
using Microsoft.Extensions.Logging;

namespace Balabaqsha.Grains.Enrollment;

public sealed class KindergartenInboxState : IInboxState<EnrollmentItem>
{
    public List<EnrollmentItem> Items { get; set; } = [];
}

/// <summary>A kindergarten's requests and contracts, longest waiting first, pushed live to the staff's web servers.</summary>
public sealed class KindergartenInboxGrain(
    [PersistentState("kindergarten-inbox")] IPersistentState<KindergartenInboxState> inbox,
    ILogger<KindergartenInboxGrain> logger)
    : LiveInboxGrain<EnrollmentItem, KindergartenInboxState>(inbox, logger, i => i.Number, (a, b) => a.WaitingSince.CompareTo(b.WaitingSince)),
      IKindergartenInboxGrain
{
    /// <summary>A request enters or moves to its next step.</summary>
    public Task PutAsync(EnrollmentItem item) => PutAsync(item, replace: true);
}
