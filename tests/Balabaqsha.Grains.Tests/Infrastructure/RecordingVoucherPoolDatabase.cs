using System.Collections.Concurrent;
using Balabaqsha.Grains.Vouchers;

namespace Balabaqsha.Grains.Tests.Infrastructure;

/// <summary>
/// The silo's voucher pool database with every successful write remembered, per pool: tests read how many
/// rows a change of a pool wrote. One per fixture, so it outlives the fixture's restarts.
/// </summary>
public sealed class RecordingVoucherPoolDatabase : IVoucherPoolDatabase
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<PoolWrite>> _writes = new(StringComparer.Ordinal);
    private IVoucherPoolDatabase? _inner;

    /// <summary>The database that does the work; set by each silo start.</summary>
    public IVoucherPoolDatabase Inner
    {
        get => _inner ?? throw new InvalidOperationException("No silo has started on the recording database yet.");
        set => _inner = value;
    }

    /// <summary>The writes of a pool so far, in the order they committed.</summary>
    public IReadOnlyList<PoolWrite> WritesOf(string poolKey) =>
        _writes.TryGetValue(poolKey, out var writes) ? [.. writes] : [];

    public Task<StoredPool?> LoadAsync(string poolKey, CancellationToken cancellationToken = default) =>
        Inner.LoadAsync(poolKey, cancellationToken);

    public async Task<long> WriteAsync(PoolWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var version = await Inner.WriteAsync(write, cancellationToken);
        _writes.GetOrAdd(write.PoolKey, _ => new ConcurrentQueue<PoolWrite>()).Enqueue(write);
        return version;
    }
}
