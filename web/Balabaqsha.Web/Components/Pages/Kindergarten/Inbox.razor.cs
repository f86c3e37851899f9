using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Calendar;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Time;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Endpoints;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Pages.Kindergarten;

/// <summary>
/// The kindergarten's requests for places and contracts (SPEC §7), oldest first and live: accept and send
/// the contract or decline with a reason; once the parent signed, sign it with the staff member's electronic
/// signature (NCALayer, or a key file locally) and the child is enrolled. What waits for the kindergarten more
/// than 2 business days is marked overdue (the operator may then cancel it).
/// </summary>
public sealed partial class Inbox : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _reasons = [];
    private readonly Dictionary<string, SignInputs> _inputs = [];

    // Contracts signed on this page: their signed copies stay at hand after the requests leave the inbox.
    private readonly List<string> _signed = [];
    private readonly CircuitCulture _culture = new();
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private IReadOnlyList<EnrollmentItem>? _items;
    private KindergartenProfile? _profile;
    private string? _kindergartenName;
    private BusinessCalendar _calendar = BusinessCalendar.Kazakhstan();
    private Actor? _actor;
    private string? _running;
    private IDisposable? _watch;
    private Reloader? _reloader;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private LiveKindergartenInboxes Live { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [Inject]
    private ILogger<Inbox> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _actor = Actors.TryActorFrom((await AuthenticationState).User);
        if (_actor?.KindergartenId is not { } kindergartenId)
        {
            _load.Fail("Error.Places.NoKindergarten");
            return;
        }

        await _load.RunAsync(async () =>
        {
            _profile = await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync();
            _kindergartenName = _profile?.Name.In(Preferences.Language) ?? kindergartenId;
            _calendar = new BusinessCalendar(await Grains.GetGrain<ICalendarGrain>(CalendarKeys.Kazakhstan).GetYearsAsync());
        });
        await LoadAsync();
        if (RendererInfo.IsInteractive)
        {
            _watch = Live.Watch(kindergartenId, () => InvokeAsync(() => _culture.Run(ReloadAsync)));
        }
    }

    private Task LoadAsync() => (_reloader ??= new Reloader(ReadAsync)).RunAsync();

    private async Task ReadAsync()
    {
        if (_actor?.KindergartenId is not { } kindergartenId)
        {
            return;
        }

        var load = new FormFeedback(L, Logger);
        await load.RunAsync(async () =>
            _items = [.. (await Grains.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(kindergartenId)).GetAsync()).OrderBy(i => i.WaitingSince)]);
        if (load.ErrorKey is { } key)
        {
            _load.Fail(key);
        }
        else
        {
            _load.Clear();
        }
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private SignInputs InputsOf(string number)
    {
        if (!_inputs.TryGetValue(number, out var inputs))
        {
            inputs = new SignInputs();
            _inputs[number] = inputs;
        }

        return inputs;
    }

    // Overdue only while the kindergarten is the one to act: a new request, or a contract the parent signed.
    private bool IsOverdue(EnrollmentItem item) =>
        (item.Status == ApplicationStatus.AwaitingContract || item.ParentSignedAt is not null)
        && Clock.GetCurrentInstant() >= _calendar.DeadlineAfter(item.WaitingSince, 2);

    private string GroupName(string groupId) =>
        _profile?.Groups.FirstOrDefault(g => g.Id == groupId) is { } group
            ? L["Enrollment.GroupName", group.Name, L[$"Language.{group.Language}"]]
            : groupId;

    private string StatusText(EnrollmentItem item) => item.Status switch
    {
        ApplicationStatus.AwaitingContract => L["StaffInbox.State.Requested"],
        ApplicationStatus.ContractSigning when item.ParentSignedAt is not null => L["StaffInbox.State.SignedByParent"],
        ApplicationStatus.ContractSigning => L["StaffInbox.State.ContractSent"],
        _ => L[$"Status.{item.Status}"],
    };

    private bool IsBusy(string number) => _form.Busy && _running == number;

    private IApplicationGrain Application(string number) => Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));

    private Task AcceptAsync(string number) =>
        RunAsync(number, actor => Application(number).SendContractAsync(actor), L["StaffInbox.Accepted", number]);

    private Task DeclineAsync(string number) =>
        RunAsync(number, actor => Application(number).DeclineRequestAsync(actor, _reasons.GetValueOrDefault(number)?.Trim() ?? string.Empty), L["StaffInbox.Declined", number]);

    private async Task SignAsync(string number)
    {
        if (!_inputs.TryGetValue(number, out var inputs) || inputs.Signature is not { } signatureInput)
        {
            return;
        }

        await RunAsync(number, async actor =>
        {
            var (signature, errorKey) = await signatureInput.SignAsync(ContractEndpoints.Url(number), Clock.GetCurrentInstant());
            if (signature is null)
            {
                _form.Fail(errorKey ?? "DevKeys.Error.Browser");
                return;
            }

            await Application(number).SignByStaffAsync(actor, signature);
            _signed.Remove(number);
            _signed.Insert(0, number);
        }, L["StaffInbox.Enrolled", number]);
    }

    private async Task RunAsync(string number, Func<Actor, Task> action, string success)
    {
        if (_actor is not { } actor)
        {
            return;
        }

        _running = number;
        try
        {
            if (await _form.RunAsync(() => action(actor)))
            {
                _form.Succeed(success);
                _reasons.Remove(number);
            }
        }
        finally
        {
            _running = null;
        }

        await LoadAsync();
    }

    public ValueTask DisposeAsync()
    {
        _watch?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The signature input of one contract to sign.</summary>
    private sealed class SignInputs
    {
        public SignatureInput? Signature;
    }
}
