using Balabaqsha.Domain.Applications;
using NodaTime;
using Orleans.Concurrency;

namespace Balabaqsha.Abstractions.Vouchers;

/// <summary>
/// A pool of free places (<see cref="VoucherPoolKeys.For"/>): one locality, queue type, rehabilitation
/// type, language and birth year. Kindergartens publish free places into it; each place not covered by an
/// outstanding voucher, a hold or an enrollment makes the queue offer a voucher to its first
/// eligible application. Invariant: outstanding + holds + enrolled ≤ published.
/// </summary>
[Alias("Balabaqsha.IVoucherPoolGrain")]
public interface IVoucherPoolGrain : IGrainWithStringKey
{
    /// <summary>The pool's places and vouchers.</summary>
    [AlwaysInterleave]
    Task<PoolView> GetAsync();

    /// <summary>
    /// Sets how many free places a group of a kindergarten publishes for this pool's birth year: its
    /// staff, or the operator of its city on its behalf. Fewer than its vouchers still need is refused.
    /// </summary>
    Task<PoolView> PublishAsync(Actor actor, string kindergartenId, string groupId, int places);

    /// <summary>
    /// A voucher was annulled (refused, not answered, expired): its place is offered again at once. One-way:
    /// the application does not wait; a release lost in a crash is caught by the pool's reconciliation.
    /// </summary>
    [OneWay]
    Task ReleaseAsync(string voucherId);

    /// <summary>Writes the releases received so far and offers the freed places (the pool calls it on itself).</summary>
    [OneWay]
    Task FlushAsync();

    /// <summary>A voucher was accepted (for the figures).</summary>
    Task AcceptedAsync(string voucherId);

    /// <summary>
    /// The parent requests a place in a group: the voucher's unit becomes a hold on one of that group's
    /// places. False when the group has no place left (or the voucher is not outstanding); never two holds on one place.
    /// </summary>
    Task<bool> HoldAsync(string voucherId, string kindergartenId, string groupId);

    /// <summary>The request was declined or cancelled: the hold becomes an outstanding voucher again.</summary>
    Task ReleaseHoldAsync(string voucherId);

    /// <summary>The child was enrolled: the hold becomes a taken place.</summary>
    Task EnrollAsync(string voucherId);

    /// <summary>The groups of this pool with a place no hold or enrollment covers: where a voucher holder may go.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<PlaceChoice>> GetChoicesAsync();

    /// <summary>Offers every free place to the queue's first eligible applications.</summary>
    [OneWay]
    Task OfferFreePlacesAsync();
}

/// <summary>A group with free places a voucher holder may choose.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.PlaceChoice")]
public sealed record PlaceChoice(
    [property: Id(0)] string KindergartenId,
    [property: Id(1)] string GroupId,
    [property: Id(2)] int Free);

/// <summary>One kindergarten group's publication in a pool.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.Publication")]
public sealed record Publication(
    [property: Id(0)] string KindergartenId,
    [property: Id(1)] string GroupId,
    [property: Id(2)] int Places,
    [property: Id(3)] Instant At);

/// <summary>The places of one kindergarten group in a pool held by a request or taken by an enrolled child.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.GroupOccupancy")]
public sealed record GroupOccupancy(
    [property: Id(0)] string KindergartenId,
    [property: Id(1)] string GroupId,
    [property: Id(2)] int Held,
    [property: Id(3)] int Enrolled);

/// <summary>A pool as staff and statistics see it.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.PoolView")]
public sealed record PoolView(
    [property: Id(0)] string PoolKey,
    [property: Id(1)] int Published,
    [property: Id(2)] int Outstanding,
    [property: Id(3)] int Holds,
    [property: Id(4)] int Enrolled,
    [property: Id(5)] IReadOnlyList<Publication> Publications,
    [property: Id(6)] int Offered,
    [property: Id(7)] int Accepted,
    [property: Id(8)] int Annulled)
{
    /// <summary>
    /// The groups with places held or taken, one entry each. Not a constructor parameter: the statistics keep
    /// views as JSON, and one stored before it existed reads back with none rather than with null.
    /// </summary>
    [Id(9)]
    public IReadOnlyList<GroupOccupancy> Occupancy { get; init; } = [];

    /// <summary>Places no voucher, hold or enrollment covers.</summary>
    public int Free => Published - Outstanding - Holds - Enrolled;

    /// <summary>
    /// A group's places not held by a request nor taken by an enrolled child: what a voucher holder may still
    /// choose there and what the catalog shows. An outstanding voucher is not bound to a group, so it does not count.
    /// </summary>
    public int FreeIn(string kindergartenId, string groupId)
    {
        var published = Publications.Where(p => p.KindergartenId == kindergartenId && p.GroupId == groupId).Sum(p => p.Places);
        var used = Occupancy.Where(o => o.KindergartenId == kindergartenId && o.GroupId == groupId).Sum(o => o.Held + o.Enrolled);
        return Math.Max(0, published - used);
    }
}

/// <summary>The pools: one per locality, queue type, rehabilitation type, language and birth year.</summary>
public static class VoucherPoolKeys
{
    public static string For(string cityId, QueueType type, string? rehabilitationTypeId, string language, int birthYear) =>
        $"pool:{cityId}:{(type == QueueType.Sanatorium ? "sanatorium" : "general")}:{(type == QueueType.Sanatorium ? rehabilitationTypeId : "-")}:{language}:{birthYear}";

    /// <summary>The parts of a key made by <see cref="For"/>.</summary>
    public static (string CityId, QueueType Type, string? RehabilitationTypeId, string Language, int BirthYear) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(':');
        if (parts is not ["pool", var city, var type, var rehabilitation, var language, var year] || !int.TryParse(year, System.Globalization.CultureInfo.InvariantCulture, out var birthYear))
        {
            throw new FormatException("Not a pool key.");
        }

        var queueType = type == "sanatorium" ? QueueType.Sanatorium : QueueType.General;
        return (city, queueType, queueType == QueueType.Sanatorium ? rehabilitation : null, language, birthYear);
    }

    /// <summary>The queue a pool offers to.</summary>
    public static string QueueOf(string poolKey)
    {
        var (city, type, rehabilitation, _, _) = Parse(poolKey);
        return QueueKeys.For(city, type, rehabilitation);
    }
}
