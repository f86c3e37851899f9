using Balabaqsha.Abstractions.Vouchers;

namespace Balabaqsha.Grains.Vouchers;

/// <summary>Where a voucher stands in its pool. Stored as its number: never renumber.</summary>
public enum PoolVoucherState : short
{
    /// <summary>Offered (or reserved for an offer), bound to no group.</summary>
    Outstanding = 0,

    /// <summary>The parent requested a place: the voucher holds one place of a group.</summary>
    Held = 1,

    /// <summary>Redeemed by an enrollment: the place of the group is taken.</summary>
    Enrolled = 2,
}

/// <summary>
/// One voucher's row. An outstanding voucher has no kindergarten and group; a held or enrolled one has both.
/// </summary>
public sealed record PoolVoucherRow(string VoucherId, PoolVoucherState State, string Number, string? KindergartenId = null, string? GroupId = null);

/// <summary>The pool's figures: vouchers offered, accepted and annulled so far.</summary>
public readonly record struct PoolCounters(int Offered, int Accepted, int Annulled);

/// <summary>How many enrolled vouchers took a place of one group.</summary>
public readonly record struct EnrolledCount(string KindergartenId, string GroupId, int Count);

/// <summary>
/// A pool as stored: its row (version, publications, counters), the rows of its outstanding and held
/// vouchers, and its enrolled vouchers counted per group (they never change again, so only their number
/// matters to the pool).
/// </summary>
public sealed record StoredPool(
    long Version,
    IReadOnlyList<Publication> Publications,
    PoolCounters Counters,
    IReadOnlyList<PoolVoucherRow> Claimed,
    IReadOnlyList<EnrolledCount> Enrolled);

/// <summary>
/// One change of a pool: its row, written only when <paramref name="ExpectedVersion"/> is still the stored
/// version (0: the pool has no row yet), and the rows of the vouchers the change touched — written as given
/// (<paramref name="Upserts"/>) or removed (<paramref name="Deletes"/>). <paramref name="Publications"/> is
/// null when they did not change (required for a pool's first write).
/// </summary>
public sealed record PoolWrite(
    string PoolKey,
    long ExpectedVersion,
    IReadOnlyList<Publication>? Publications,
    PoolCounters Counters,
    IReadOnlyList<PoolVoucherRow> Upserts,
    IReadOnlyList<string> Deletes);

/// <summary>
/// The voucher pools' tables (SQLite or PostgreSQL, scripts under <c>silo/…/Sql</c>): one row per pool, one
/// row per voucher. A change writes the pool row and the rows of the vouchers it touched, never the whole
/// pool, so its cost does not grow with the vouchers outstanding, held or enrolled.
/// </summary>
public interface IVoucherPoolDatabase
{
    /// <summary>The pool as stored, from one snapshot; null when it was never written.</summary>
    Task<StoredPool?> LoadAsync(string poolKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the change in one transaction and returns the pool's new version. Returns once the transaction
    /// is durable; throws and writes nothing when it fails — an <see cref="Orleans.Storage.InconsistentStateException"/>
    /// when the stored version is not the expected one (another activation wrote the pool).
    /// </summary>
    Task<long> WriteAsync(PoolWrite write, CancellationToken cancellationToken = default);
}
