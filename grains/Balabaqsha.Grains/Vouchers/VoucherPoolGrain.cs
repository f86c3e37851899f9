using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Balabaqsha.Grains.Vouchers;

/// <summary>A place of one group of a kindergarten, held or taken by an application.</summary>
public sealed record GroupPlace(string KindergartenId, string GroupId, string Number);

public sealed class VoucherPoolState
{
    public List<Publication> Publications { get; set; } = [];

    /// <summary>Outstanding vouchers: voucher id → application number.</summary>
    public Dictionary<string, string> Outstanding { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Vouchers whose parent requested a place: voucher id → the group's place held.</summary>
    public Dictionary<string, GroupPlace> Holds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Vouchers redeemed by an enrollment: voucher id → the group's place taken.</summary>
    public Dictionary<string, GroupPlace> Enrolled { get; set; } = new(StringComparer.Ordinal);

    public int Offered { get; set; }

    public int Accepted { get; set; }

    public int Annulled { get; set; }
}

/// <summary>
/// A pool of free places. One activation decides alone (not reentrant), so a unit is reserved before its
/// voucher is offered and the invariant outstanding + holds + enrolled ≤ published holds under any concurrency.
/// Offering runs as a separate one-way call, so a release never waits for the next offer.
/// </summary>
public sealed class VoucherPoolGrain(
    [PersistentState("voucher-pool")] IPersistentState<VoucherPoolState> pool,
    IClock clock,
    ILogger<VoucherPoolGrain> logger) : Grain, IVoucherPoolGrain
{
    private const int CandidatesPerAsk = 10;

    private int Published => pool.State.Publications.Sum(p => p.Places);

    private int Free => Published - pool.State.Outstanding.Count - pool.State.Holds.Count - pool.State.Enrolled.Count;

    private int UsedIn(string kindergartenId, string groupId) =>
        pool.State.Holds.Values.Concat(pool.State.Enrolled.Values).Count(p => p.KindergartenId == kindergartenId && p.GroupId == groupId);

    private int PublishedIn(string kindergartenId, string groupId) =>
        pool.State.Publications.Where(p => p.KindergartenId == kindergartenId && p.GroupId == groupId).Sum(p => p.Places);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Places freed while no activation ran (or an offer interrupted by a crash) are offered again.
        if (Free > 0)
        {
            Self.OfferFreePlacesAsync().Ignore();
        }

        return Task.CompletedTask;
    }

    public Task<PoolView> GetAsync() => Task.FromResult(View());

    public async Task<PoolView> PublishAsync(Actor actor, string kindergartenId, string groupId, int places)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (cityId, type, rehabilitationTypeId, language, birthYear) = VoucherPoolKeys.Parse(this.GetPrimaryKeyString());

        // Who may publish is checked before anything is said about the kindergarten.
        if (!(actor.Role == Role.KindergartenStaff && actor.KindergartenId == kindergartenId) && !actor.IsOperatorOf(cityId))
        {
            throw new DomainException("Error.Access.Denied");
        }

        var profile = await GrainFactory.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync()
            ?? throw new DomainException("Error.Places.UnknownKindergarten");
        var mayPublish = (actor.Role == Role.KindergartenStaff && actor.KindergartenId == kindergartenId)
            || (actor.IsOperatorOf(profile.CityId));
        if (!mayPublish || profile.CityId != cityId)
        {
            throw new DomainException("Error.Access.Denied");
        }

        var group = profile.Groups.FirstOrDefault(g => g.Id == groupId) ?? throw new DomainException("Error.Places.UnknownGroup");
        var age = clock.GetCurrentInstant().InZone(PortalClock.Almaty).Year - birthYear;
        if (group.QueueType != type || group.RehabilitationTypeId != rehabilitationTypeId || group.Language != language
            || age < group.MinAgeYears || age > group.MaxAgeYears)
        {
            throw new DomainException("Error.Places.GroupDoesNotFit");
        }

        if (places < 0 || places > group.Capacity)
        {
            throw new DomainException("Error.Places.OverCapacity");
        }

        var others = pool.State.Publications.Where(p => !(p.KindergartenId == kindergartenId && p.GroupId == groupId)).Sum(p => p.Places);
        if (others + places < pool.State.Outstanding.Count + pool.State.Holds.Count + pool.State.Enrolled.Count
            || places < UsedIn(kindergartenId, groupId))
        {
            throw new DomainException("Error.Places.BelowVouchers");
        }

        // The kindergarten keeps the group's places over all birth years within its capacity.
        await GrainFactory.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).SetPublishedPlacesAsync(groupId, birthYear, places);
        pool.State.Publications.RemoveAll(p => p.KindergartenId == kindergartenId && p.GroupId == groupId);
        if (places > 0)
        {
            pool.State.Publications.Add(new Publication(kindergartenId, groupId, places, clock.GetCurrentInstant()));
        }

        await SaveAsync();
        if (Free > 0)
        {
            Self.OfferFreePlacesAsync().Ignore();
        }

        return View();
    }

    public async Task ReleaseAsync(string voucherId)
    {
        if (pool.State.Outstanding.Remove(voucherId) || pool.State.Holds.Remove(voucherId))
        {
            pool.State.Annulled++;
            await SaveAsync();
            Self.OfferFreePlacesAsync().Ignore();
        }
    }

    public async Task<bool> HoldAsync(string voucherId, string kindergartenId, string groupId)
    {
        if (pool.State.Holds.TryGetValue(voucherId, out var held))
        {
            return held.KindergartenId == kindergartenId && held.GroupId == groupId;
        }

        // One turn decides: the group has a place no hold or enrollment covers, and the voucher is outstanding.
        if (!pool.State.Outstanding.TryGetValue(voucherId, out var number) || PublishedIn(kindergartenId, groupId) - UsedIn(kindergartenId, groupId) <= 0)
        {
            return false;
        }

        pool.State.Outstanding.Remove(voucherId);
        pool.State.Holds[voucherId] = new GroupPlace(kindergartenId, groupId, number);
        await SaveAsync();
        return true;
    }

    public async Task ReleaseHoldAsync(string voucherId)
    {
        if (pool.State.Holds.Remove(voucherId, out var held))
        {
            pool.State.Outstanding[voucherId] = held.Number;
            await SaveAsync();
        }
    }

    public async Task EnrollAsync(string voucherId)
    {
        if (pool.State.Holds.Remove(voucherId, out var held))
        {
            pool.State.Enrolled[voucherId] = held;
            await SaveAsync();
        }
    }

    public Task<IReadOnlyList<PlaceChoice>> GetChoicesAsync() => Task.FromResult<IReadOnlyList<PlaceChoice>>(
        [.. pool.State.Publications
            .Select(p => new PlaceChoice(p.KindergartenId, p.GroupId, p.Places - UsedIn(p.KindergartenId, p.GroupId)))
            .Where(c => c.Free > 0)]);

    public async Task AcceptedAsync(string voucherId)
    {
        if (pool.State.Outstanding.ContainsKey(voucherId))
        {
            pool.State.Accepted++;
            await SaveAsync();
        }
    }

    public async Task OfferFreePlacesAsync()
    {
        var poolKey = this.GetPrimaryKeyString();
        var (_, _, _, language, birthYear) = VoucherPoolKeys.Parse(poolKey);
        var queue = GrainFactory.GetGrain<IQueueGrain>(VoucherPoolKeys.QueueOf(poolKey));
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        while (Free > 0)
        {
            var excluded = new HashSet<string>(pool.State.Outstanding.Values, StringComparer.Ordinal);
            excluded.UnionWith(skipped);
            var candidates = await queue.FindEligibleAsync(birthYear, language, excluded, CandidatesPerAsk);
            if (candidates.Count == 0)
            {
                return;
            }

            foreach (var number in candidates)
            {
                if (Free <= 0)
                {
                    return;
                }

                // The unit is reserved (and durable) before the voucher is offered.
                var voucherId = Guid.NewGuid().ToString("N");
                pool.State.Outstanding[voucherId] = number;
                await pool.WriteStateAsync();
                bool offered;
                try
                {
                    offered = await GrainFactory.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).OfferVoucherAsync(voucherId, poolKey);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    // The answer was lost, not necessarily the offer: the unit stays reserved (never two
                    // vouchers for one place); the application's own deadline releases it if it was not offered.
                    logger.LogWarning(failure, "Pool {Pool}: no answer to a voucher offer; its place stays reserved", poolKey);
                    return;
                }

                if (offered)
                {
                    pool.State.Offered++;
                }
                else
                {
                    pool.State.Outstanding.Remove(voucherId);
                    skipped.Add(number);
                }

                await SaveAsync();
            }
        }
    }

    // Every change is written, then reported to the public statistics.
    private async Task SaveAsync()
    {
        await pool.WriteStateAsync();
        await GrainFactory.GetGrain<IStatisticsGrain>(StatisticsKeys.All).ReportPoolAsync(View());
    }

    private IVoucherPoolGrain Self => this.AsReference<IVoucherPoolGrain>();

    private PoolView View() => new(
        this.GetPrimaryKeyString(), Published, pool.State.Outstanding.Count, pool.State.Holds.Count, pool.State.Enrolled.Count,
        [.. pool.State.Publications], pool.State.Offered, pool.State.Accepted, pool.State.Annulled);
}
