using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Catalog;

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

    public async Task<KindergartenProfile> SaveAsync(Actor actor, KindergartenProfile profile)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(profile);
        var before = kindergarten.State.Profile?.ToCatalogKindergarten();
        var after = profile.ToCatalogKindergarten();

        // Who may change what is decided before the city's data are read.
        KindergartenRules.RequireMayChange(actor, KindergartenId, before, after);
        var decided = KindergartenRules.Save(actor, KindergartenId, before, after, await ContextAsync(profile));
        var saved = profile with { Groups = [.. profile.Groups.Zip(decided.Groups, (group, ruled) => group with { Id = ruled.Id })] };

        kindergarten.State.Profile = saved;
        await kindergarten.WriteStateAsync();
        await GrainFactory.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(saved.CityId)).UpsertAsync(saved);
        return saved;
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

    private string KindergartenId => this.GetPrimaryKeyString()[GrainKeys.Kindergarten(string.Empty).Length..];

    private async Task<CatalogContext> ContextAsync(KindergartenProfile profile)
    {
        var cities = await GrainFactory.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        var rehabilitationTypes = await GrainFactory.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).GetRehabilitationTypesAsync();
        var neighbours = await GrainFactory.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(profile.CityId)).GetAllAsync();

        // The places a group publishes over all its birth years, as the pools reported them here.
        var published = kindergarten.State.PublishedPlaces
            .GroupBy(p => p.Key[..p.Key.LastIndexOf(':')], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        return new CatalogContext(
            [.. cities.FirstOrDefault(c => c.Id == profile.CityId)?.Districts.Select(d => d.Id) ?? []],
            rehabilitationTypes.GroupBy(t => t.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Active, StringComparer.Ordinal),
            [.. neighbours.Where(k => k.Id != KindergartenId).Select(k => k.Number)],
            published);
    }
}
