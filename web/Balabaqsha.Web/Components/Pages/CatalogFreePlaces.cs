using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Vouchers;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>
/// Free places as the public catalog counts them, from the latest figures of a locality's pools. A pool (locality,
/// queue, rehabilitation type, language, birth year) offers its vouchers for every place its kindergartens publish,
/// not for one kindergarten's: a voucher binds a family to a kindergarten only when the family chooses one. So a
/// group's free places in a pool are the places it publishes there, but never more than the pool still has free — an
/// upper bound when several kindergartens publish into one pool, and exact when only one does.
/// </summary>
public sealed class CatalogFreePlaces
{
    private readonly IReadOnlyList<PoolView> _pools;

    private CatalogFreePlaces(IReadOnlyList<PoolView> pools) => _pools = pools;

    public static CatalogFreePlaces Empty { get; } = new([]);

    /// <summary>The pools of one locality (each pool reports its figures to the statistics on every change).</summary>
    public static async Task<CatalogFreePlaces> LoadAsync(IGrainFactory grains, string cityId)
    {
        var pools = await grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync();
        return new([.. pools.Where(p => InCity(p.PoolKey, cityId))]);
    }

    /// <summary>The free places of a kindergarten: over its pools, its places there up to the pool's free places.</summary>
    public int OfKindergarten(string kindergartenId) =>
        _pools.Sum(pool => Math.Min(PublishedIn(pool, kindergartenId, groupId: null), Math.Max(0, pool.Free)));

    /// <summary>The free places of one group of a kindergarten, counted as for the kindergarten.</summary>
    public int OfGroup(string kindergartenId, string groupId) => YearsOf(kindergartenId, groupId).Sum(y => y.Free);

    /// <summary>What a group publishes, birth year by birth year, with its pool's free places then.</summary>
    public IReadOnlyList<GroupYearPlaces> YearsOf(string kindergartenId, string groupId) =>
    [
        .. _pools
            .Select(pool => (Pool: pool, Published: PublishedIn(pool, kindergartenId, groupId)))
            .Where(p => p.Published > 0)
            .Select(p => new GroupYearPlaces(VoucherPoolKeys.Parse(p.Pool.PoolKey).BirthYear, p.Published, Math.Max(0, p.Pool.Free), Math.Min(p.Published, Math.Max(0, p.Pool.Free))))
            .OrderByDescending(y => y.BirthYear),
    ];

    /// <summary>True when both hold the same figures (a refresh that changed nothing needs no render).</summary>
    public bool SameAs(CatalogFreePlaces other) =>
        _pools.Count == other._pools.Count && _pools.Zip(other._pools).All(p => p.First.PoolKey == p.Second.PoolKey && p.First.Free == p.Second.Free
            && p.First.Publications.Select(x => (x.KindergartenId, x.GroupId, x.Places)).SequenceEqual(p.Second.Publications.Select(x => (x.KindergartenId, x.GroupId, x.Places))));

    private static int PublishedIn(PoolView pool, string kindergartenId, string? groupId) =>
        pool.Publications.Where(p => p.KindergartenId == kindergartenId && (groupId is null || p.GroupId == groupId)).Sum(p => p.Places);

    private static bool InCity(string poolKey, string cityId)
    {
        try
        {
            return VoucherPoolKeys.Parse(poolKey).CityId == cityId;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>A group's places in the pool of one birth year: published, the pool's free places, and the group's share.</summary>
public sealed record GroupYearPlaces(int BirthYear, int Published, int PoolFree, int Free);
