using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain.Applications;
using NodaTime;
using Orleans.Concurrency;

namespace Balabaqsha.Abstractions.Enrollment;

/// <summary>One request for a place as the kindergarten's staff see it in their inbox.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.EnrollmentItem")]
public sealed record EnrollmentItem(
    [property: Id(0)] string Number,
    [property: Id(1)] string ChildName,
    [property: Id(2)] LocalDate ChildBirthDate,
    [property: Id(3)] string GroupId,
    [property: Id(4)] ApplicationStatus Status,
    [property: Id(5)] Instant RequestedAt,
    [property: Id(6)] Instant? ContractSentAt,
    [property: Id(7)] Instant? ParentSignedAt,
    [property: Id(8)] Instant WaitingSince,
    [property: Id(9)] IReadOnlyList<string>? Documents = null);

/// <summary>
/// The live inbox of one kindergarten's requests and contracts (<see cref="EnrollmentKeys.Inbox"/>):
/// what waits for its staff, oldest first. Items waiting more than 2 business days are overdue for the operator.
/// </summary>
[Alias("Balabaqsha.IKindergartenInboxGrain")]
public interface IKindergartenInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces an item.</summary>
    Task PutAsync(EnrollmentItem item);

    /// <summary>Removes an item (declined, cancelled, enrolled, refused).</summary>
    Task RemoveAsync(string number);

    /// <summary>The items, oldest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<EnrollmentItem>> GetAsync();

    /// <summary>Subscribes a web server's observer; renew within the expiry.</summary>
    Task SubscribeAsync(IInboxObserver observer);

    /// <summary>Unsubscribes an observer.</summary>
    Task UnsubscribeAsync(IInboxObserver observer);
}

public static class EnrollmentKeys
{
    public static string Inbox(string kindergartenId) => $"inbox:kindergarten:{kindergartenId}";
}
