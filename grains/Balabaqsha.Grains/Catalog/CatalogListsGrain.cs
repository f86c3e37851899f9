using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;

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

    public Task UpsertRehabilitationTypeAsync(Actor actor, CatalogEntry entry)
    {
        RequireAdministrator(actor);
        return UpsertAsync(lists.State.RehabilitationTypes, entry);
    }

    public async Task UpsertPriorityCategoryAsync(Actor actor, CatalogEntry entry)
    {
        RequireAdministrator(actor);
        ArgumentNullException.ThrowIfNull(entry);
        var previous = lists.State.PriorityCategories.Find(e => e.Id == entry.Id);
        await UpsertAsync(lists.State.PriorityCategories, entry);
        if (previous is not null && previous.Rank != entry.Rank)
        {
            await ReRankQueuesAsync(entry.Id, entry.Rank);
        }
    }

    // Every queue of every locality: the general one and one per rehabilitation type.
    private async Task ReRankQueuesAsync(string categoryId, int rank)
    {
        var cities = await GrainFactory.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        var keys = cities.SelectMany(city => lists.State.RehabilitationTypes
                .Select(type => QueueKeys.For(city.Id, QueueType.Sanatorium, type.Id))
                .Append(QueueKeys.For(city.Id, QueueType.General, null)));
        await Task.WhenAll(keys.Select(key => GrainFactory.GetGrain<IQueueGrain>(key).ReRankCategoryAsync(categoryId, rank)));
    }

    /// <summary>The catalogs are the administrator's (SPEC §2): anyone else is refused here, whatever the page checked.</summary>
    internal static void RequireAdministrator(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Role.Administrator)
        {
            throw new DomainException("Error.Access.Denied");
        }
    }

    private async Task UpsertAsync(List<CatalogEntry> list, CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        list.RemoveAll(e => e.Id == entry.Id);
        list.Add(entry);
        await lists.WriteStateAsync();
    }
}
