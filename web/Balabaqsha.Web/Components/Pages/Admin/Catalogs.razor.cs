using System.Globalization;
using System.Text.RegularExpressions;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Pages.Admin;

public enum CatalogKind
{
    RehabilitationTypes,
    PriorityCategories,
}

/// <summary>The administrator's catalogs: rehabilitation types and priority categories (names in kk/ru/en, rank, active).</summary>
public sealed partial class Catalogs
{
    private static readonly CatalogKind[] Kinds = [CatalogKind.RehabilitationTypes, CatalogKind.PriorityCategories];
    private IReadOnlyList<CatalogEntry> _rehabilitation = [];
    private IReadOnlyList<CatalogEntry> _priority = [];
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private Editing? _editing;
    private string? _saved;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private Balabaqsha.Web.Services.PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private ILogger<Catalogs> Logger { get; set; } = default!;

    private ICatalogListsGrain Lists => Grains.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs);

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        await _load.RunAsync(LoadAsync);
    }

    private async Task LoadAsync()
    {
        _rehabilitation = await Lists.GetRehabilitationTypesAsync();
        _priority = await Lists.GetPriorityCategoriesAsync();
    }

    private IReadOnlyList<CatalogEntry> Entries(CatalogKind kind) =>
        kind == CatalogKind.RehabilitationTypes ? _rehabilitation : _priority;

    private void StartNew(CatalogKind kind)
    {
        _saved = null;
        _form.Clear();
        var next = Entries(kind).Select(e => e.Rank).DefaultIfEmpty(0).Max() + 1;
        _editing = new Editing(kind, IsNew: true) { Rank = next.ToString(CultureInfo.InvariantCulture), Active = true };
    }

    private void StartEdit(CatalogKind kind, CatalogEntry entry)
    {
        _saved = null;
        _form.Clear();
        _editing = new Editing(kind, IsNew: false)
        {
            Id = entry.Id,
            NameKk = entry.Name.Kk,
            NameRu = entry.Name.Ru,
            NameEn = entry.Name.En,
            Rank = entry.Rank.ToString(CultureInfo.InvariantCulture),
            Active = entry.Active,
        };
    }

    private void Cancel()
    {
        _editing = null;
        _form.Clear();
    }

    private async Task SaveAsync()
    {
        if (_editing is not { } editing)
        {
            return;
        }

        if (Problem(editing) is { } problem)
        {
            _form.Fail(problem);
            return;
        }

        var entry = new CatalogEntry(
            editing.Id!.Trim(),
            new LocalizedText(editing.NameKk!.Trim(), editing.NameRu!.Trim(), editing.NameEn!.Trim()),
            int.Parse(editing.Rank!, NumberStyles.None, CultureInfo.InvariantCulture),
            editing.Active);
        var saved = await _form.RunAsync(async () =>
        {
            // The grain checks the role again: the page's own check is not the only one.
            var actor = Actors.TryActorFrom((await AuthenticationState).User) ?? throw new Balabaqsha.Domain.DomainException("Error.Access.Denied");
            if (editing.Kind == CatalogKind.RehabilitationTypes)
            {
                await Lists.UpsertRehabilitationTypeAsync(actor, entry);
            }
            else
            {
                await Lists.UpsertPriorityCategoryAsync(actor, entry);
            }

            await LoadAsync();
        });
        if (saved)
        {
            _saved = L["Catalogs.Saved", entry.Name.In(Preferences.Language)];
            _editing = null;
        }
    }

    private string? Problem(Editing editing)
    {
        if (editing.IsNew)
        {
            if (editing.Id is null || !Slug().IsMatch(editing.Id.Trim()))
            {
                return "Error.Catalog.IdInvalid";
            }

            if (Entries(editing.Kind).Any(e => e.Id == editing.Id.Trim()))
            {
                return "Error.Catalog.IdTaken";
            }
        }

        if (string.IsNullOrWhiteSpace(editing.NameKk) || string.IsNullOrWhiteSpace(editing.NameRu) || string.IsNullOrWhiteSpace(editing.NameEn))
        {
            return "Error.Catalog.NameRequired";
        }

        return int.TryParse(editing.Rank, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank is >= 1 and <= 999
            ? null
            : "Error.Catalog.RankInvalid";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex Slug();

    private sealed record Editing(CatalogKind Kind, bool IsNew)
    {
        public string? Id { get; set; }

        public string? NameKk { get; set; }

        public string? NameRu { get; set; }

        public string? NameEn { get; set; }

        public string? Rank { get; set; }

        public bool Active { get; set; }
    }
}
