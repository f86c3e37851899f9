using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Abstractions.Applications;

/// <summary>A child of a parent, as «Мои дети» shows it.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.ChildCard")]
public sealed record ChildCard(
    [property: Id(0)] string Iin,
    [property: Id(1)] string Surname,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Patronymic,
    [property: Id(4)] Sex Sex,
    [property: Id(5)] LocalDate BirthDate)
{
    public string FullName => Patronymic is null ? $"{Surname} {Name}" : $"{Surname} {Name} {Patronymic}";
}

/// <summary>A line of an application's history.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.HistoryLine")]
public sealed record HistoryLine(
    [property: Id(0)] Instant At,
    [property: Id(1)] string EventKey,
    [property: Id(2)] ApplicationStatus Status,
    [property: Id(3)] string ActorName,
    [property: Id(4)] Role? ActorRole,
    [property: Id(5)] string? Reason);

/// <summary>A priority claim as its card shows it.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.PriorityView")]
public sealed record PriorityView(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] int Rank,
    [property: Id(2)] string ProofDocument,
    [property: Id(3)] PriorityClaimStatus Status,
    [property: Id(4)] string? DecidedBy,
    [property: Id(5)] string? Reason);

/// <summary>An application's card.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.ApplicationView")]
public sealed record ApplicationView(
    [property: Id(0)] string Number,
    [property: Id(1)] string ParentIin,
    [property: Id(2)] string ChildIin,
    [property: Id(3)] string ChildName,
    [property: Id(4)] LocalDate ChildBirthDate,
    [property: Id(5)] QueueType QueueType,
    [property: Id(6)] string? RehabilitationTypeId,
    [property: Id(7)] string? ConclusionDocument,
    [property: Id(8)] string CityId,
    [property: Id(9)] string? PreferredKindergartenId,
    [property: Id(10)] string Language,
    [property: Id(11)] PriorityView? Priority,
    [property: Id(12)] Instant SubmittedAt,
    [property: Id(13)] ApplicationStatus Status,
    [property: Id(14)] ArchiveReason ArchiveReason,
    [property: Id(15)] IReadOnlyList<HistoryLine> History,
    [property: Id(16)] QueuePlace? Place,
    [property: Id(17)] VoucherView? Voucher = null,
    [property: Id(18)] DeadlineView? Deadline = null,
    [property: Id(19)] EnrollmentView? Enrollment = null)
{
    public static ApplicationView From(VoucherApplication a, QueuePlace? place, DeadlineView? deadline = null) => new(
        a.Number, a.ParentIin, a.ChildIin, a.ChildName, a.ChildBirthDate, a.QueueType, a.RehabilitationTypeId,
        a.ConclusionDocument, a.CityId, a.PreferredKindergartenId, a.Language,
        a.Priority is { } p ? new PriorityView(p.CategoryId, p.Rank, p.ProofDocument, p.Status, p.DecidedBy, p.Reason) : null,
        a.SubmittedAt, a.Status, a.ArchiveReason,
        [.. a.History.Select(h => new HistoryLine(h.At, h.EventKey, h.Status, h.ActorName, h.ActorRole, h.Reason))],
        place,
        a.Voucher is { } v ? new VoucherView(v.Id, v.PoolKey, v.OfferedAt, v.AnswerDeadline, v.AcceptedAt, v.EnrollmentDeadline, v.Extended, v.SignedByParentAt) : null,
        deadline,
        a.Request is { } r ? new EnrollmentView(r.KindergartenId, r.GroupId, r.RequestedAt, r.ContractSentAt, r.ContractDocument is not null, r.ParentSignedAt, r.Documents, r.StaffSignedAt,
            r.Terms?.ParentEntries.Address, r.Terms?.ParentEntries.SecondPhone, r.Terms?.ParentEntries.PreferredStart, r.Terms?.AttendanceStart) : null);
}

/// <summary>The request for a place and its contract, as the card and the kindergarten's inbox show them.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.EnrollmentView")]
public sealed record EnrollmentView(
    [property: Id(0)] string KindergartenId,
    [property: Id(1)] string GroupId,
    [property: Id(2)] Instant RequestedAt,
    [property: Id(3)] Instant? ContractSentAt,
    [property: Id(4)] bool HasContract,
    [property: Id(5)] Instant? ParentSignedAt,
    [property: Id(6)] IReadOnlyList<string> Documents,
    [property: Id(7)] Instant? StaffSignedAt,
    [property: Id(8)] string? EntryAddress = null,
    [property: Id(9)] string? EntrySecondPhone = null,
    [property: Id(10)] LocalDate? EntryStart = null,
    [property: Id(11)] LocalDate? ProposedStart = null);

/// <summary>The voucher of an application as its card shows it.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.VoucherView")]
public sealed record VoucherView(
    [property: Id(0)] string Id,
    [property: Id(1)] string PoolKey,
    [property: Id(2)] Instant OfferedAt,
    [property: Id(3)] Instant AnswerDeadline,
    [property: Id(4)] Instant? AcceptedAt,
    [property: Id(5)] Instant? EnrollmentDeadline,
    [property: Id(6)] bool Extended,
    [property: Id(7)] Instant? SignedByParentAt);

/// <summary>
/// The deadline an application is under, as of the moment the card was read: when it ends (24:00 Almaty
/// of its last day), how many business days are left, and what the parent may do now.
/// </summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.DeadlineView")]
public sealed record DeadlineView(
    [property: Id(0)] DeadlineKind Kind,
    [property: Id(1)] Instant At,
    [property: Id(2)] int BusinessDaysLeft,
    [property: Id(3)] LocalDate LastDay,
    [property: Id(4)] bool CanExtend,
    [property: Id(5)] bool CanReturnFromStopList);

/// <summary>A place in a queue: overall and among children born the same year.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.QueuePlace")]
public sealed record QueuePlace(
    [property: Id(0)] int Place,
    [property: Id(1)] int BirthYearPlace,
    [property: Id(2)] int Total);

/// <summary>An item of a doctor's or an operator's inbox.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.InboxItem")]
public sealed record InboxItem(
    [property: Id(0)] string Number,
    [property: Id(1)] Instant SubmittedAt,
    [property: Id(2)] string ChildName,
    [property: Id(3)] LocalDate ChildBirthDate,
    [property: Id(4)] string? RehabilitationTypeId,
    [property: Id(5)] string? PriorityCategoryId,
    [property: Id(6)] string Document);
