using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Grains.Catalog;

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
