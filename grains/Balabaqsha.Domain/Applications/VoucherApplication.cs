using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Domain.Applications;

/// <summary>
/// An application for a kindergarten voucher and its guarded transitions (SPEC §4). Every change
/// returns a new application with a history line; an illegal move throws a <see cref="DomainException"/>.
/// </summary>
public sealed partial record VoucherApplication
{
    /// <summary>The rank of an application without a confirmed priority: after every category.</summary>
    public const int NoPriorityRank = 1000;

    public required string Number { get; init; }

    public required string ParentIin { get; init; }

    public required string ChildIin { get; init; }

    public required string ChildName { get; init; }

    public required LocalDate ChildBirthDate { get; init; }

    public required QueueType QueueType { get; init; }

    public string? RehabilitationTypeId { get; init; }

    public string? ConclusionDocument { get; init; }

    public required string CityId { get; init; }

    public string? PreferredKindergartenId { get; init; }

    public required string Language { get; init; }

    public PriorityClaim? Priority { get; init; }

    public required Instant SubmittedAt { get; init; }

    public ApplicationStatus Status { get; init; }

    public ArchiveReason ArchiveReason { get; init; }

    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    public bool IsActive => Status is not (ApplicationStatus.Archived or ApplicationStatus.Enrolled);

    /// <summary>The rank the queue orders by: a confirmed priority's rank, otherwise none.</summary>
    public int EffectiveRank => Priority is { Status: PriorityClaimStatus.Confirmed } claim ? claim.Rank : NoPriorityRank;

    /// <summary>Checks a filled-in form and creates the application in its first status.</summary>
    public static VoucherApplication Submit(
        ApplicationForm form, string number, Actor parent, Registry.RegistryPerson child, int? priorityRank, Instant now)
    {
        if (!form.Consent)
        {
            throw new DomainException("Error.Application.ConsentRequired");
        }

        if (form.Language is not (Languages.Kazakh or Languages.Russian))
        {
            throw new DomainException("Error.Application.Language");
        }

        if (form.QueueType == QueueType.Sanatorium)
        {
            if (string.IsNullOrEmpty(form.RehabilitationTypeId))
            {
                throw new DomainException("Error.Application.RehabilitationTypeRequired");
            }

            if (string.IsNullOrEmpty(form.ConclusionDocument))
            {
                throw new DomainException("Error.Application.ConclusionRequired");
            }
        }

        PriorityClaim? claim = null;
        if (!string.IsNullOrEmpty(form.PriorityCategoryId))
        {
            if (priorityRank is null)
            {
                throw new DomainException("Error.Application.UnknownPriority");
            }

            if (string.IsNullOrEmpty(form.PriorityProofDocument))
            {
                throw new DomainException("Error.Application.PriorityProofRequired");
            }

            claim = new PriorityClaim(form.PriorityCategoryId, priorityRank.Value, form.PriorityProofDocument, PriorityClaimStatus.Pending, null, null);
        }

        var status = form.QueueType == QueueType.Sanatorium ? ApplicationStatus.AwaitingDocuments : ApplicationStatus.InQueue;
        return new VoucherApplication
        {
            Number = number,
            ParentIin = parent.Iin,
            ChildIin = child.Iin,
            ChildName = child.FullName,
            ChildBirthDate = child.BirthDate,
            QueueType = form.QueueType,
            RehabilitationTypeId = form.QueueType == QueueType.Sanatorium ? form.RehabilitationTypeId : null,
            ConclusionDocument = form.QueueType == QueueType.Sanatorium ? form.ConclusionDocument : null,
            CityId = form.CityId,
            PreferredKindergartenId = form.PreferredKindergartenId,
            Language = form.Language,
            Priority = claim,
            SubmittedAt = now,
            Status = status,
            History = [new HistoryEntry(now, "History.Submitted", status, parent.FullName, Role.Parent, null)],
        };
    }

    /// <summary>The doctor of the application's city confirms the documents: the application enters its queue.</summary>
    public VoucherApplication Confirm(Actor doctor, Instant now)
    {
        RequireDoctor(doctor);
        return Move(ApplicationStatus.InQueue, "History.Confirmed", doctor, null, now);
    }

    /// <summary>The doctor rejects the documents with a reason: the application goes to the archive.</summary>
    public VoucherApplication Reject(Actor doctor, string? reason, Instant now)
    {
        RequireDoctor(doctor);
        var why = RequireReason(reason);
        return Move(ApplicationStatus.Archived, "History.Rejected", doctor, why, now) with { ArchiveReason = ArchiveReason.Rejected };
    }

    /// <summary>The parent withdraws the application: it goes to the archive with that reason.</summary>
    public VoucherApplication Withdraw(Actor parent, Instant now)
    {
        if (parent.Iin != ParentIin)
        {
            throw new DomainException("Error.Access.Denied");
        }

        if (Status is not (ApplicationStatus.AwaitingDocuments or ApplicationStatus.InQueue or ApplicationStatus.StopList))
        {
            throw new DomainException("Error.Application.CannotWithdraw");
        }

        return Move(ApplicationStatus.Archived, "History.Withdrawn", parent, null, now) with { ArchiveReason = ArchiveReason.Withdrawn };
    }

    /// <summary>The operator of the city confirms or rejects the claimed priority category.</summary>
    public VoucherApplication DecidePriority(Actor operatorActor, bool confirm, string? reason, Instant now)
    {
        if (!operatorActor.IsOperatorOf(CityId))
        {
            throw new DomainException("Error.Access.Denied");
        }

        if (Priority is not { Status: PriorityClaimStatus.Pending } claim)
        {
            throw new DomainException("Error.Priority.AlreadyDecided");
        }

        if (!IsActive)
        {
            throw new DomainException("Error.Application.NotActive");
        }

        var why = confirm ? null : RequireReason(reason);
        var decided = claim with
        {
            Status = confirm ? PriorityClaimStatus.Confirmed : PriorityClaimStatus.Rejected,
            DecidedBy = operatorActor.FullName,
            Reason = why,
        };
        return this with
        {
            Priority = decided,
            History = [.. History, new HistoryEntry(now, confirm ? "History.PriorityConfirmed" : "History.PriorityRejected", Status, operatorActor.FullName, operatorActor.Role, why)],
        };
    }

    /// <summary>
    /// Who may see this application: its parent (signed in as a parent: a staff account of the same person sees only
    /// what its own role and scope allow), the doctor of its city (sanatorium), the operator of its city (priority
    /// claims, enrollment requests), the staff of the kindergarten it requests a place in.
    /// </summary>
    public bool IsVisibleTo(Actor actor) =>
        (actor.Role == Role.Parent && actor.Iin == ParentIin)
        || (QueueType == QueueType.Sanatorium && actor.IsDoctorOf(CityId))
        || (Priority is not null && actor.IsOperatorOf(CityId))
        || (Request is not null && actor.IsOperatorOf(CityId))
        || IsStaffOfRequest(actor);

    private void RequireDoctor(Actor doctor)
    {
        if (QueueType != QueueType.Sanatorium || !doctor.IsDoctorOf(CityId))
        {
            throw new DomainException("Error.Access.Denied");
        }

        if (Status != ApplicationStatus.AwaitingDocuments)
        {
            throw new DomainException("Error.Application.AlreadyDecided");
        }
    }

    private static string RequireReason(string? reason)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException("Error.Application.ReasonRequired");
        }

        return trimmed.Length > 500 ? trimmed[..500] : trimmed;
    }

    private VoucherApplication Move(ApplicationStatus to, string eventKey, Actor actor, string? reason, Instant now) => this with
    {
        Status = to,
        History = [.. History, new HistoryEntry(now, eventKey, to, actor.FullName, actor.IsSystem ? null : actor.Role, reason)],
    };
}
