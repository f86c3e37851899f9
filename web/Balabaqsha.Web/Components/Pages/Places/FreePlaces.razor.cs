using System.Globalization;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Pages.Places;

/// <summary>Kindergarten staff publish the free places of their own kindergarten's groups (SPEC §6).</summary>
[Route(Path)]
[Authorize(Roles = RoleNames.KindergartenStaff)]
public sealed class KindergartenFreePlaces : FreePlaces
{
    public const string Path = "/kindergarten/places";

    protected override bool ForOperator => false;
}

/// <summary>The operator publishes free places on behalf of a kindergarten of their city (SPEC §6).</summary>
[Route(Path)]
[Authorize(Roles = RoleNames.Operator)]
public sealed class OperatorFreePlaces : FreePlaces
{
    public const string Path = "/operator/places";

    protected override bool ForOperator => true;
}

/// <summary>
/// The free places of one kindergarten: per group and per birth year the group accepts this year, the
/// places it publishes into the pool of that year, and the pool's outstanding vouchers and free places.
/// One page serves both routes; each route is its own endpoint so that its role is checked at the door
/// (an authorization attribute would apply to every route of a single component).
/// </summary>
public abstract partial class FreePlaces : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RefreshAfterPublish = TimeSpan.FromSeconds(1);

    private readonly CircuitCulture _culture = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, PoolView> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _typed = new(StringComparer.Ordinal);
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private Reloader? _poolReloader;
    private CatalogNames _names = CatalogNames.Empty;
    private Actor? _actor;
    private IReadOnlyList<SelectOption> _kindergartenOptions = [];
    private IReadOnlyList<PlaceGroup> _groups = [];
    private KindergartenProfile? _profile;
    private string? _loadedId;
    private string? _failedRow;
    private string? _messageRow;
    private bool _ready;

    /// <summary>Staff: the user's own kindergarten; operator: one of their city, chosen on the page.</summary>
    protected abstract bool ForOperator { get; }

    /// <summary>The operator's chosen kindergarten, kept in the address so a reload shows it again.</summary>
    [SupplyParameterFromQuery(Name = "kindergarten")]
    public string? KindergartenQuery { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<FreePlaces> Logger { get; set; } = default!;

    private string SelfPath => ForOperator ? OperatorFreePlaces.Path : KindergartenFreePlaces.Path;

    private string TextKey => ForOperator ? "Places.OperatorText" : "Places.Text";

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _actor = Actors.TryActorFrom((await AuthenticationState).User);
        await _load.RunAsync(async () =>
        {
            _names = await CatalogNames.LoadAsync(Grains, Preferences.Language);
            if (ForOperator)
            {
                if (_actor?.CityId is not { } cityId)
                {
                    _load.Fail("Error.Staff.NoCity");
                    return;
                }

                var kindergartens = await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(cityId)).GetAllAsync();
                _kindergartenOptions = [.. kindergartens.Select(k => new SelectOption(k.Id, k.Name.In(Preferences.Language)))];
            }
            else if (_actor?.KindergartenId is null)
            {
                _load.Fail("Error.Places.NoKindergarten");
                return;
            }

            _ready = true;
        });

        if (_ready && RendererInfo.IsInteractive)
        {
            _ = RefreshPeriodicallyAsync();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!_ready)
        {
            return;
        }

        var wanted = ForOperator ? NullIfEmpty(KindergartenQuery) : _actor!.KindergartenId;
        if (wanted == _loadedId)
        {
            return;
        }

        _loadedId = wanted;
        _profile = null;
        _groups = [];
        _pools.Clear();
        _typed.Clear();
        _failedRow = null;
        _messageRow = null;
        _form.Clear();
        _load.Clear();
        if (wanted is null)
        {
            return;
        }

        // The operator may open only a kindergarten of their own city, whatever the address says.
        if (ForOperator && !_kindergartenOptions.Any(o => o.Value == wanted))
        {
            _load.Fail("Error.Access.Denied");
            return;
        }

        await _load.RunAsync(async () =>
        {
            _profile = await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(wanted)).GetAsync()
                ?? throw new DomainException("Error.Places.UnknownKindergarten");
            _groups = Arrange(_profile, Clock.AlmatyNow().Year);
            await ReadPoolsAsync();
        });
    }

    /// <summary>Each group with the birth years it accepts this year (age = this year − birth year), youngest last.</summary>
    private static List<PlaceGroup> Arrange(KindergartenProfile profile, int thisYear) =>
    [
        .. profile.Groups.Select(g => new PlaceGroup(
            g,
            [.. Domain.Vouchers.PoolFit.BirthYears(g.ToCatalogGroup(), thisYear)
                .Select(year => new PlaceRow(g, year, VoucherPoolKeys.For(profile.CityId, g.QueueType, g.RehabilitationTypeId, g.Language, year)))])),
    ];

    private async Task ReadPoolsAsync()
    {
        var keys = _groups.SelectMany(g => g.Rows).Select(r => r.PoolKey).Distinct(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(keys.Select(k => Grains.GetGrain<IVoucherPoolGrain>(k).GetAsync()));
        foreach (var view in views)
        {
            _pools[view.PoolKey] = view;
        }
    }

    private Task RefreshPoolsAsync() => (_poolReloader ??= new Reloader(async () =>
    {
        if (_profile is null)
        {
            return;
        }

        var before = _loadedId;
        try
        {
            await ReadPoolsAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A passing failure of a background refresh is not the reader's concern: the next one retries.
            Logger.LogWarning(ex, "Free places: refreshing the pools failed");
            return;
        }

        if (before == _loadedId)
        {
            StateHasChanged();
        }
    })).RunAsync();

    // Offers happen a moment after a publication (and vouchers change as parents answer): re-read while open.
    private async Task RefreshPeriodicallyAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(RefreshEvery);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(() => _culture.Run(RefreshPoolsAsync));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The reader left.
        }
    }

    private async Task RefreshSoonAsync()
    {
        try
        {
            await Task.Delay(RefreshAfterPublish, _stop.Token);
            await InvokeAsync(() => _culture.Run(RefreshPoolsAsync));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The reader left.
        }
    }

    private void ChooseKindergarten(string? id) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("kindergarten", id), replace: true);

    private PoolView? Pool(PlaceRow row) => _pools.GetValueOrDefault(row.PoolKey);

    private int PublishedBy(PlaceRow row) =>
        Pool(row)?.Publications.FirstOrDefault(p => p.KindergartenId == _profile?.Id && p.GroupId == row.Group.Id)?.Places ?? 0;

    private string? InputValue(PlaceRow row) =>
        _typed.TryGetValue(row.Key, out var typed) ? typed : PublishedBy(row).ToString(CultureInfo.InvariantCulture);

    private void OnTyped(PlaceRow row, string? value)
    {
        _typed[row.Key] = value;
        if (_failedRow == row.Key)
        {
            _failedRow = null;
        }
    }

    private async Task PublishAsync(PlaceRow row)
    {
        if (_actor is null || _profile is not { } profile)
        {
            return;
        }

        _failedRow = null;
        _messageRow = row.Key;
        var text = InputValue(row)?.Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var places) || places > row.Group.Capacity)
        {
            _failedRow = row.Key;
            _form.Fail("Error.Places.NumberInvalid", row.Group.Capacity);
            return;
        }

        var done = await _form.RunAsync(async () =>
        {
            var view = await Grains.GetGrain<IVoucherPoolGrain>(row.PoolKey).PublishAsync(_actor, profile.Id, row.Group.Id, places);
            _pools[view.PoolKey] = view;
        });
        if (done)
        {
            _typed.Remove(row.Key);
            _form.Succeed(L["Places.Saved", row.Group.Name, row.BirthYear.ToString(CultureInfo.InvariantCulture), places]);
            _ = RefreshSoonAsync();
        }
        else
        {
            _failedRow = row.Key;
        }
    }

    private string Ages(KindergartenGroup group) =>
        L["Places.Ages", group.MinAgeYears, group.MaxAgeYears];

    private string QueueText(KindergartenGroup group) => group.QueueType == QueueType.Sanatorium
        ? L["Places.QueueSanatorium", _names.Rehabilitation(group.RehabilitationTypeId)]
        : L["Places.QueueGeneral"];

    private static string Raw(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record PlaceGroup(KindergartenGroup Group, IReadOnlyList<PlaceRow> Rows);

    private sealed record PlaceRow(KindergartenGroup Group, int BirthYear, string PoolKey)
    {
        public string Key => $"{Group.Id}-{BirthYear.ToString(CultureInfo.InvariantCulture)}";
    }
}
