using System.Globalization;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>
/// The public catalog of a locality's kindergartens (SPEC §7): search by name, number or address, filters by
/// district, language, free places and sanatorium groups. The filters are a plain GET form, so the page works
/// before it is interactive and a filtered list can be shared as a link; once interactive, the free places
/// follow the pools (re-read on every queue report and every few seconds: pools do not push).
/// </summary>
public sealed partial class Catalog : IDisposable
{
    public const int PageSize = 30;

    private FormFeedback _load = default!;
    private LiveCatalogFreePlaces _free = default!;
    private CatalogNames _names = CatalogNames.Empty;
    private City? _city;
    private IReadOnlyList<KindergartenProfile> _all = [];
    private IReadOnlyList<SelectOption> _districtOptions = [];
    private IReadOnlyList<SelectOption> _languageOptions = [];
    private IReadOnlyList<SelectOption> _rehabilitationOptions = [];
    private string? _loadedCity;

    [SupplyParameterFromQuery(Name = "city")]
    public string? CityQuery { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? Search { get; set; }

    [SupplyParameterFromQuery(Name = "district")]
    public string? DistrictQuery { get; set; }

    [SupplyParameterFromQuery(Name = "language")]
    public string? LanguageQuery { get; set; }

    [SupplyParameterFromQuery(Name = "free")]
    public string? FreeQuery { get; set; }

    [SupplyParameterFromQuery(Name = "sanatorium")]
    public string? SanatoriumQuery { get; set; }

    [SupplyParameterFromQuery(Name = "rehabilitation")]
    public string? RehabilitationQuery { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    public int? PageQuery { get; set; }

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private LiveStatistics Live { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Catalog> Logger { get; set; } = default!;

    private string CityId => NullIfEmpty(CityQuery) ?? Preferences.CityId;

    private string? District => _city?.Districts.Any(d => d.Id == DistrictQuery) == true ? DistrictQuery : null;

    private string? Language => LanguageQuery is Languages.Kazakh or Languages.Russian ? LanguageQuery : null;

    private string? Rehabilitation => _names.RehabilitationTypes.Any(t => t.Id == RehabilitationQuery) ? RehabilitationQuery : null;

    private bool OnlyFree => IsOn(FreeQuery);

    private bool OnlySanatorium => IsOn(SanatoriumQuery) || Rehabilitation is not null;

    private bool Filtered => NullIfEmpty(Search) is not null || District is not null || Language is not null || OnlyFree || OnlySanatorium;

    private IReadOnlyList<KindergartenProfile> Results => [.. _all.Where(Matches)];

    protected override void OnInitialized()
    {
        _load = new FormFeedback(L, Logger);
        _free = new LiveCatalogFreePlaces(Grains, Live, Logger, InvokeAsync, StateHasChanged);
        _languageOptions = [new(Languages.Kazakh, L["Language.kk"]), new(Languages.Russian, L["Language.ru"])];
    }

    protected override async Task OnParametersSetAsync()
    {
        if (CityId == _loadedCity)
        {
            return;
        }

        _loadedCity = CityId;
        _city = null;
        _all = [];
        _free.Clear();
        _load.Clear();
        await _load.RunAsync(async () =>
        {
            _names = await CatalogNames.LoadAsync(Grains, Preferences.Language);
            _city = _names.Cities.FirstOrDefault(c => c.Id == CityId);
            if (_city is null)
            {
                _load.Fail("Catalog.UnknownCity");
                return;
            }

            _districtOptions = [.. _city.Districts.Select(d => new SelectOption(d.Id, d.Name.In(Preferences.Language)))];
            _rehabilitationOptions = _names.ActiveRehabilitationOptions();
            var kindergartens = Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(_city.Id)).GetAllAsync();
            var free = _free.LoadAsync(_city.Id);
            _all = [.. (await kindergartens).OrderBy(k => k.Number)];
            await free;
        });

        if (RendererInfo.IsInteractive)
        {
            _free.Follow();
        }
    }

    private bool Matches(KindergartenProfile kindergarten)
    {
        if (NullIfEmpty(Search) is { } search && !MatchesSearch(kindergarten, search))
        {
            return false;
        }

        return (District is null || kindergarten.DistrictId == District)
            && (Language is null || kindergarten.Languages.Contains(Language))
            && (!OnlySanatorium || kindergarten.Groups.Any(g => g.QueueType == QueueType.Sanatorium && (Rehabilitation is null || g.RehabilitationTypeId == Rehabilitation)))
            && (!OnlyFree || _free.Current.OfKindergarten(kindergarten.Id) > 0);
    }

    private static bool MatchesSearch(KindergartenProfile kindergarten, string search)
    {
        var text = search.Trim().TrimStart('№', '#').Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return kindergarten.Number == number;
        }

        return Contains(kindergarten.Name.Kk, text) || Contains(kindergarten.Name.Ru, text) || Contains(kindergarten.Name.En, text)
            || Contains(kindergarten.Address, text);
    }

    private static bool Contains(string value, string part) =>
        CultureInfo.InvariantCulture.CompareInfo.IndexOf(value, part, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;

    private (IReadOnlyList<KindergartenProfile> Shown, int Page, int Pages) Paged(IReadOnlyList<KindergartenProfile> results)
    {
        var pages = Math.Max(1, (results.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(PageQuery ?? 1, 1, pages);
        return ([.. results.Skip((page - 1) * PageSize).Take(PageSize)], page, pages);
    }

    private string PageHref(int page) => Navigation.GetUriWithQueryParameter("page", page == 1 ? null : page);

    private string DistrictName(string districtId) =>
        _city?.Districts.FirstOrDefault(d => d.Id == districtId)?.Name.In(Preferences.Language) ?? districtId;

    private string LanguageNames(IEnumerable<string> languages) => string.Join(", ", languages.Select(l => L[$"Language.{l}"].Value));

    private static bool IsOn(string? value) => value is "true" or "on" or "1";

    private static string Raw(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void Dispose() => _free?.Dispose();
}
