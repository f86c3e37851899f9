using Balabaqsha.Domain.Contracts;
using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Domain.Applications;

/// <summary>A request for a place in a kindergarten's group, from «Подтвердить» to enrollment.</summary>
public sealed record EnrollmentRequest(
    string KindergartenId,
    string GroupId,
    Instant RequestedAt,
    Instant? ContractSentAt,
    string? ContractDocument,
    Instant? ParentSignedAt,
    string? ParentSignature,
    IReadOnlyList<string> Documents,
    Instant? StaffSignedAt,
    string? StaffSignature)
{
    /// <summary>What the contract states, kept from when it was sent so that the parent's entries re-render the same contract.</summary>
    public ContractTerms? Terms { get; init; }
}

/// <summary>The enrollment part of an application (SPEC §7, guide «Процесс зачисления в ДО»).</summary>
public sealed partial record VoucherApplication
{
    /// <summary>The current request for a place; null while the parent chooses a kindergarten.</summary>
    public EnrollmentRequest? Request { get; init; }

    /// <summary>The kindergarten where the child was enrolled.</summary>
    public string? EnrolledKindergartenId { get; init; }

    /// <summary>True when a member of the requested kindergarten's staff may act on this application.</summary>
    public bool IsStaffOfRequest(Actor actor) =>
        Request is { } request && actor.Role == Role.KindergartenStaff && actor.KindergartenId == request.KindergartenId;

    /// <summary>«Зачислиться» → the child → the group → «Подтвердить»: the place is requested (the caller holds it).</summary>
    public VoucherApplication RequestPlace(Actor parent, string kindergartenId, string groupId, Instant now)
    {
        RequireParent(parent);
        if (Status != ApplicationStatus.ChoosingKindergarten || Voucher is null)
        {
            throw new DomainException("Error.Enrollment.NotChoosing");
        }

        if (CurrentDeadline is { Kind: DeadlineKind.Enrollment } deadline && now >= deadline.At)
        {
            throw new DomainException("Error.Enrollment.DeadlinePassed");
        }

        return Move(ApplicationStatus.AwaitingContract, "History.PlaceRequested", parent, null, now) with
        {
            Request = new EnrollmentRequest(kindergartenId, groupId, now, null, null, null, null, [], null, null),
        };
    }

    /// <summary>The kindergarten declines with a reason: the parent chooses again within the same deadline.</summary>
    public VoucherApplication DeclineRequest(Actor staff, string? reason, Instant now)
    {
        RequireStaff(staff, ApplicationStatus.AwaitingContract);
        var why = RequireReason(reason);
        return Move(ApplicationStatus.ChoosingKindergarten, "History.RequestDeclined", staff, why, now) with { Request = null };
    }

    /// <summary>The kindergarten accepts and sends the contract (a stored PDF of <paramref name="terms"/>).</summary>
    public VoucherApplication SendContract(Actor staff, string contractDocument, ContractTerms terms, Instant now)
    {
        RequireStaff(staff, ApplicationStatus.AwaitingContract);
        return Move(ApplicationStatus.ContractSigning, "History.ContractSent", staff, null, now) with
        {
            Request = Request! with { ContractSentAt = now, ContractDocument = contractDocument, Terms = terms },
        };
    }

    /// <summary>
    /// The parent fills in their part of the contract (checked by <see cref="ContractParentEntries.Checked"/>):
    /// <paramref name="contractDocument"/> is the contract re-rendered with the entries, the one to sign.
    /// </summary>
    public VoucherApplication FillInContract(Actor parent, ContractParentEntries entries, string contractDocument, Instant now)
    {
        RequireParent(parent);
        var request = RequireUnsignedContract(now);
        if (request.Terms is not { } terms)
        {
            throw new DomainException("Error.Enrollment.WrongStep");
        }

        return Record("History.ContractFilledIn", parent, null, now) with
        {
            Request = request with { ContractDocument = contractDocument, Terms = terms.FilledInBy(entries) },
        };
    }

    /// <summary>
    /// The parent attached the documents and signed and sent the contract (the signature checked by the
    /// caller): the enrollment deadline stops; the kindergarten signs next.
    /// </summary>
    public VoucherApplication SignByParent(Actor parent, string signature, IReadOnlyList<string> documents, Instant now)
    {
        RequireParent(parent);
        var request = RequireUnsignedContract(now);
        if (request.Terms is { ParentEntries.IsComplete: false })
        {
            throw new DomainException("Error.Contract.EntriesMissing");
        }

        ContractDocuments.Check(documents);
        var signed = Record("History.ContractSignedByParent", parent, null, now) with
        {
            Request = request with { ParentSignedAt = now, ParentSignature = signature, Documents = documents },
        };
        return signed.StopDeadlineOnParentSignature(now);
    }

    /// <summary>The kindergarten signs a contract the parent signed: the child is enrolled.</summary>
    public VoucherApplication SignByStaff(Actor staff, string signature, Instant now)
    {
        RequireStaff(staff, ApplicationStatus.ContractSigning);
        if (Request is not { ParentSignedAt: not null } request)
        {
            throw new DomainException("Error.Enrollment.ParentNotSigned");
        }

        return Move(ApplicationStatus.Enrolled, "History.Enrolled", staff, null, now) with
        {
            Request = request with { StaffSignedAt = now, StaffSignature = signature },
            EnrolledKindergartenId = request.KindergartenId,
            ReminderAt = null,
        };
    }

    /// <summary>
    /// The operator of the city cancels a request or contract the kindergarten left unanswered for 2
    /// business days: the parent chooses again with 2 more business days.
    /// </summary>
    public VoucherApplication CancelOverdue(Actor operatorActor, bool overdue, Instant now, Instant newDeadline, Instant? reminderAt)
    {
        if (!operatorActor.IsOperatorOf(CityId))
        {
            throw new DomainException("Error.Access.Denied");
        }

        // The kindergarten's turn: a request it has not answered, or a contract the parent signed that it has not.
        var kindergartensTurn = (Status == ApplicationStatus.AwaitingContract && Request is not null)
            || (Status == ApplicationStatus.ContractSigning && Request?.ParentSignedAt is not null);
        if (!kindergartensTurn)
        {
            throw new DomainException("Error.Enrollment.NothingToCancel");
        }

        if (!overdue)
        {
            throw new DomainException("Error.Enrollment.NotOverdue");
        }

        return Move(ApplicationStatus.ChoosingKindergarten, "History.RequestCancelled", operatorActor, null, now) with
        {
            Request = null,
            Voucher = Voucher! with { EnrollmentDeadline = newDeadline, SignedByParentAt = null },
            ReminderAt = reminderAt,
        };
    }

    /// <summary>The child was enrolled through another application: this one ends.</summary>
    public VoucherApplication ArchiveEnrolledElsewhere(Instant now)
    {
        if (!IsActive)
        {
            return this;
        }

        return Move(ApplicationStatus.Archived, "History.EnrolledElsewhere", Actor.System, null, now) with
        {
            ArchiveReason = ArchiveReason.EnrolledElsewhere,
            ReminderAt = null,
        };
    }

    // A contract sent and not yet signed by the parent, within the enrollment deadline.
    private EnrollmentRequest RequireUnsignedContract(Instant now)
    {
        if (Status != ApplicationStatus.ContractSigning || Request is not { ContractDocument: not null } request)
        {
            throw new DomainException("Error.Enrollment.NoContract");
        }

        if (request.ParentSignedAt is not null)
        {
            throw new DomainException("Error.Enrollment.AlreadySigned");
        }

        if (CurrentDeadline is { Kind: DeadlineKind.Enrollment } deadline && now >= deadline.At)
        {
            throw new DomainException("Error.Enrollment.DeadlinePassed");
        }

        return request;
    }

    private void RequireStaff(Actor staff, ApplicationStatus status)
    {
        if (!IsStaffOfRequest(staff))
        {
            throw new DomainException("Error.Access.Denied");
        }

        if (Status != status)
        {
            throw new DomainException("Error.Enrollment.WrongStep");
        }
    }
}
