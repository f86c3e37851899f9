using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Vouchers;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>
/// Free places as the public catalog counts them, from the latest figures of a locality's pools (each pool reports
/// them to the statistics on every change). A group's free places for a birth year are the places it publishes in
/// that year's pool less those held by a parent's request («Подтвердить») and those taken by an enrolled child
/// (<see cref="PoolView.FreeIn"/>, the count «Выбрать ДО» offers too): a request takes one away, a declined or
/// cancelled request gives it back, an enrollment keeps it taken. A voucher on offer or accepted is not counted: a
/// pool (locality, queue, rehabilitation type, language, birth year) offers its vouchers for all the places its
/// kindergartens publish, and a voucher binds a family to a group only when the family chooses one. So where
/// families wait, a place shown free may already be promised to a voucher holder who has not chosen yet: the figure
/// says what can still be chosen in the group, not that a new application would get a voucher for it. Figures the
/// statistics kept from before the pools reported their holds per group count none until the pool's next change.
/// </summary>
public sealed class CatalogFreePlaces
{
    private readonly IReadOnlyList<PoolView> _pools;

    private CatalogFreePlaces(IReadOnlyList<PoolView> pools) => _pools = pools;

    public static CatalogFreePlaces Empty { get; } = new([]);

    /// <summary>The pools of one locality.</summary>
    public static async Task<CatalogFreePlaces> LoadAsync(IGrainFactory grains, string cityId) =>
        From(await grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync(), cityId);

    /// <summary>The pools of one locality among the figures of all.</summary>
    public static CatalogFreePlaces From(IEnumerable<PoolView> pools, string cityId) => new([.. pools.Where(p => InCity(p.PoolKey, cityId))]);

    /// <summary>The free places of a kindergarten: those of its groups over all their birth years.</summary>
    public int OfKindergarten(string kindergartenId) =>
        _pools.Sum(pool => pool.Publications.Where(p => p.KindergartenId == kindergartenId).Select(p => p.GroupId).Distinct().Sum(g => pool.FreeIn(kindergartenId, g)));

    /// <summary>The free places of one group of a kindergarten over all its birth years.</summary>
    public int OfGroup(string kindergartenId, string groupId) => YearsOf(kindergartenId, groupId).Sum(y => y.Free);

    /// <summary>What a group publishes, birth year by birth year, with the places held or taken and those left free.</summary>
    public IReadOnlyList<GroupYearPlaces> YearsOf(string kindergartenId, string groupId) =>
    [
        .. _pools
            .Select(pool => (Pool: pool, Published: pool.Publications.Where(p => p.KindergartenId == kindergartenId && p.GroupId == groupId).Sum(p => p.Places)))
            .Where(p => p.Published > 0)
            .Select(p => new GroupYearPlaces(
                VoucherPoolKeys.Parse(p.Pool.PoolKey).BirthYear,
                p.Published,
                p.Pool.Occupancy.Where(o => o.KindergartenId == kindergartenId && o.GroupId == groupId).Sum(o => o.Held + o.Enrolled),
                p.Pool.FreeIn(kindergartenId, groupId)))
            .OrderByDescending(y => y.BirthYear),
    ];

    /// <summary>True when both hold the same figures (a refresh that changed nothing needs no render).</summary>
    public bool SameAs(CatalogFreePlaces other) =>
        _pools.Count == other._pools.Count && _pools.Zip(other._pools).All(p => p.First.PoolKey == p.Second.PoolKey
            && p.First.Publications.Select(x => (x.KindergartenId, x.GroupId, x.Places)).SequenceEqual(p.Second.Publications.Select(x => (x.KindergartenId, x.GroupId, x.Places)))
            && p.First.Occupancy.SequenceEqual(p.Second.Occupancy));

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

/// <summary>A group's places in the pool of one birth year: published, held by a request or taken by a child, and free.</summary>
public sealed record GroupYearPlaces(int BirthYear, int Published, int Taken, int Free);
