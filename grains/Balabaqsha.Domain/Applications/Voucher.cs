using NodaTime;

namespace Balabaqsha.Domain.Applications;

/// <summary>
/// A voucher offered to an application: one unit of free-place capacity of a pool, with its deadlines
/// as absolute instants. <see cref="AnswerDeadline"/> holds while it is offered; once accepted,
/// <see cref="EnrollmentDeadline"/> holds until the parent signs and sends the contract.
/// </summary>
public sealed record Voucher(
    string Id,
    string PoolKey,
    Instant OfferedAt,
    Instant AnswerDeadline,
    Instant? AcceptedAt,
    Instant? EnrollmentDeadline,
    bool Extended,
    Instant? SignedByParentAt);

/// <summary>Which deadline an application is under now.</summary>
public enum DeadlineKind
{
    None,
    Answer,
    Enrollment,
    StopList,
}
