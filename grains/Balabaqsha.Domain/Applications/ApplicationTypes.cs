namespace Balabaqsha.Domain.Applications;

public enum QueueType
{
    General,
    Sanatorium,
}

/// <summary>The statuses of SPEC §4, in the order of a successful path.</summary>
public enum ApplicationStatus
{
    AwaitingDocuments,
    InQueue,
    VoucherOffered,
    ChoosingKindergarten,
    AwaitingContract,
    ContractSigning,
    Enrolled,
    StopList,
    Archived,
}

/// <summary>Why an application ended in the archive.</summary>
public enum ArchiveReason
{
    None,
    Rejected,
    Refused,
    VoucherExpired,
    StopListExpired,
    Withdrawn,
    EnrolledElsewhere,
}

public enum PriorityClaimStatus
{
    Pending,
    Confirmed,
    Rejected,
}

/// <summary>A claimed priority category with the document that proves it; it counts once the operator confirms it.</summary>
public sealed record PriorityClaim(
    string CategoryId,
    int Rank,
    string ProofDocument,
    PriorityClaimStatus Status,
    string? DecidedBy,
    string? Reason);

/// <summary>One line of an application's history: when, what, who (empty for the system), why.</summary>
public sealed record HistoryEntry(
    NodaTime.Instant At,
    string EventKey,
    ApplicationStatus Status,
    string ActorName,
    Identity.Role? ActorRole,
    string? Reason);

/// <summary>What the parent fills in on «Добавить заявление».</summary>
public sealed record ApplicationForm(
    QueueType QueueType,
    string ChildIin,
    string? RehabilitationTypeId,
    string? ConclusionDocument,
    string CityId,
    string? PreferredKindergartenId,
    string Language,
    string? PriorityCategoryId,
    string? PriorityProofDocument,
    bool Consent);
