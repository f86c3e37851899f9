using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Shared;

public enum ReviewKind
{
    /// <summary>The TB doctor confirms or rejects the conclusions of sanatorium applications.</summary>
    Doctor,

    /// <summary>The education-department operator confirms or rejects priority claims.</summary>
    Operator,
}

public sealed partial class ReviewInbox : IDisposable
{
    private readonly Dictionary<string, string?> _reasons = [];
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private IReadOnlyList<InboxItem>? _items;
    private CatalogNames _names = CatalogNames.Empty;
    private Actor? _actor;
    private string? _inboxKey;
    private IDisposable? _watch;
    private Reloader? _reloader;
    private readonly CircuitCulture _culture = new();

    [Parameter, EditorRequired]
    public ReviewKind Kind { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private LiveInboxes Live { get; set; } = default!;

    [Inject]
    private ILogger<ReviewInbox> Logger { get; set; } = default!;

    private string DocumentTitle => Kind == ReviewKind.Doctor ? L["Application.Conclusion"] : L["Application.PriorityProof"];

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _actor = Actors.TryActorFrom((await AuthenticationState).User);
        if (_actor?.CityId is not { } cityId)
        {
            _load.Fail("Error.Staff.NoCity");
            return;
        }

        _inboxKey = Kind == ReviewKind.Doctor ? ApplicationKeys.DoctorInbox(cityId) : ApplicationKeys.OperatorInbox(cityId);
        await _load.RunAsync(async () => _names = await CatalogNames.LoadAsync(Grains, Preferences.Language));
        await LoadAsync();
        if (RendererInfo.IsInteractive)
        {
            _watch = Live.Watch(_inboxKey, () => InvokeAsync(() => _culture.Run(ReloadAsync)));
        }
    }

    private string? Reason(string number) => _reasons.GetValueOrDefault(number);

    private Task LoadAsync() => (_reloader ??= new Reloader(ReadAsync)).RunAsync();

    private async Task ReadAsync()
    {
        if (_inboxKey is not null)
        {
            var load = new FormFeedback(L, Logger);
            var before = _items;
            await load.RunAsync(async () => _items = await Grains.GetGrain<IReviewInboxGrain>(_inboxKey).GetAsync());
            TellAboutVanishedDrafts(before);
            if (load.ErrorKey is { } key)
            {
                _load.Fail(key);
            }
            else
            {
                _load.Clear();
            }
        }
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task ConfirmAsync(string number)
    {
        if (_actor is null)
        {
            return;
        }

        var application = Application(number);
        var done = await _form.RunAsync(() => Kind == ReviewKind.Doctor
            ? application.ConfirmAsync(_actor)
            : application.DecidePriorityAsync(_actor, confirm: true, reason: null));
        if (done)
        {
            _form.Succeed(L[Kind == ReviewKind.Doctor ? "Review.Confirmed" : "Review.PriorityConfirmed", number]);
            _reasons.Remove(number);
        }

        await LoadAsync();
    }

    private async Task RejectAsync(string number)
    {
        if (_actor is null)
        {
            return;
        }

        var reason = Reason(number)?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            _form.Fail("Error.Application.ReasonRequired");
            return;
        }

        var application = Application(number);
        var done = await _form.RunAsync(() => Kind == ReviewKind.Doctor
            ? application.RejectAsync(_actor, reason)
            : application.DecidePriorityAsync(_actor, confirm: false, reason));
        if (done)
        {
            _form.Succeed(L[Kind == ReviewKind.Doctor ? "Review.Rejected" : "Review.PriorityRejected", number]);
            _reasons.Remove(number);
        }

        await LoadAsync();
    }

    /// <summary>
    /// An item this person was writing a rejection for went away without their decision (another
    /// colleague decided, or the parent withdrew): say so instead of letting the draft vanish silently.
    /// </summary>
    private void TellAboutVanishedDrafts(IReadOnlyList<InboxItem>? before)
    {
        // While this person's own decision runs, its outcome is the message to show.
        if (before is null || _items is null || _form.Busy)
        {
            return;
        }

        var gone = before.Select(i => i.Number).Except(_items.Select(i => i.Number))
            .Where(n => !string.IsNullOrWhiteSpace(_reasons.GetValueOrDefault(n)))
            .ToList();
        foreach (var number in gone)
        {
            _reasons.Remove(number);
        }

        if (gone.Count > 0)
        {
            _form.Fail("Review.DecidedElsewhere", string.Join(", ", gone));
        }
    }

    private IApplicationGrain Application(string number) => Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));

    public void Dispose() => _watch?.Dispose();
}
