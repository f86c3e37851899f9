using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Grains.Catalog;

public sealed class CityDirectoryState
{
    public List<City> Cities { get; set; } = [];
}

public sealed class CityDirectoryGrain(
    [PersistentState("city-directory")] IPersistentState<CityDirectoryState> directory) : Grain, ICityDirectoryGrain
{
    public Task<IReadOnlyList<City>> GetAllAsync() => Task.FromResult<IReadOnlyList<City>>(directory.State.Cities.ToList());

    public async Task UpsertAsync(City city)
    {
        var index = directory.State.Cities.FindIndex(c => c.Id == city.Id);
        if (index >= 0)
        {
            directory.State.Cities[index] = city;
        }
        else
        {
            directory.State.Cities.Add(city);
        }

        await directory.WriteStateAsync();
    }
}

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

public sealed class KindergartenState
{
    public KindergartenProfile? Profile { get; set; }
}

public sealed class KindergartenGrain(
    [PersistentState("kindergarten")] IPersistentState<KindergartenState> kindergarten) : Grain, IKindergartenGrain
{
    public Task<KindergartenProfile?> GetAsync() => Task.FromResult(kindergarten.State.Profile);

    public async Task SaveAsync(KindergartenProfile profile)
    {
        kindergarten.State.Profile = profile;
        await kindergarten.WriteStateAsync();
        await GrainFactory.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(profile.CityId)).UpsertAsync(profile);
    }
}

public sealed class CityKindergartensState
{
    public List<KindergartenProfile> Kindergartens { get; set; } = [];
}

public sealed class CityKindergartensGrain(
    [PersistentState("city-kindergartens")] IPersistentState<CityKindergartensState> city) : Grain, ICityKindergartensGrain
{
    public Task<IReadOnlyList<KindergartenProfile>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<KindergartenProfile>>(city.State.Kindergartens.OrderBy(k => k.Number).ToList());

    public async Task UpsertAsync(KindergartenProfile profile)
    {
        city.State.Kindergartens.RemoveAll(k => k.Id == profile.Id);
        city.State.Kindergartens.Add(profile);
        await city.WriteStateAsync();
    }
}

public sealed class DemoSeedState
{
    public int Version { get; set; }
}

public sealed class DemoSeedGrain(
    [PersistentState("demo-seed")] IPersistentState<DemoSeedState> seed) : Grain, IDemoSeedGrain
{
    public Task<int> GetVersionAsync() => Task.FromResult(seed.State.Version);

    public async Task SetVersionAsync(int version)
    {
        seed.State.Version = version;
        await seed.WriteStateAsync();
    }
}
