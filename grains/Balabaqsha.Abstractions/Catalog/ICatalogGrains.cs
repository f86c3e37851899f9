using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Abstractions.Catalog;

/// <summary>The localities and their districts (<see cref="GrainKeys.Cities"/>).</summary>
[Alias("Balabaqsha.ICityDirectoryGrain")]
public interface ICityDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Every locality, in display order.</summary>
    Task<IReadOnlyList<City>> GetAllAsync();

    /// <summary>Adds or replaces a locality: the administrator only.</summary>
    Task UpsertAsync(Actor actor, City city);
}

/// <summary>The administrator's catalogs: rehabilitation types and priority categories (<see cref="GrainKeys.Catalogs"/>).</summary>
[Alias("Balabaqsha.ICatalogListsGrain")]
public interface ICatalogListsGrain : IGrainWithStringKey
{
    /// <summary>Rehabilitation types of the sanatorium queue.</summary>
    Task<IReadOnlyList<CatalogEntry>> GetRehabilitationTypesAsync();

    /// <summary>Priority categories, by rank. Interleaves: a queue activated by a re-rank asks for them.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<CatalogEntry>> GetPriorityCategoriesAsync();

    /// <summary>Adds or replaces a rehabilitation type: the administrator only.</summary>
    Task UpsertRehabilitationTypeAsync(Actor actor, CatalogEntry entry);

    /// <summary>Adds or replaces a priority category (the administrator only); a new rank re-sorts every queue.</summary>
    Task UpsertPriorityCategoryAsync(Actor actor, CatalogEntry entry);
}

/// <summary>One kindergarten (<see cref="GrainKeys.Kindergarten"/>).</summary>
[Alias("Balabaqsha.IKindergartenGrain")]
public interface IKindergartenGrain : IGrainWithStringKey
{
    /// <summary>The profile, or null when none was saved.</summary>
    Task<KindergartenProfile?> GetAsync();

    /// <summary>
    /// Saves the profile and lists it in its city, if the actor may (Domain.Catalog.KindergartenRules: the administrator,
    /// the operator of its city, its staff for its groups only) and it keeps the catalog's rules; returns what was
    /// saved, new groups (empty id) with their ids.
    /// </summary>
    Task<KindergartenProfile> SaveAsync(Actor actor, KindergartenProfile profile);

    /// <summary>
    /// Records how many free places a group publishes for one birth year (only a pool calls this, after it checked
    /// who publishes — IVoucherPoolGrain.PublishAsync): the places of a group over all its birth years never exceed its capacity, else
    /// Error.Places.OverCapacity and nothing changes.
    /// </summary>
    Task SetPublishedPlacesAsync(string groupId, int birthYear, int places);
}

/// <summary>The kindergartens of one city (<see cref="GrainKeys.CityKindergartens"/>), for the catalog.</summary>
[Alias("Balabaqsha.ICityKindergartensGrain")]
public interface ICityKindergartensGrain : IGrainWithStringKey
{
    /// <summary>The kindergartens of the city, by number.</summary>
    Task<IReadOnlyList<KindergartenProfile>> GetAllAsync();

    /// <summary>Adds or replaces a kindergarten's entry.</summary>
    Task UpsertAsync(KindergartenProfile profile);
}

/// <summary>Marks that the demo data were seeded (<see cref="GrainKeys.DemoSeed"/>).</summary>
[Alias("Balabaqsha.IDemoSeedGrain")]
public interface IDemoSeedGrain : IGrainWithStringKey
{
    /// <summary>The version of the demo data seeded so far (0 when none).</summary>
    Task<int> GetVersionAsync();

    /// <summary>Records the version seeded.</summary>
    Task SetVersionAsync(int version);
}
