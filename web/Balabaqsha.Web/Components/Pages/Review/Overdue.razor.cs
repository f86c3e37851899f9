using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Calendar;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Time;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NodaTime;

namespace Balabaqsha.Web.Components.Pages.Review;

/// <summary>
/// The operator's overdue enrollment requests (SPEC §7): the requests and contracts of their city's
/// kindergartens that the kindergarten has left unanswered for 2 business days or more (the Kazakh
/// calendar), oldest first, each with «Отменить запрос» — the parent then chooses again with 2 more
/// business days. The rule is the application grain's; this page only finds the candidates.
/// </summary>
public sealed partial class Overdue
{
    public const string Path = "/operator/overdue";

    /// <summary>How long a kindergarten may leave a request or a contract unanswered.</summary>
    private const int BusinessDaysToAnswer = 2;

    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private Actor? _actor;
    private IReadOnlyList<OverdueItem>? _items;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private IClock Clock { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private ILogger<Overdue> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _actor = Actors.TryActorFrom((await AuthenticationState).User);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_actor?.CityId is not { } cityId)
        {
            _load.Fail("Error.Staff.NoCity");
            return;
        }

        await _load.RunAsync(async () =>
        {
            var calendar = new BusinessCalendar(await Grains.GetGrain<ICalendarGrain>(CalendarKeys.Kazakhstan).GetYearsAsync());
            var now = Clock.GetCurrentInstant();
            var kindergartens = await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(cityId)).GetAllAsync();
            var inboxes = await Task.WhenAll(kindergartens.Select(async k =>
                (Kindergarten: k, Items: await Grains.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(k.Id)).GetAsync())));
            _items = [.. inboxes
                .SelectMany(inbox => inbox.Items.Select(item => Candidate(inbox.Kindergarten, item, calendar)))
                .OfType<OverdueItem>()
                .Where(item => now >= item.OverdueAt)
                .OrderBy(item => item.WaitingSince)];
        });
    }

    /// <summary>
    /// What the operator may cancel: a request or a contract the parent has not signed yet, counted from the
    /// request or from the contract (as <c>CancelOverdueAsync</c> counts); a contract the parent signed waits for
    /// the kindergarten's signature, not for the operator.
    /// </summary>
    private OverdueItem? Candidate(KindergartenProfile kindergarten, EnrollmentItem item, BusinessCalendar calendar)
    {
        if (item.Status is not (ApplicationStatus.AwaitingContract or ApplicationStatus.ContractSigning) || item.ParentSignedAt is not null)
        {
            return null;
        }

        var waitingSince = item.ContractSentAt ?? item.RequestedAt;
        var group = kindergarten.Groups.FirstOrDefault(g => g.Id == item.GroupId)?.Name ?? item.GroupId;
        return new OverdueItem(item, kindergarten.Name.In(Preferences.Language), group, waitingSince, calendar.DeadlineAfter(waitingSince, BusinessDaysToAnswer));
    }

    private async Task CancelAsync(string number)
    {
        if (_actor is null)
        {
            return;
        }

        var done = await _form.RunAsync(() => Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).CancelOverdueAsync(_actor));
        if (done)
        {
            _form.Succeed(L["Overdue.Cancelled", number]);
        }

        // Cancelled here or by a colleague, or answered by the kindergarten meanwhile: the list is read again.
        await LoadAsync();
    }

    private sealed record OverdueItem(EnrollmentItem Item, string KindergartenName, string GroupName, Instant WaitingSince, Instant OverdueAt);
}
