using System.Globalization;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Pages.Applications;

/// <summary>
/// An application's card: status, places, what was asked for, documents and the full history; the parent
/// may withdraw it and answers a voucher here (SPEC §6): «Выбрать» → «Да» / «Нет», extend on the last day,
/// refuse it later, return from the stop list — every deadline as a date and as the days left. The grain decides who may see it: anyone else gets the same answer as for a number
/// that does not exist.
/// </summary>
public sealed partial class ApplicationCard : IDisposable
{
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private ApplicationView? _view;
    private CatalogNames _names = CatalogNames.Empty;
    private string? _kindergartenName;
    private bool _denied;
    private bool _confirmingWithdraw;
    private bool _choosing;
    private bool _confirmingRefuse;
    private VoucherAction _running;
    private Actor? _actor;
    private IDisposable? _watch;
    private IDisposable? _placeWatch;
    private IReadOnlyList<PlaceHistoryLine> _history = [];
    private Reloader? _reloader;
    private readonly CircuitCulture _culture = new();

    [Parameter]
    public string Number { get; set; } = string.Empty;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private LiveNotifications Live { get; set; } = default!;

    [Inject]
    private LivePlaces Places { get; set; } = default!;

    [Inject]
    private ILogger<ApplicationCard> Logger { get; set; } = default!;

    private enum VoucherAction
    {
        None,
        Accept,
        Refuse,
        Extend,
        Return,
    }

    private bool IsOwner => _view is { } view && _actor is { Role: Role.Parent } actor && actor.Iin == view.ParentIin;

    private bool CanWithdraw =>
        IsOwner && _view!.Status is ApplicationStatus.AwaitingDocuments or ApplicationStatus.InQueue or ApplicationStatus.StopList;

    private string BackHref => _actor?.Role switch
    {
        Role.Doctor => "/doctor",
        Role.Operator => "/operator",
        _ => "/applications",
    };

    private string BackText => _actor?.Role switch
    {
        Role.Doctor => L["Doctor.Title"],
        Role.Operator => L["Operator.Title"],
        _ => L["Applications.Title"],
    };

    private IApplicationGrain Grain => Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(Number));

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _actor = Actors.TryActorFrom((await AuthenticationState).User);
        if (_actor is null)
        {
            return;
        }

        await _load.RunAsync(async () => _names = await CatalogNames.LoadAsync(Grains, Preferences.Language));
        await LoadAsync();

        // The parent's notices announce every change of their applications: reload the card then.
        if (RendererInfo.IsInteractive && _actor.Role == Role.Parent && !_denied)
        {
            _watch = Live.Watch(_actor.Iin, (notice, _) =>
                notice?.ApplicationNumber == Number ? InvokeAsync(() => _culture.Run(ReloadAsync)) : Task.CompletedTask);
        }
    }

    private async Task LoadAsync()
    {
        if (_actor is null || !Plausible(Number))
        {
            _denied = true;
            return;
        }

        try
        {
            await _load.RunAsync(async () => Show(await Grain.GetAsync(_actor)));
        }
        finally
        {
            if (_load.ErrorKey is "Error.Access.Denied" or "Error.Application.NotFound")
            {
                _denied = true;
                _load.Clear();
            }
        }

        await LoadPlaceHistoryAsync();

        if (_view?.PreferredKindergartenId is { } kindergartenId)
        {
            var profile = await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync();
            _kindergartenName = profile is null ? kindergartenId : L["NewApplication.KindergartenOption", profile.Name.In(Preferences.Language), profile.Address];
        }
    }

    private void Show(ApplicationView view) => _view = view;

    /// <summary>
    /// While the application waits in its queue: its place history, and a live watch that moves the place
    /// and adds a line whenever anything ahead changes — without a reload and without asking the queue.
    /// </summary>
    private async Task LoadPlaceHistoryAsync()
    {
        if (_view is not { Status: ApplicationStatus.InQueue } view || _actor is null)
        {
            _placeWatch?.Dispose();
            _placeWatch = null;
            _history = [];
            return;
        }

        await _load.RunAsync(async () => _history = await Grain.GetPlaceHistoryAsync(_actor, 50));
        if (RendererInfo.IsInteractive && _placeWatch is null)
        {
            var queueKey = QueueKeys.For(view.CityId, view.QueueType, view.RehabilitationTypeId);
            await _load.RunAsync(async () =>
            {
                var (place, watch) = await Places.WatchAsync(queueKey, view.Number, update => InvokeAsync(() => _culture.Run(() => OnPlaceChangedAsync(update))));
                _placeWatch = watch;
                if (place is not null && _view is not null)
                {
                    _view = _view with { Place = place };
                }
            });
        }
    }

    private async Task OnPlaceChangedAsync(LivePlaceUpdate update)
    {
        if (update.Place is null)
        {
            // It left the queue: the status changed, so the whole card is read again.
            await ReloadAsync();
            return;
        }

        if (_view is not null)
        {
            _view = _view with { Place = update.Place };
        }

        if (update.Lines.Count > 0)
        {
            _history = [.. update.Lines.Reverse(), .. _history];
        }

        StateHasChanged();
    }

    private async Task ReloadAsync()
    {
        await (_reloader ??= new Reloader(LoadAsync)).RunAsync();
        StateHasChanged();
    }

    private async Task WithdrawAsync()
    {
        if (_actor is null)
        {
            return;
        }

        if (await _form.RunAsync(async () => Show(await Grain.WithdrawAsync(_actor))))
        {
            _form.Succeed(L["Application.Withdrawn"]);
        }

        _confirmingWithdraw = false;
    }

    private Task AcceptAsync() =>
        RunVoucherAsync(VoucherAction.Accept, actor => Grain.AcceptVoucherAsync(actor), _ => L["Voucher.Accepted"]);

    private Task RefuseAsync() =>
        RunVoucherAsync(VoucherAction.Refuse, actor => Grain.RefuseVoucherAsync(actor), _ => L["Voucher.Refused"]);

    private Task ExtendAsync() =>
        RunVoucherAsync(VoucherAction.Extend, actor => Grain.ExtendAsync(actor), after =>
            after.Deadline is { } deadline ? L["Voucher.ExtendedTo", Display.Date(deadline.LastDay)] : L["Voucher.ExtendedOnce"]);

    private Task ReturnAsync() =>
        RunVoucherAsync(VoucherAction.Return, actor => Grain.ReturnFromStopListAsync(actor), _ => L["Voucher.Returned"]);

    /// <summary>
    /// One voucher action: busy while it runs, its localized refusal or success message after. A refused
    /// action reads the card again, since a deadline may have passed meanwhile and changed the status.
    /// </summary>
    private async Task RunVoucherAsync(VoucherAction action, Func<Actor, Task<ApplicationView>> call, Func<ApplicationView, string> success)
    {
        if (_actor is not { } actor)
        {
            return;
        }

        _running = action;
        ApplicationView? after = null;
        try
        {
            if (await _form.RunAsync(async () => after = await call(actor)) && after is not null)
            {
                Show(after);
                _form.Succeed(success(after));
                await LoadPlaceHistoryAsync();
            }
            else
            {
                await LoadAsync();
            }
        }
        finally
        {
            _running = VoucherAction.None;
            _choosing = false;
            _confirmingRefuse = false;
        }
    }

    private bool IsBusy(VoucherAction action) => _form.Busy && _running == action;

    // The voucher block: an offer, an enrollment under way (also once its deadline stopped), or the stop list.
    private static bool ShowsVoucher(ApplicationView view) =>
        view.Deadline is not null
        || (view.Voucher is not null && view.Status is ApplicationStatus.ChoosingKindergarten or ApplicationStatus.AwaitingContract or ApplicationStatus.ContractSigning);

    private static string VoucherTitleKey(ApplicationView view) => view.Status switch
    {
        ApplicationStatus.VoucherOffered => "Voucher.OfferedTitle",
        ApplicationStatus.StopList => "Voucher.StopListTitle",
        _ => "Voucher.EnrollmentTitle",
    };

    private static string VoucherTextKey(ApplicationView view) => view.Status switch
    {
        ApplicationStatus.VoucherOffered => "Voucher.OfferedText",
        ApplicationStatus.StopList => "Voucher.StopListText",
        _ => "Voucher.EnrollmentText",
    };

    // Business days for an answer or an enrollment; calendar days for the stop list.
    private string DaysLeft(DeadlineView deadline)
    {
        var unit = deadline.Kind == DeadlineKind.StopList ? "Voucher.CalendarDaysLeft" : "Voucher.DaysLeft";
        return L[$"{unit}.{PluralForm(deadline.BusinessDaysLeft)}", deadline.BusinessDaysLeft];
    }

    // Russian needs three forms after a number (1 день, 2 дня, 5 дней); English two; Kazakh one (all three keys alike).
    private static string PluralForm(int count)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
        {
            return count == 1 ? "One" : "Many";
        }

        return (count % 10, count % 100) switch
        {
            (1, not 11) => "One",
            ( >= 2 and <= 4, not (>= 12 and <= 14)) => "Few",
            _ => "Many",
        };
    }

    private string Who(HistoryLine line)
    {
        if (line.ActorRole is null || string.IsNullOrEmpty(line.ActorName))
        {
            return L["History.System"];
        }

        return line.ActorRole == Role.Parent ? line.ActorName : L["History.StaffWho", line.ActorName, L[$"Role.{line.ActorRole}"]];
    }

    // A number is letters, a dash and digits (e.g. ALA-000123): anything else is not worth a grain.
    private static bool Plausible(string number) =>
        number.Length is > 0 and <= 32 && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public void Dispose()
    {
        _watch?.Dispose();
        _placeWatch?.Dispose();
    }
}
