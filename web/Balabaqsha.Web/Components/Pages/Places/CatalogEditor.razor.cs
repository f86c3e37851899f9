using Microsoft.AspNetCore.Authorization;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Catalog;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Pages.Places;

/// <summary>
/// The operator's catalog of their city's kindergartens (SPEC §1, §7): the list, and a form to add one or edit one
/// with its groups. The kindergarten edited is in the address (<c>?kindergarten=id</c>, <c>new</c> for a new one),
/// so a link opens it; another city's is refused whatever the address says. Every save is checked by
/// <see cref="KindergartenCatalogEditing"/>: nothing is saved on an error.
/// </summary>
/// <summary>The city's operator edits the catalog of the city's kindergartens.</summary>
[Route("/operator/catalog")]
[Authorize(Roles = RoleNames.Operator)]
public sealed class OperatorCatalogEditor : CatalogEditor
{
}

/// <summary>A kindergarten's staff keep their own kindergarten's groups (issue 5: staff keep their groups).</summary>
[Route("/kindergarten/groups")]
[Authorize(Roles = RoleNames.KindergartenStaff)]
public sealed class StaffGroupsEditor : CatalogEditor
{
    public const string StaffPath = "/kindergarten/groups";

    protected override string PagePath => StaffPath;
}

public abstract partial class CatalogEditor
{
    public const string Path = "/operator/catalog";
    private const string NewKindergarten = "new";

    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private Actor? _actor;
    private City? _city;
    private CatalogNames _names = CatalogNames.Empty;
    private IReadOnlyList<KindergartenProfile> _kindergartens = [];
    private KindergartenDraft? _draft;
    private string? _loadedId;
    private string? _saved;
    private bool _ready;

    [SupplyParameterFromQuery(Name = "kindergarten")]
    public string? KindergartenQuery { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<CatalogEditor> Logger { get; set; } = default!;

    /// <summary>The address of this page, which its links keep (staff may not open the operator's).</summary>
    protected virtual string PagePath => Path;

    /// <summary>False for staff: they keep the groups, the city's operator the rest (<see cref="KindergartenRules"/>).</summary>
    private bool DetailsEditable => _actor?.CityId is { } cityId && KindergartenRules.MayChangeDetails(_actor, cityId);

    private IReadOnlyList<SelectOption> DistrictOptions =>
        [.. (_city?.Districts ?? []).Select(d => new SelectOption(d.Id, d.Name.In(Preferences.Language)))];

    private IReadOnlyList<SelectOption> OwnershipOptions =>
        [.. Enum.GetValues<Ownership>().Select(o => new SelectOption(o.ToString(), L[$"Catalog.Ownership.{o}"]))];

    private IReadOnlyList<SelectOption> QueueOptions =>
        [.. Enum.GetValues<QueueType>().Select(q => new SelectOption(q.ToString(), L[$"QueueType.{q}"]))];

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _actor = Actors.TryActorFrom((await AuthenticationState).User);
        await _load.RunAsync(async () =>
        {
            if (_actor?.CityId is not { } cityId)
            {
                _load.Fail("Error.Staff.NoCity");
                return;
            }

            _names = await CatalogNames.LoadAsync(Grains, Preferences.Language);
            _city = _names.Cities.FirstOrDefault(c => c.Id == cityId);
            _kindergartens = await KindergartenCatalogEditing.ListAsync(Grains, _actor);
            _ready = true;
        });
    }

    protected override async Task OnParametersSetAsync()
    {
        var wanted = string.IsNullOrWhiteSpace(KindergartenQuery) ? null : KindergartenQuery.Trim();
        if (!_ready || wanted == _loadedId)
        {
            return;
        }

        _loadedId = wanted;
        _draft = null;
        _saved = null;
        _form.Clear();
        _load.Clear();
        if (wanted is null)
        {
            return;
        }

        if (wanted == NewKindergarten)
        {
            _draft = new KindergartenDraft { Kazakh = true, Russian = true };
            return;
        }

        await _load.RunAsync(async () => _draft = KindergartenDraft.From(await KindergartenCatalogEditing.GetAsync(Grains, _actor!, wanted)));
    }

    private IReadOnlyList<SelectOption> LanguageOptions(KindergartenDraft draft)
    {
        var languages = new List<SelectOption>();
        if (draft.Kazakh)
        {
            languages.Add(new(Languages.Kazakh, L["Language.kk"]));
        }

        if (draft.Russian)
        {
            languages.Add(new(Languages.Russian, L["Language.ru"]));
        }

        return languages;
    }

    /// <summary>The active rehabilitation types, and a retired one a group already has.</summary>
    private IReadOnlyList<SelectOption> RehabilitationOptions(GroupDraft group)
    {
        var options = _names.ActiveRehabilitationOptions().ToList();
        if (group.RehabilitationTypeId is { } current && !options.Any(o => o.Value == current))
        {
            options.Add(new(current, _names.Rehabilitation(current)));
        }

        return options;
    }

    private void AddGroup()
    {
        if (_draft is not { } draft)
        {
            return;
        }

        var language = draft.Kazakh ? Languages.Kazakh : draft.Russian ? Languages.Russian : null;
        draft.Groups.Add(new GroupDraft { MinAge = "2", MaxAge = "3", Capacity = "20", Language = language });
    }

    private void RemoveGroup(GroupDraft group) => _draft?.Groups.Remove(group);

    private void Cancel() => Navigation.NavigateTo(PagePath);

    private async Task SaveAsync()
    {
        if (_draft is not { } draft || _actor is null)
        {
            return;
        }

        _saved = null;
        KindergartenProfile? saved = null;
        var done = await _form.RunAsync(async () =>
        {
            saved = await KindergartenCatalogEditing.SaveAsync(Grains, _actor, draft);
            _kindergartens = await KindergartenCatalogEditing.ListAsync(Grains, _actor);
        });
        if (!done || saved is null)
        {
            return;
        }

        _saved = L["CatalogEditor.Saved", saved.Name.In(Preferences.Language)];
        _draft = KindergartenDraft.From(saved);
        if (draft.IsNew)
        {
            // The new kindergarten now has an id: keep it in the address, without loading it again.
            _loadedId = saved.Id;
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("kindergarten", saved.Id), replace: true);
        }
    }

    private string DistrictName(string districtId) =>
        _city?.Districts.FirstOrDefault(d => d.Id == districtId)?.Name.In(Preferences.Language) ?? districtId;

    private string DraftName(KindergartenDraft draft) =>
        (Preferences.Language switch { Languages.Kazakh => draft.NameKk, Languages.English => draft.NameEn, _ => draft.NameRu }) ?? string.Empty;

    private string EditHref(string id) => $"{PagePath}?kindergarten={Uri.EscapeDataString(id)}";
}
