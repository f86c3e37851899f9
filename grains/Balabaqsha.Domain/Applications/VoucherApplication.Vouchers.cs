using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;
using NodaTime;

namespace Balabaqsha.Domain.Applications;

/// <summary>The voucher part of an application (SPEC §6): offer, answer, stop list, enrollment deadline.</summary>
public sealed partial record VoucherApplication
{
    /// <summary>Calendar days an application may wait in the stop list before it is archived.</summary>
    public const int StopListDays = 28;

    /// <summary>The voucher offered or accepted now; null otherwise.</summary>
    public Voucher? Voucher { get; init; }

    /// <summary>When the application entered the stop list (the answer deadline it missed).</summary>
    public Instant? StopListedAt { get; init; }

    /// <summary>24:00 Almaty of the 28th calendar day after it entered the stop list.</summary>
    public Instant? StopListDeadline { get; init; }

    /// <summary>An application returns from the stop list once in its life.</summary>
    public bool ReturnedFromStopList { get; init; }

    /// <summary>09:00 Almaty of the last business day of the current deadline, until the reminder is sent.</summary>
    public Instant? ReminderAt { get; init; }

    /// <summary>The statuses in which an accepted voucher's enrollment deadline runs.</summary>
    public bool IsEnrolling => Status is ApplicationStatus.ChoosingKindergarten or ApplicationStatus.AwaitingContract or ApplicationStatus.ContractSigning;

    /// <summary>The deadline the application is under now, and when it ends.</summary>
    public (DeadlineKind Kind, Instant At) CurrentDeadline => this switch
    {
        { Status: ApplicationStatus.VoucherOffered, Voucher: { } offered } => (DeadlineKind.Answer, offered.AnswerDeadline),
        { IsEnrolling: true, Voucher: { SignedByParentAt: null, EnrollmentDeadline: { } until } } => (DeadlineKind.Enrollment, until),
        { Status: ApplicationStatus.StopList, StopListDeadline: { } until } => (DeadlineKind.StopList, until),
        _ => (DeadlineKind.None, Instant.MaxValue),
    };

    /// <summary>The next moment the system must look at the application: a deadline or its reminder; null when none.</summary>
    public Instant? NextDueAt
    {
        get
        {
            var (kind, at) = CurrentDeadline;
            if (kind == DeadlineKind.None)
            {
                return null;
            }

            return ReminderAt is { } reminder && reminder < at ? reminder : at;
        }
    }

    /// <summary>A place is free: the head of the queue gets a voucher and 2 business days to answer.</summary>
    public VoucherApplication OfferVoucher(string voucherId, string poolKey, Instant now, Instant answerDeadline, Instant? reminderAt)
    {
        if (Status != ApplicationStatus.InQueue)
        {
            throw new DomainException("Error.Voucher.NotInQueue");
        }

        return Move(ApplicationStatus.VoucherOffered, "History.VoucherOffered", Actor.System, null, now) with
        {
            Voucher = new Voucher(voucherId, poolKey, now, answerDeadline, null, null, false, null),
            ReminderAt = reminderAt,
        };
    }

    /// <summary>«Выбрать» → «Да»: the parent accepts; 5 business days to choose a kindergarten and conclude the contract.</summary>
    public VoucherApplication AcceptVoucher(Actor parent, Instant now, Instant enrollmentDeadline, Instant? reminderAt)
    {
        RequireParent(parent);
        if (Status != ApplicationStatus.VoucherOffered || Voucher is not { } offered)
        {
            throw new DomainException("Error.Voucher.NotOffered");
        }

        if (now >= offered.AnswerDeadline)
        {
            throw new DomainException("Error.Voucher.AnswerTooLate");
        }

        return Move(ApplicationStatus.ChoosingKindergarten, "History.VoucherAccepted", parent, null, now) with
        {
            Voucher = offered with { AcceptedAt = now, EnrollmentDeadline = enrollmentDeadline },
            ReminderAt = reminderAt,
        };
    }

    /// <summary>
    /// «Нет», or a refusal at any later step before enrollment: the voucher is annulled and the
    /// application archived. The caller frees the voucher's place.
    /// </summary>
    public VoucherApplication RefuseVoucher(Actor parent, Instant now)
    {
        RequireParent(parent);
        if (Voucher is null || !(Status == ApplicationStatus.VoucherOffered || IsEnrolling))
        {
            throw new DomainException("Error.Voucher.NothingToRefuse");
        }

        return Move(ApplicationStatus.Archived, "History.VoucherRefused", parent, null, now) with
        {
            ArchiveReason = ArchiveReason.Refused,
            ReminderAt = null,
        };
    }

    /// <summary>On the 5th (last) business day the parent may extend the enrollment deadline once by 2 business days.</summary>
    public VoucherApplication ExtendEnrollment(Actor parent, Instant now, bool isLastBusinessDay, Instant extendedDeadline, Instant? reminderAt)
    {
        RequireParent(parent);
        if (!IsEnrolling || Voucher is not { EnrollmentDeadline: { } until } accepted)
        {
            throw new DomainException("Error.Voucher.NotEnrolling");
        }

        if (accepted.SignedByParentAt is not null)
        {
            throw new DomainException("Error.Voucher.AlreadySigned");
        }

        if (accepted.Extended)
        {
            throw new DomainException("Error.Voucher.AlreadyExtended");
        }

        if (!isLastBusinessDay || now >= until)
        {
            throw new DomainException("Error.Voucher.ExtendOnLastDay");
        }

        return Record("History.VoucherExtended", parent, null, now) with
        {
            Voucher = accepted with { Extended = true, EnrollmentDeadline = extendedDeadline },
            ReminderAt = reminderAt,
        };
    }

    /// <summary>The parent signed and sent the contract: the enrollment deadline stops.</summary>
    public VoucherApplication StopDeadlineOnParentSignature(Instant now)
    {
        if (!IsEnrolling || Voucher is not { } accepted)
        {
            throw new DomainException("Error.Voucher.NotEnrolling");
        }

        return this with { Voucher = accepted with { SignedByParentAt = accepted.SignedByParentAt ?? now }, ReminderAt = null };
    }

    /// <summary>From the stop list back to the queue, once in the application's life, within 28 days: the original place.</summary>
    public VoucherApplication ReturnFromStopList(Actor parent, Instant now)
    {
        RequireParent(parent);
        if (Status != ApplicationStatus.StopList || StopListDeadline is not { } until)
        {
            throw new DomainException("Error.StopList.NotInStopList");
        }

        if (ReturnedFromStopList)
        {
            throw new DomainException("Error.StopList.AlreadyReturned");
        }

        if (now >= until)
        {
            throw new DomainException("Error.StopList.TooLate");
        }

        return Move(ApplicationStatus.InQueue, "History.ReturnedFromStopList", parent, null, now) with
        {
            ReturnedFromStopList = true,
            Voucher = null,
            StopListedAt = null,
            StopListDeadline = null,
            ReminderAt = null,
        };
    }

    /// <summary>
    /// What the system does when it looks at the application at <paramref name="now"/>: the deadline that
    /// passed takes effect (answer → stop list, stop list → archive, enrollment → archive). Idempotent: a
    /// second look changes nothing. Reminders are not sent here: see <see cref="ReminderDue"/>.
    /// </summary>
    public VoucherApplication Enforce(Instant now)
    {
        var (kind, at) = CurrentDeadline;
        if (kind == DeadlineKind.None || now < at)
        {
            return this;
        }

        return kind switch
        {
            DeadlineKind.Answer => Move(ApplicationStatus.StopList, "History.StopListed", Actor.System, null, now) with
            {
                StopListedAt = at,
                StopListDeadline = CalendarDeadlineAfter(at, StopListDays),
                ReminderAt = null,
            },
            DeadlineKind.StopList => Move(ApplicationStatus.Archived, "History.StopListExpired", Actor.System, null, now) with
            {
                ArchiveReason = ArchiveReason.StopListExpired,
                ReminderAt = null,
            },
            _ => Move(ApplicationStatus.Archived, "History.VoucherExpired", Actor.System, null, now) with
            {
                ArchiveReason = ArchiveReason.VoucherExpired,
                ReminderAt = null,
            },
        };
    }

    /// <summary>True when the last-day reminder of the current deadline is due and not yet sent.</summary>
    public bool ReminderDue(Instant now) =>
        ReminderAt is { } at && now >= at && CurrentDeadline is { Kind: not DeadlineKind.None } deadline && now < deadline.At;

    /// <summary>The reminder was sent.</summary>
    public VoucherApplication Reminded() => this with { ReminderAt = null };

    /// <summary>True when this status change annulled a voucher (refused, expired, not answered): its place is free again.</summary>
    public bool AnnulledVoucherComparedTo(VoucherApplication before) =>
        before.Voucher is not null && (before.Status == ApplicationStatus.VoucherOffered || before.IsEnrolling)
        && Status is ApplicationStatus.Archived or ApplicationStatus.StopList;

    /// <summary>24:00 Almaty of the N-th calendar day after the Almaty date of <paramref name="from"/>.</summary>
    public static Instant CalendarDeadlineAfter(Instant from, int days)
    {
        // An application that missed an answer deadline (24:00) entered the stop list on the next day.
        var date = from.InZone(PortalClock.Almaty).Date;
        return date.PlusDays(days + 1).AtStartOfDayInZone(PortalClock.Almaty).ToInstant();
    }

    private void RequireParent(Actor parent)
    {
        if (parent.Iin != ParentIin || parent.Role != Role.Parent)
        {
            throw new DomainException("Error.Access.Denied");
        }
    }

    private VoucherApplication Record(string eventKey, Actor actor, string? reason, Instant now) => this with
    {
        History = [.. History, new HistoryEntry(now, eventKey, Status, actor.FullName, actor.IsSystem ? null : actor.Role, reason)],
    };
}
