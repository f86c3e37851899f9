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
    private const int CandidatesPerAsk = 25;
    private bool _flushScheduled;

    private int Published => pool.State.Publications.Sum(p => p.Places);

    private int Free => Published - pool.State.Outstanding.Count - pool.State.Holds.Count - pool.State.Enrolled.Count;

    private int UsedIn(string kindergartenId, string groupId) =>
        pool.State.Holds.Values.Concat(pool.State.Enrolled.Values).Count(p => p.KindergartenId == kindergartenId && p.GroupId == groupId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReconcileAsync();

        // Places freed while no activation ran (or an offer interrupted by a crash) are offered again.
        if (Free > 0)
        {
            Self.OfferFreePlacesAsync().Ignore();
        }
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
        var thisYear = clock.GetCurrentInstant().InZone(PortalClock.Almaty).Year;
        if (!Domain.Vouchers.PoolFit.Fits(group.ToCatalogGroup(), type, rehabilitationTypeId, language, birthYear, thisYear))
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

    public Task ReleaseAsync(string voucherId)
    {
        // Many releases arrive together when deadlines pass: they share one write and one round of offers.
        if ((pool.State.Outstanding.Remove(voucherId) || pool.State.Holds.Remove(voucherId)))
        {
            pool.State.Annulled++;
            if (!_flushScheduled)
            {
                _flushScheduled = true;
                Self.FlushAsync().Ignore();
            }
        }

        return Task.CompletedTask;
    }

    public async Task<bool> HoldAsync(string voucherId, string kindergartenId, string groupId)
    {
        if (pool.State.Holds.TryGetValue(voucherId, out var held))
        {
            return held.KindergartenId == kindergartenId && held.GroupId == groupId;
        }

        // One turn decides: the group has a place no hold or enrollment covers, and the voucher is outstanding.
        if (!pool.State.Outstanding.TryGetValue(voucherId, out var number) || View().FreeIn(kindergartenId, groupId) <= 0)
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

    // The same count as the catalog's (PoolView.FreeIn), so a group listed here is one the catalog shows free.
    public Task<IReadOnlyList<PlaceChoice>> GetChoicesAsync()
    {
        var view = View();
        return Task.FromResult<IReadOnlyList<PlaceChoice>>(
            [.. view.Publications
                .Select(p => new PlaceChoice(p.KindergartenId, p.GroupId, view.FreeIn(p.KindergartenId, p.GroupId)))
                .Where(c => c.Free > 0)]);
    }

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
            var candidates = await queue.FindEligibleAsync(birthYear, language, excluded, Math.Min(Free, CandidatesPerAsk));
            if (candidates.Count == 0)
            {
                return;
            }

            // The units are reserved (and durable) before the vouchers are offered; a batch shares one write each way.
            var reserved = candidates.Take(Free).Select(number => (Id: Guid.NewGuid().ToString("N"), Number: number)).ToList();
            foreach (var (id, number) in reserved)
            {
                pool.State.Outstanding[id] = number;
            }

            await pool.WriteStateAsync();
            var answers = await Task.WhenAll(reserved.Select(async r =>
            {
                try
                {
                    return (r.Id, r.Number, Offered: (bool?)await GrainFactory.GetGrain<IApplicationGrain>(ApplicationKeys.Application(r.Number)).OfferVoucherAsync(r.Id, poolKey));
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    // The answer was lost, not necessarily the offer: the unit stays reserved (never two vouchers
                    // for one place) until the reconciliation at the next activation asks the application.
                    logger.LogWarning(failure, "Pool {Pool}: no answer to a voucher offer; its place stays reserved", poolKey);
                    return (r.Id, r.Number, Offered: (bool?)null);
                }
            }));

            foreach (var (id, number, offered) in answers)
            {
                if (offered == true)
                {
                    pool.State.Offered++;
                }
                else if (offered == false)
                {
                    pool.State.Outstanding.Remove(id);
                    skipped.Add(number);
                }
            }

            await SaveAsync();
            if (answers.Any(a => a.Offered is null))
            {
                return;
            }
        }
    }

    public async Task FlushAsync()
    {
        _flushScheduled = false;
        await SaveAsync();
        await OfferFreePlacesAsync();
    }

    /// <summary>
    /// On activation: an outstanding voucher or hold whose application no longer holds it (a release lost in
    /// a crash, an offer whose answer was lost) is freed, so no place leaks.
    /// </summary>
    private async Task ReconcileAsync()
    {
        var claimed = pool.State.Outstanding.Select(p => (Id: p.Key, Number: p.Value))
            .Concat(pool.State.Holds.Select(p => (Id: p.Key, p.Value.Number))).ToList();
        var stale = new List<string>();
        foreach (var chunk in claimed.Chunk(100))
        {
            var answers = await Task.WhenAll(chunk.Select(async c =>
                (c.Id, Holds: await GrainFactory.GetGrain<IApplicationGrain>(ApplicationKeys.Application(c.Number)).HoldsVoucherAsync(c.Id))));
            stale.AddRange(answers.Where(a => !a.Holds).Select(a => a.Id));
        }

        foreach (var id in stale)
        {
            if (pool.State.Outstanding.Remove(id) || pool.State.Holds.Remove(id))
            {
                pool.State.Annulled++;
            }
        }

        if (stale.Count > 0)
        {
            logger.LogWarning("Pool {Pool}: {Count} vouchers no longer held by their applications were freed", this.GetPrimaryKeyString(), stale.Count);
            await SaveAsync();
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
        [.. pool.State.Publications], pool.State.Offered, pool.State.Accepted, pool.State.Annulled)
    {
        Occupancy =
        [
            .. pool.State.Holds.Values.Select(p => (Place: p, Held: 1, Enrolled: 0))
                .Concat(pool.State.Enrolled.Values.Select(p => (Place: p, Held: 0, Enrolled: 1)))
                .GroupBy(p => (p.Place.KindergartenId, p.Place.GroupId))
                .OrderBy(g => g.Key.KindergartenId, StringComparer.Ordinal).ThenBy(g => g.Key.GroupId, StringComparer.Ordinal)
                .Select(g => new GroupOccupancy(g.Key.KindergartenId, g.Key.GroupId, g.Sum(p => p.Held), g.Sum(p => p.Enrolled))),
        ],
    };
}
