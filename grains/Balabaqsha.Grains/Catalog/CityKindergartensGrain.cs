using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Grains.Catalog;

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
