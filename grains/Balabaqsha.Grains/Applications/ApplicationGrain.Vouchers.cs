using System.Globalization;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Calendar;
using NodaTime;

namespace Balabaqsha.Grains.Applications;

/// <summary>
/// The voucher part of an application: offers from a pool, the parent's answers, and the deadlines —
/// absolute instants in state, enforced by an Orleans reminder at the due moment and by the deadline
/// sweeper (at start, after the development clock moves, and every few seconds). Every handler is idempotent.
/// </summary>
public sealed partial class ApplicationGrain
{
    private const string DeadlineReminder = "deadline";
    private static readonly TimeSpan ReminderRetry = TimeSpan.FromMinutes(10);

    public async Task<bool> OfferVoucherAsync(string voucherId, string poolKey)
    {
        if (state.State.Application is not { } application)
        {
            return false;
        }

        if (application.Voucher?.Id == voucherId)
        {
            return application.Status == ApplicationStatus.VoucherOffered || application.IsEnrolling;
        }

        if (application.Status != ApplicationStatus.InQueue
            || !await Parent(application).TryHoldVoucherAsync(application.ChildIin, application.Number))
        {
            return false;
        }

        var calendar = await CalendarClient.LoadAsync(GrainFactory);
        var now = clock.GetCurrentInstant();
        var deadline = calendar.DeadlineAfter(now, 2);
        await SaveAsync(application.OfferVoucher(voucherId, poolKey, now, deadline, ReminderBefore(calendar, deadline, now)));
        await NotifyAsync("Notice.VoucherOffered", Current.Number, Display(calendar, deadline), Left(calendar, now, deadline));
        return true;
    }

    public Task<bool> HoldsVoucherAsync(string voucherId) => Task.FromResult(
        state.State.Application is { Voucher: { } voucher } application && voucher.Id == voucherId
        && (application.Status is ApplicationStatus.VoucherOffered or ApplicationStatus.Enrolled || application.IsEnrolling));

    public async Task<ApplicationView> AcceptVoucherAsync(Actor parent)
    {
        var calendar = await CalendarClient.LoadAsync(GrainFactory);
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        var deadline = calendar.DeadlineAfter(now, 5);
        await SaveAsync(Current.AcceptVoucher(parent, now, deadline, ReminderBefore(calendar, deadline, now)));
        await GrainFactory.GetGrain<IVoucherPoolGrain>(Current.Voucher!.PoolKey).AcceptedAsync(Current.Voucher.Id);
        await NotifyAsync("Notice.VoucherAccepted", Current.Number, Display(calendar, deadline), Left(calendar, now, deadline));
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> RefuseVoucherAsync(Actor parent)
    {
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        await SaveAsync(Current.RefuseVoucher(parent, now));
        await NotifyAsync("Notice.VoucherRefused", Current.Number);
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> ExtendAsync(Actor parent)
    {
        var calendar = await CalendarClient.LoadAsync(GrainFactory);
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        var (kind, at) = Current.CurrentDeadline;
        if (kind != DeadlineKind.Enrollment)
        {
            throw new DomainException("Error.Voucher.NotEnrolling");
        }

        var extended = calendar.ExtendDeadline(at, 2);
        await SaveAsync(Current.ExtendEnrollment(parent, now, calendar.IsLastBusinessDay(now, at), extended, ReminderBefore(calendar, extended, now)));
        await NotifyAsync("Notice.VoucherExtended", Current.Number, Display(calendar, extended));
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> ReturnFromStopListAsync(Actor parent)
    {
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        await SaveAsync(Current.ReturnFromStopList(parent, now));
        await NotifyAsync("Notice.ReturnedFromStopList", Current.Number);
        return await ViewAsync(Current);
    }

    public async Task EnforceAsync()
    {
        if (state.State.Application is null)
        {
            await deadlines.SetAsync(this.GetPrimaryKeyString()["app:".Length..], null);
            return;
        }

        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        if (Current.ReminderDue(now))
        {
            var calendar = await CalendarClient.LoadAsync(GrainFactory);
            var (_, at) = Current.CurrentDeadline;
            await SaveAsync(Current.Reminded());
            await NotifyAsync("Notice.LastBusinessDay", Current.Number, Display(calendar, at));
        }
        else
        {
            await ScheduleAsync(Current);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => EnforceAsync();

    /// <summary>A deadline that passed takes effect before anything else is decided.</summary>
    private async Task EnforceDueAsync(Instant now)
    {
        var before = Current;
        var after = before.Enforce(now);
        if (ReferenceEquals(after, before))
        {
            return;
        }

        await SaveAsync(after);
        switch (after.Status)
        {
            case ApplicationStatus.StopList:
                await NotifyAsync("Notice.StopListed", after.Number, Display(await CalendarClient.LoadAsync(GrainFactory), after.StopListDeadline!.Value));
                break;
            case ApplicationStatus.Archived when after.ArchiveReason == ArchiveReason.VoucherExpired:
                await NotifyAsync("Notice.VoucherExpired", after.Number);
                break;
            case ApplicationStatus.Archived:
                await NotifyAsync("Notice.StopListExpired", after.Number);
                break;
        }
    }

    /// <summary>After a change: a voucher the application no longer holds frees the child, and an annulled one its place.</summary>
    private async Task SyncVoucherAsync(VoucherApplication before, VoucherApplication after)
    {
        var held = before.Voucher is not null && (before.Status == ApplicationStatus.VoucherOffered || before.IsEnrolling);
        var holds = after.Voucher is not null && (after.Status == ApplicationStatus.VoucherOffered || after.IsEnrolling || after.Status == ApplicationStatus.Enrolled);
        if (held && !holds)
        {
            await Parent(after).ReleaseVoucherAsync(after.ChildIin, after.Number);
            await GrainFactory.GetGrain<IVoucherPoolGrain>(before.Voucher!.PoolKey).ReleaseAsync(before.Voucher.Id);
        }
    }

    /// <summary>The deadline index and the reminder follow the next due instant (idempotent).</summary>
    private async Task ScheduleAsync(VoucherApplication application)
    {
        var due = application.NextDueAt;
        await deadlines.SetAsync(application.Number, due);
        if (due is { } at)
        {
            var wait = at - clock.GetCurrentInstant();
            var dueTime = wait <= Duration.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait.ToTimeSpan();
            await this.RegisterOrUpdateReminder(DeadlineReminder, dueTime, ReminderRetry);
        }
        else if (await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<DeadlineView?> DeadlineViewAsync(VoucherApplication application)
    {
        var (kind, at) = application.CurrentDeadline;
        if (kind == DeadlineKind.None)
        {
            return null;
        }

        var calendar = await CalendarClient.LoadAsync(GrainFactory);
        var now = clock.GetCurrentInstant();
        var lastDay = calendar.LastDay(at);
        var left = kind == DeadlineKind.StopList
            ? Math.Max(0, Period.Between(now.InZone(PortalClock.Almaty).Date, lastDay, PeriodUnits.Days).Days + 1)
            : calendar.BusinessDaysToGo(now, at);
        var canExtend = kind == DeadlineKind.Enrollment && application.Voucher is { Extended: false, SignedByParentAt: null } && calendar.IsLastBusinessDay(now, at);
        var canReturn = kind == DeadlineKind.StopList && !application.ReturnedFromStopList && now < at;
        return new DeadlineView(kind, at, now >= at ? 0 : left, lastDay, canExtend, canReturn);
    }

    // 09:00 Almaty of the deadline's last business day; none when that moment has passed already.
    private static Instant? ReminderBefore(BusinessCalendar calendar, Instant deadline, Instant now)
    {
        var day = calendar.LastDay(deadline);
        while (!calendar.IsBusinessDay(day) && day > now.InZone(PortalClock.Almaty).Date)
        {
            day = day.PlusDays(-1);
        }

        var at = day.At(new LocalTime(9, 0)).InZoneLeniently(PortalClock.Almaty).ToInstant();
        return at > now && at < deadline ? at : null;
    }

    // "27.03.2026 24:00": the last day and the hour the deadline ends.
    private static string Display(BusinessCalendar calendar, Instant deadline) =>
        calendar.LastDay(deadline).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) + " 24:00";

    private static string Left(BusinessCalendar calendar, Instant now, Instant deadline) =>
        calendar.BusinessDaysToGo(now, deadline).ToString(CultureInfo.InvariantCulture);

    private IParentGrain Parent(VoucherApplication application) => GrainFactory.GetGrain<IParentGrain>(ApplicationKeys.Parent(application.ParentIin));
}
