using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Grains.Catalog;

public sealed class KindergartenState
{
    public KindergartenProfile? Profile { get; set; }

    /// <summary>Free places published per group and birth year ("groupId:year" → places).</summary>
    public Dictionary<string, int> PublishedPlaces { get; set; } = new(StringComparer.Ordinal);
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

    public async Task SetPublishedPlacesAsync(string groupId, int birthYear, int places)
    {
        var group = kindergarten.State.Profile?.Groups.FirstOrDefault(g => g.Id == groupId)
            ?? throw new Domain.DomainException("Error.Places.UnknownGroup");
        var key = $"{groupId}:{birthYear}";
        var otherYears = kindergarten.State.PublishedPlaces.Where(p => p.Key.StartsWith(groupId + ":", StringComparison.Ordinal) && p.Key != key).Sum(p => p.Value);
        if (places < 0 || otherYears + places > group.Capacity)
        {
            throw new Domain.DomainException("Error.Places.OverCapacity");
        }

        if (places == 0)
        {
            kindergarten.State.PublishedPlaces.Remove(key);
        }
        else
        {
            kindergarten.State.PublishedPlaces[key] = places;
        }

        await kindergarten.WriteStateAsync();
    }
}
