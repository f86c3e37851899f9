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

/// <summary>
/// The whole-state record of the first version of the pool, rewritten on every change; read once to move it
/// into the pool tables (<see cref="IVoucherPoolDatabase"/>), then cleared.
/// </summary>
public sealed class LegacyVoucherPoolState
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

    /// <summary>Whether anything was ever written (a cleared record reads back empty).</summary>
    public bool HasContent() =>
        Publications.Count > 0 || Outstanding.Count > 0 || Holds.Count > 0 || Enrolled.Count > 0 || Offered > 0 || Accepted > 0 || Annulled > 0;
}

/// <summary>
/// A pool of free places. One activation decides alone (not reentrant), so a unit is reserved before its
/// voucher is offered and the invariant outstanding + holds + enrolled ≤ published holds under any concurrency.
/// Offering runs as a separate one-way call, so a release never waits for the next offer. The pool lives in
/// memory, loaded from its rows on activation; a change writes the pool row and the rows of the vouchers it
/// touched in one transaction, and its caller is answered once that is durable.
/// </summary>
public sealed class VoucherPoolGrain(
    IVoucherPoolDatabase database,
    [PersistentState("voucher-pool")] IPersistentState<LegacyVoucherPoolState> legacy,
    IClock clock,
    ILogger<VoucherPoolGrain> logger) : Grain, IVoucherPoolGrain
{
    private const int CandidatesPerAsk = 25;

    private readonly Dictionary<string, string> _outstanding = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupPlace> _holds = new(StringComparer.Ordinal);

    // Enrolled vouchers never change again: the pool only needs how many places of each group they took.
    private readonly Dictionary<(string KindergartenId, string GroupId), int> _enrolledIn = [];

    // The rows to write with the next change: voucher id → its row, or null to remove it.
    private readonly Dictionary<string, PoolVoucherRow?> _dirty = new(StringComparer.Ordinal);
    private List<Publication> _publications = [];
    private bool _publicationsDirty;
    private int _enrolled;
    private int _offered;
    private int _accepted;
    private int _annulled;
    private long _version;
    private bool _flushScheduled;

    private string Key => this.GetPrimaryKeyString();

    private int Published => _publications.Sum(p => p.Places);

    private int Free => Published - _outstanding.Count - _holds.Count - _enrolled;

    private int UsedIn(string kindergartenId, string groupId) =>
        _holds.Values.Count(p => p.KindergartenId == kindergartenId && p.GroupId == groupId) + _enrolledIn.GetValueOrDefault((kindergartenId, groupId));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
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
        var (cityId, type, rehabilitationTypeId, language, birthYear) = VoucherPoolKeys.Parse(Key);

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

        var others = _publications.Where(p => !(p.KindergartenId == kindergartenId && p.GroupId == groupId)).Sum(p => p.Places);
        if (others + places < _outstanding.Count + _holds.Count + _enrolled || places < UsedIn(kindergartenId, groupId))
        {
            throw new DomainException("Error.Places.BelowVouchers");
        }

        // The kindergarten keeps the group's places over all birth years within its capacity.
        await GrainFactory.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).SetPublishedPlacesAsync(groupId, birthYear, places);
        _publications.RemoveAll(p => p.KindergartenId == kindergartenId && p.GroupId == groupId);
        if (places > 0)
        {
            _publications.Add(new Publication(kindergartenId, groupId, places, clock.GetCurrentInstant()));
        }

        _publicationsDirty = true;
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
        if (_outstanding.Remove(voucherId) || _holds.Remove(voucherId))
        {
            _annulled++;
            Forget(voucherId);
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
        if (_holds.TryGetValue(voucherId, out var held))
        {
            return held.KindergartenId == kindergartenId && held.GroupId == groupId;
        }

        // One turn decides: the group has a place no hold or enrollment covers, and the voucher is outstanding.
        if (!_outstanding.TryGetValue(voucherId, out var number) || View().FreeIn(kindergartenId, groupId) <= 0)
        {
            return false;
        }

        _outstanding.Remove(voucherId);
        Hold(voucherId, new GroupPlace(kindergartenId, groupId, number));
        await SaveAsync();
        return true;
    }

    public async Task ReleaseHoldAsync(string voucherId)
    {
        if (_holds.Remove(voucherId, out var held))
        {
            Reserve(voucherId, held.Number);
            await SaveAsync();
        }
    }

    public async Task EnrollAsync(string voucherId)
    {
        if (_holds.Remove(voucherId, out var held))
        {
            Enroll(voucherId, held);
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
        if (_outstanding.ContainsKey(voucherId))
        {
            _accepted++;
            await SaveAsync();
        }
    }

    public async Task OfferFreePlacesAsync()
    {
        var poolKey = Key;
        var (_, _, _, language, birthYear) = VoucherPoolKeys.Parse(poolKey);
        var queue = GrainFactory.GetGrain<IQueueGrain>(VoucherPoolKeys.QueueOf(poolKey));
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        while (Free > 0)
        {
            var excluded = new HashSet<string>(_outstanding.Values, StringComparer.Ordinal);
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
                Reserve(id, number);
            }

            await WriteAsync();
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
                    _offered++;
                }
                else if (offered == false)
                {
                    if (_outstanding.Remove(id))
                    {
                        Forget(id);
                    }

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
    /// Loads the pool's rows; a pool that has none yet but a record of the first version's whole state is
    /// imported from it (in one transaction), then that record is cleared.
    /// </summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await database.LoadAsync(Key, cancellationToken);
        if (stored is null)
        {
            if (legacy.State.HasContent())
            {
                await ImportLegacyAsync();
            }

            return;
        }

        _version = stored.Version;
        _publications = [.. stored.Publications];
        (_offered, _accepted, _annulled) = (stored.Counters.Offered, stored.Counters.Accepted, stored.Counters.Annulled);
        foreach (var row in stored.Claimed)
        {
            if (row.State == PoolVoucherState.Held)
            {
                _holds[row.VoucherId] = new GroupPlace(row.KindergartenId!, row.GroupId!, row.Number);
            }
            else
            {
                _outstanding[row.VoucherId] = row.Number;
            }
        }

        foreach (var (kindergartenId, groupId, count) in stored.Enrolled)
        {
            _enrolledIn[(kindergartenId, groupId)] = count;
            _enrolled += count;
        }

        // An import whose transaction committed but whose clearing did not: the rows are the pool now.
        if (legacy.State.HasContent())
        {
            await legacy.ClearStateAsync();
        }
    }

    private async Task ImportLegacyAsync()
    {
        var old = legacy.State;
        _publications = [.. old.Publications];
        _publicationsDirty = true;
        (_offered, _accepted, _annulled) = (old.Offered, old.Accepted, old.Annulled);

        // A voucher is in one place only; should the old state name one twice, the furthest step wins.
        foreach (var (id, place) in old.Enrolled)
        {
            Enroll(id, place);
        }

        foreach (var (id, place) in old.Holds.Where(h => !_dirty.ContainsKey(h.Key)))
        {
            Hold(id, place);
        }

        foreach (var (id, number) in old.Outstanding.Where(o => !_dirty.ContainsKey(o.Key)))
        {
            Reserve(id, number);
        }

        await WriteAsync();
        await legacy.ClearStateAsync();
        logger.LogInformation(
            "Pool {Pool}: the whole-state record was moved into the pool tables ({Outstanding} outstanding, {Holds} held, {Enrolled} enrolled)",
            Key, _outstanding.Count, _holds.Count, _enrolled);
    }

    /// <summary>
    /// On activation: an outstanding voucher or hold whose application no longer holds it (a release lost in
    /// a crash, an offer whose answer was lost) is freed, so no place leaks.
    /// </summary>
    private async Task ReconcileAsync()
    {
        var claimed = _outstanding.Select(p => (Id: p.Key, Number: p.Value))
            .Concat(_holds.Select(p => (Id: p.Key, p.Value.Number))).ToList();
        var stale = new List<string>();
        foreach (var chunk in claimed.Chunk(100))
        {
            var answers = await Task.WhenAll(chunk.Select(async c =>
                (c.Id, Holds: await GrainFactory.GetGrain<IApplicationGrain>(ApplicationKeys.Application(c.Number)).HoldsVoucherAsync(c.Id))));
            stale.AddRange(answers.Where(a => !a.Holds).Select(a => a.Id));
        }

        foreach (var id in stale)
        {
            if (_outstanding.Remove(id) || _holds.Remove(id))
            {
                _annulled++;
                Forget(id);
            }
        }

        if (stale.Count > 0)
        {
            logger.LogWarning("Pool {Pool}: {Count} vouchers no longer held by their applications were freed", Key, stale.Count);
            await SaveAsync();
        }
    }

    private void Reserve(string voucherId, string number)
    {
        _outstanding[voucherId] = number;
        _dirty[voucherId] = new PoolVoucherRow(voucherId, PoolVoucherState.Outstanding, number);
    }

    private void Hold(string voucherId, GroupPlace place)
    {
        _holds[voucherId] = place;
        _dirty[voucherId] = new PoolVoucherRow(voucherId, PoolVoucherState.Held, place.Number, place.KindergartenId, place.GroupId);
    }

    private void Enroll(string voucherId, GroupPlace place)
    {
        var group = (place.KindergartenId, place.GroupId);
        _enrolledIn[group] = _enrolledIn.GetValueOrDefault(group) + 1;
        _enrolled++;
        _dirty[voucherId] = new PoolVoucherRow(voucherId, PoolVoucherState.Enrolled, place.Number, place.KindergartenId, place.GroupId);
    }

    // An annulled voucher leaves no row: its place is simply free again.
    private void Forget(string voucherId) => _dirty[voucherId] = null;

    // Every change is written, then reported to the public statistics.
    private async Task SaveAsync()
    {
        await WriteAsync();
        await GrainFactory.GetGrain<IStatisticsGrain>(StatisticsKeys.All).ReportPoolAsync(View());
    }

    /// <summary>
    /// Writes what changed since the last write: the pool row and the touched vouchers' rows. When the write
    /// fails, the memory may hold changes the rows do not: the activation ends and the next one reloads.
    /// </summary>
    private async Task WriteAsync()
    {
        var upserts = new List<PoolVoucherRow>(_dirty.Count);
        var deletes = new List<string>();
        foreach (var (id, row) in _dirty)
        {
            if (row is null)
            {
                deletes.Add(id);
            }
            else
            {
                upserts.Add(row);
            }
        }

        var write = new PoolWrite(
            Key, _version, _publicationsDirty || _version == 0 ? [.. _publications] : null,
            new PoolCounters(_offered, _accepted, _annulled), upserts, deletes);
        try
        {
            _version = await database.WriteAsync(write);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogError(failure, "Pool {Pool}: a change could not be written; the pool reloads from its rows", Key);
            DeactivateOnIdle();
            throw;
        }

        _dirty.Clear();
        _publicationsDirty = false;
    }

    private IVoucherPoolGrain Self => this.AsReference<IVoucherPoolGrain>();

    private PoolView View() => new(
        Key, Published, _outstanding.Count, _holds.Count, _enrolled,
        [.. _publications], _offered, _accepted, _annulled)
    {
        Occupancy =
        [
            .. _holds.Values.Select(p => (Group: (p.KindergartenId, p.GroupId), Held: 1, Enrolled: 0))
                .Concat(_enrolledIn.Select(e => (Group: e.Key, Held: 0, Enrolled: e.Value)))
                .GroupBy(p => p.Group)
                .OrderBy(g => g.Key.KindergartenId, StringComparer.Ordinal).ThenBy(g => g.Key.GroupId, StringComparer.Ordinal)
                .Select(g => new GroupOccupancy(g.Key.KindergartenId, g.Key.GroupId, g.Sum(p => p.Held), g.Sum(p => p.Enrolled))),
        ],
    };
}
