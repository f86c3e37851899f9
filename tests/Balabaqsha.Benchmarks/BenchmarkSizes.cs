namespace Balabaqsha.Benchmarks;

/// <summary>
/// How big a run is: <c>full</c> is the measurement (100,000 and 1,000,000 entries, 10,000 live
/// clients, 10,000 outstanding vouchers 3 minutes before their deadline); <c>tiny</c> runs every part at a
/// toy size so a test keeps the benchmark working.
/// </summary>
public sealed record BenchmarkSizes(
    int[] LookupQueues,
    int Lookups,
    int ThroughputChanges,
    int ThroughputWriters,
    int BytesQueue,
    int BytesChanges,
    int ActivationQueue,
    int FanOutQueue,
    int FanOutClients,
    int FanOutRounds,
    int Vouchers,
    TimeSpan VoucherLead)
{
    public static BenchmarkSizes Full { get; } = new([100_000, 1_000_000], 20_000, 40_000, 64, 1_000_000, 20_000, 1_000_000, 100_000, 10_000, 5, 10_000, TimeSpan.FromMinutes(3));

    public static BenchmarkSizes Tiny { get; } = new([1_000, 5_000], 500, 600, 8, 5_000, 300, 5_000, 2_000, 40, 2, 200, TimeSpan.FromSeconds(20));

    public static BenchmarkSizes Parse(string name) => name switch
    {
        "full" => Full,
        "tiny" => Tiny,
        _ => throw new ArgumentException($"Unknown size '{name}': use full or tiny."),
    };
}
