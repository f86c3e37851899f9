using System.Globalization;
using System.Text.RegularExpressions;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>
/// The public page of one kindergarten (SPEC §7): its profile, contacts and groups with their free places. Once
/// interactive, the free places follow the pools: re-read on every report of a queue of its locality and every few
/// seconds (pools report to the statistics without a push). An unknown kindergarten is the not-found page.
/// </summary>
public sealed partial class KindergartenPage : IDisposable
{
    private FormFeedback _load = default!;
    private LiveCatalogFreePlaces _free = default!;
    private CatalogNames _names = CatalogNames.Empty;
    private KindergartenProfile? _profile;
    private string? _loadedId;

    [Parameter]
    public string Id { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private LiveStatistics Live { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<KindergartenPage> Logger { get; set; } = default!;

    /// <summary>A "tel:" link of a phone as the catalog writes it ("+7 (727) 300-11-21").</summary>
    public static string TelHref(string phone)
    {
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length == 0 ? string.Empty : $"tel:+{digits}";
    }

    protected override void OnInitialized()
    {
        _load = new FormFeedback(L, Logger);
        _free = new LiveCatalogFreePlaces(Grains, Live, Logger, InvokeAsync, StateHasChanged);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Id == _loadedId)
        {
            return;
        }

        _loadedId = Id;
        _profile = null;
        _free.Clear();
        _load.Clear();
        if (!PlausibleId().IsMatch(Id ?? string.Empty))
        {
            Navigation.NotFound();
            return;
        }

        KindergartenProfile? profile = null;
        await _load.RunAsync(async () =>
        {
            var names = CatalogNames.LoadAsync(Grains, Preferences.Language);
            profile = await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(Id!)).GetAsync();
            _names = await names;
            if (profile is not null)
            {
                await _free.LoadAsync(profile.CityId);
            }
        });
        if (_load.Error is null && profile is null)
        {
            Navigation.NotFound();
            return;
        }

        _profile = profile;
        if (_profile is not null && RendererInfo.IsInteractive)
        {
            _free.Follow();
        }
    }

    private string DistrictName(KindergartenProfile profile) =>
        _names.Cities.FirstOrDefault(c => c.Id == profile.CityId)?.Districts.FirstOrDefault(d => d.Id == profile.DistrictId)?.Name.In(Preferences.Language)
            ?? profile.DistrictId;

    private string LanguageNames(IEnumerable<string> languages) => string.Join(", ", languages.Select(l => L[$"Language.{l}"].Value));

    private string QueueText(KindergartenGroup group) => group.QueueType == QueueType.Sanatorium
        ? L["KindergartenPage.QueueSanatorium", _names.Rehabilitation(group.RehabilitationTypeId)]
        : L["KindergartenPage.QueueGeneral"];

    private string YearText(GroupYearPlaces year) =>
        L["KindergartenPage.YearPlacesTaken", Raw(year.BirthYear), year.Published, year.Taken];

    private static string Raw(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}$")]
    private static partial Regex PlausibleId();

    public void Dispose() => _free?.Dispose();
}
