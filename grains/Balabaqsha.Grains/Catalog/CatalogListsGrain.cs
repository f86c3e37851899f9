using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Grains.Catalog;

public sealed class CatalogListsState
{
    public List<CatalogEntry> RehabilitationTypes { get; set; } = [];

    public List<CatalogEntry> PriorityCategories { get; set; } = [];
}

public sealed class CatalogListsGrain(
    [PersistentState("catalog-lists")] IPersistentState<CatalogListsState> lists) : Grain, ICatalogListsGrain
{
    public Task<IReadOnlyList<CatalogEntry>> GetRehabilitationTypesAsync() =>
        Task.FromResult<IReadOnlyList<CatalogEntry>>(lists.State.RehabilitationTypes.OrderBy(e => e.Rank).ToList());

    public Task<IReadOnlyList<CatalogEntry>> GetPriorityCategoriesAsync() =>
        Task.FromResult<IReadOnlyList<CatalogEntry>>(lists.State.PriorityCategories.OrderBy(e => e.Rank).ToList());

    public Task UpsertRehabilitationTypeAsync(CatalogEntry entry) => UpsertAsync(lists.State.RehabilitationTypes, entry);

    public Task UpsertPriorityCategoryAsync(CatalogEntry entry) => UpsertAsync(lists.State.PriorityCategories, entry);

    private async Task UpsertAsync(List<CatalogEntry> list, CatalogEntry entry)
    {
        list.RemoveAll(e => e.Id == entry.Id);
        list.Add(entry);
        await lists.WriteStateAsync();
    }
}
