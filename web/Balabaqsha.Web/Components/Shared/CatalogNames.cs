using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>The names of catalog ids (localities, rehabilitation types, priority categories) in one language.</summary>
public sealed class CatalogNames
{
    private CatalogNames(string language, IReadOnlyList<City> cities, IReadOnlyList<CatalogEntry> rehabilitationTypes, IReadOnlyList<CatalogEntry> priorityCategories)
    {
        Language = language;
        Cities = cities;
        RehabilitationTypes = rehabilitationTypes;
        PriorityCategories = priorityCategories;
    }

    public static CatalogNames Empty { get; } = new("ru", [], [], []);

    public string Language { get; }

    public IReadOnlyList<City> Cities { get; }

    /// <summary>Every rehabilitation type, inactive ones too (an old application still names its own).</summary>
    public IReadOnlyList<CatalogEntry> RehabilitationTypes { get; }

    public IReadOnlyList<CatalogEntry> PriorityCategories { get; }

    public static async Task<CatalogNames> LoadAsync(IGrainFactory grains, string language)
    {
        var lists = grains.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs);
        var cities = grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        var rehabilitation = lists.GetRehabilitationTypesAsync();
        var priority = lists.GetPriorityCategoriesAsync();
        return new CatalogNames(language, await cities, await rehabilitation, await priority);
    }

    public string City(string? id) => Name(Cities.FirstOrDefault(c => c.Id == id)?.Name, id);

    public string Rehabilitation(string? id) => Name(RehabilitationTypes.FirstOrDefault(e => e.Id == id)?.Name, id);

    public string Priority(string? id) => Name(PriorityCategories.FirstOrDefault(e => e.Id == id)?.Name, id);

    public IReadOnlyList<SelectOption> ActiveRehabilitationOptions() =>
        [.. RehabilitationTypes.Where(e => e.Active).OrderBy(e => e.Rank).Select(e => new SelectOption(e.Id, e.Name.In(Language)))];

    public IReadOnlyList<SelectOption> ActivePriorityOptions() =>
        [.. PriorityCategories.Where(e => e.Active).OrderBy(e => e.Rank).Select(e => new SelectOption(e.Id, e.Name.In(Language)))];

    public IReadOnlyList<SelectOption> CityOptions() => [.. Cities.Select(c => new SelectOption(c.Id, c.Name.In(Language)))];

    private string Name(LocalizedText? text, string? id) => text?.In(Language) ?? id ?? string.Empty;
}
