using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Time;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Applications;

/// <summary>Vouchers (SPEC §6) on a fake clock: offer, answer, stop list, enrollment deadline, extension, refusal.</summary>
public sealed class VoucherLifecycleTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.Kazakhstan();
    private static readonly RegistryPerson Child = new("200706670634", "Касымова", "Айару", "Нурлановна", Sex.Female, new LocalDate(2021, 7, 6), null);
    private static readonly Actor Parent = new("981114434343", Role.Parent, "Касымова Жанна", null, null);
    private static readonly Actor Stranger = new("981114434344", Role.Parent, "Другой родитель", null, null);

    // Monday 2026-11-23, 10:00 Almaty.
    private static readonly Instant Monday = Almaty(2026, 11, 23, 10, 0);

    private static Instant Almaty(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(PortalClock.Almaty).ToInstant();

    private static VoucherApplication Waiting() => VoucherApplication.Submit(
        new ApplicationForm(QueueType.General, Child.Iin, null, null, "almaty", null, "ru", null, null, true), "ALM-000042", Parent, Child, null, Monday - Duration.FromDays(300));

    private static VoucherApplication Offered(Instant at) =>
        Waiting().OfferVoucher("v1", "pool:almaty:general:-:ru:2021", at, Calendar.DeadlineAfter(at, 2), null);

    [Fact]
    public void Offer_TwoBusinessDaysToAnswer_EndsAt24OfTheSecondBusinessDay()
    {
        var offered = Offered(Monday);

        Assert.Equal(ApplicationStatus.VoucherOffered, offered.Status);
        Assert.Equal((DeadlineKind.Answer, Almaty(2026, 11, 26, 0, 0)), offered.CurrentDeadline);
        Assert.Equal("History.VoucherOffered", offered.History[^1].EventKey);
    }

    [Fact]
    public void NoAnswer_DeadlinePasses_StopListFor28CalendarDays_ThenArchive()
    {
        var offered = Offered(Monday);
        var deadline = offered.CurrentDeadline.At;

        var stillOffered = offered.Enforce(deadline - Duration.FromSeconds(1));
        var stopped = offered.Enforce(deadline + Duration.FromMinutes(5));
        var again = stopped.Enforce(deadline + Duration.FromMinutes(6));

        Assert.Same(offered, stillOffered);
        Assert.Equal(ApplicationStatus.StopList, stopped.Status);
        Assert.Same(stopped, again);

        // Entered the stop list on Thursday 26.11; 28 calendar days after it: Thursday 24.12, until 24:00.
        Assert.Equal(Almaty(2026, 12, 25, 0, 0), stopped.StopListDeadline);
        var archived = stopped.Enforce(Almaty(2026, 12, 25, 0, 1));
        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.StopListExpired), (archived.Status, archived.ArchiveReason));
        Assert.Equal(ApplicationStatus.StopList, stopped.Enforce(Almaty(2026, 12, 24, 23, 59)).Status);
    }

    [Fact]
    public void ReturnFromStopList_OnceWithin28Days_BackInTheQueueAtItsOriginalPlace()
    {
        var stopped = Offered(Monday).Enforce(Almaty(2026, 11, 26, 0, 1));

        var returned = stopped.ReturnFromStopList(Parent, Almaty(2026, 12, 24, 23, 0));

        Assert.Equal(ApplicationStatus.InQueue, returned.Status);
        Assert.Equal(stopped.SubmittedAt, returned.SubmittedAt);
        Assert.True(returned.ReturnedFromStopList);
        Assert.Null(returned.Voucher);

        // A second stop list: no second return.
        var stoppedAgain = returned.OfferVoucher("v2", "pool", Almaty(2027, 1, 11, 9, 0), Calendar.DeadlineAfter(Almaty(2027, 1, 11, 9, 0), 2), null)
            .Enforce(Almaty(2027, 1, 20, 0, 0));
        Assert.Equal(ApplicationStatus.StopList, stoppedAgain.Status);
        Assert.Equal("Error.StopList.AlreadyReturned", Assert.Throws<DomainException>(() => stoppedAgain.ReturnFromStopList(Parent, Almaty(2027, 1, 20, 10, 0))).MessageKey);
    }

    [Fact]
    public void ReturnFromStopList_After28Days_Refused()
    {
        var stopped = Offered(Monday).Enforce(Almaty(2026, 11, 26, 0, 1));

        var refused = Assert.Throws<DomainException>(() => stopped.ReturnFromStopList(Parent, Almaty(2026, 12, 25, 0, 0)));

        Assert.Equal("Error.StopList.TooLate", refused.MessageKey);
    }

    [Fact]
    public void Accept_FiveBusinessDays_ExtendOnceOnTheLastDay_ThenExpire()
    {
        var accepted = Offered(Monday).AcceptVoucher(Parent, Monday + Duration.FromHours(1), Calendar.DeadlineAfter(Monday, 5), null);
        var deadline = accepted.CurrentDeadline.At;

        // Monday 23.11 + 5 business days = Monday 30.11, until 24:00.
        Assert.Equal((ApplicationStatus.ChoosingKindergarten, DeadlineKind.Enrollment, Almaty(2026, 12, 1, 0, 0)), (accepted.Status, accepted.CurrentDeadline.Kind, deadline));

        var early = Almaty(2026, 11, 27, 12, 0);
        Assert.Equal("Error.Voucher.ExtendOnLastDay", Assert.Throws<DomainException>(
            () => accepted.ExtendEnrollment(Parent, early, Calendar.IsLastBusinessDay(early, deadline), Calendar.ExtendDeadline(deadline, 2), null)).MessageKey);

        var lastDay = Almaty(2026, 11, 30, 15, 0);
        var extended = accepted.ExtendEnrollment(Parent, lastDay, Calendar.IsLastBusinessDay(lastDay, deadline), Calendar.ExtendDeadline(deadline, 2), null);
        Assert.Equal(Almaty(2026, 12, 3, 0, 0), extended.CurrentDeadline.At);
        Assert.Equal("Error.Voucher.AlreadyExtended", Assert.Throws<DomainException>(
            () => extended.ExtendEnrollment(Parent, Almaty(2026, 12, 2, 10, 0), true, Calendar.ExtendDeadline(extended.CurrentDeadline.At, 2), null)).MessageKey);

        var expired = extended.Enforce(Almaty(2026, 12, 3, 0, 0));
        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.VoucherExpired), (expired.Status, expired.ArchiveReason));
    }

    [Fact]
    public void ParentSignedTheContract_TheDeadlineStops()
    {
        var accepted = Offered(Monday).AcceptVoucher(Parent, Monday, Calendar.DeadlineAfter(Monday, 5), null);

        var signed = accepted.StopDeadlineOnParentSignature(Almaty(2026, 11, 27, 10, 0));

        Assert.Equal(DeadlineKind.None, signed.CurrentDeadline.Kind);
        Assert.Same(signed, signed.Enforce(Almaty(2027, 1, 1, 0, 0)));
        Assert.Null(signed.NextDueAt);
    }

    [Fact]
    public void Refuse_WhenOfferedOrLater_ArchivedAsRefused_NotBeforeAndNotByAStranger()
    {
        var offered = Offered(Monday);
        var accepted = offered.AcceptVoucher(Parent, Monday, Calendar.DeadlineAfter(Monday, 5), null);

        Assert.Equal(ArchiveReason.Refused, offered.RefuseVoucher(Parent, Monday).ArchiveReason);
        Assert.Equal(ArchiveReason.Refused, accepted.RefuseVoucher(Parent, Monday).ArchiveReason);
        Assert.Equal("Error.Voucher.NothingToRefuse", Assert.Throws<DomainException>(() => Waiting().RefuseVoucher(Parent, Monday)).MessageKey);
        Assert.Equal("Error.Access.Denied", Assert.Throws<DomainException>(() => offered.RefuseVoucher(Stranger, Monday)).MessageKey);
    }

    [Fact]
    public void Accept_AfterTheAnswerDeadline_Refused()
    {
        var offered = Offered(Monday);

        var late = Assert.Throws<DomainException>(() => offered.AcceptVoucher(Parent, offered.CurrentDeadline.At, Calendar.DeadlineAfter(offered.CurrentDeadline.At, 5), null));

        Assert.Equal("Error.Voucher.AnswerTooLate", late.MessageKey);
    }

    [Fact]
    public void Offer_OnlyToAWaitingApplication()
    {
        var offered = Offered(Monday);

        var again = Assert.Throws<DomainException>(() => offered.OfferVoucher("v2", "pool", Monday, Monday, null));

        Assert.Equal("Error.Voucher.NotInQueue", again.MessageKey);
    }

    [Theory]
    [InlineData(2026, 11, 23, 10, 2)] // the day of the offer (Monday): 2 to go
    [InlineData(2026, 11, 24, 23, 1)] // Tuesday late: Wednesday is left
    [InlineData(2026, 11, 25, 9, 1)]  // the last day itself
    [InlineData(2026, 11, 26, 0, 0)]  // passed
    public void BusinessDaysToGo_AsTheParentReadsIt(int year, int month, int day, int hour, int expected)
    {
        var deadline = Calendar.DeadlineAfter(Monday, 2);

        Assert.Equal(expected, Calendar.BusinessDaysToGo(Almaty(year, month, day, hour, 0), deadline));
    }

    [Fact]
    public void BusinessDaysToGo_OverNauryz_CountsOnlyBusinessDays()
    {
        var friday = Almaty(2026, 3, 20, 10, 0);
        var deadline = Calendar.DeadlineAfter(friday, 2);

        Assert.Equal(Almaty(2026, 3, 28, 0, 0), deadline);
        Assert.Equal(2, Calendar.BusinessDaysToGo(friday, deadline));
        Assert.Equal(2, Calendar.BusinessDaysToGo(Almaty(2026, 3, 24, 12, 0), deadline));
    }

    [Fact]
    public void Reminder_DueAt9OnTheLastBusinessDay_ThenNotAgain()
    {
        var reminderAt = Almaty(2026, 11, 25, 9, 0);
        var offered = Waiting().OfferVoucher("v1", "pool", Monday, Calendar.DeadlineAfter(Monday, 2), reminderAt);

        Assert.Equal(reminderAt, offered.NextDueAt);
        Assert.False(offered.ReminderDue(reminderAt - Duration.FromMinutes(1)));
        Assert.True(offered.ReminderDue(reminderAt));
        var reminded = offered.Reminded();
        Assert.False(reminded.ReminderDue(reminderAt + Duration.FromHours(1)));
        Assert.Equal(offered.CurrentDeadline.At, reminded.NextDueAt);
    }
}
