using System.Diagnostics;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;

namespace Balabaqsha.Benchmarks;

/// <summary>Parts 1, 2, 3 and 5 of the queue benchmark: look-ups, throughput, bytes per change, cold activation.</summary>
public static class QueueBenchmarks
{
    private static readonly Random Seeded = new(20261125);

    /// <summary>
    /// Part 5 then part 1 for each size: the cold activation (rebuild from the rows) with the memory it
    /// takes, then place look-ups through the grain against the indexed-table baseline.
    /// </summary>
    public static async Task LookupsAndActivationAsync(BenchDatabase database, BenchSilo silo, BenchmarkSizes sizes, Figures figures)
    {
        foreach (var size in sizes.LookupQueues)
        {
            var key = QueueKeys.For($"bench-lookup-{size}", QueueType.General, null);
            await database.LoadQueueAsync(key, size);
            var queue = silo.Grains.GetGrain<IQueueGrain>(key);

            var before = SettledMemory();
            var activation = Stopwatch.StartNew();
            var count = await queue.CountAsync();
            activation.Stop();
            var after = SettledMemory();
            if (count != size)
            {
                throw new InvalidOperationException($"The queue has {count} entries, {size} expected.");
            }

            var label = $"{size:N0} entries";
            if (size == sizes.ActivationQueue)
            {
                figures.Add("5 cold activation", $"rebuild from the rows, {label}", Figures.Milli(activation.Elapsed.TotalMilliseconds), "≤ 5 s");
                figures.Add("5 cold activation", $"memory per entry, {label}", Figures.Number((after - before) / (double)size) + " B", "≤ 200 B");
            }

            // Look-ups at random places, one after another, through the grain (in-process call).
            var numbers = Enumerable.Range(0, sizes.Lookups).Select(_ => BenchDatabase.NumberOf(Seeded.Next(size))).ToArray();
            for (var i = 0; i < Math.Min(1000, numbers.Length); i++)
            {
                await queue.GetPlaceAsync(numbers[i]);
            }

            var samples = new double[numbers.Length];
            for (var i = 0; i < numbers.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var place = await queue.GetPlaceAsync(numbers[i]);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (place is null)
                {
                    throw new InvalidOperationException($"{numbers[i]} has no place.");
                }
            }

            Array.Sort(samples);
            var grainMedian = Figures.Quantile(samples, 0.5);
            var grainP99 = Figures.Quantile(samples, 0.99);
            figures.Add("1 place look-up", $"grain, median, {label}", Figures.Micro(grainMedian));
            figures.Add("1 place look-up", $"grain, p99, {label}", Figures.Micro(grainP99), size >= 1_000_000 ? "≤ 1 ms" : string.Empty);

            var (baselineMedian, baselineP99) = await BaselineAsync(database, key, size, Math.Max(50, sizes.Lookups / 100));
            figures.Add("1 place look-up", $"baseline SQL count(*), median, {label}", Figures.Milli(baselineMedian));
            figures.Add("1 place look-up", $"baseline SQL count(*), p99, {label}", Figures.Milli(baselineP99));
            figures.Add("1 place look-up", $"grain vs baseline, medians, {label}", Figures.Number(baselineMedian / grainMedian) + "×", "≥ 50×");
        }
    }

    /// <summary>
    /// Parts 2 and 3: concurrent writers enter new applications into a queue of <see cref="BenchmarkSizes.BytesQueue"/>
    /// entries and take them out again, persistence on; changes per second, and PostgreSQL WAL bytes per change.
    /// </summary>
    public static async Task ThroughputAndBytesAsync(BenchDatabase database, BenchSilo silo, BenchmarkSizes sizes, Figures figures)
    {
        var key = QueueKeys.For("bench-throughput", QueueType.General, null);
        await database.LoadQueueAsync(key, sizes.BytesQueue);
        var queue = silo.Grains.GetGrain<IQueueGrain>(key);
        await queue.CountAsync();
        var journal = silo.Services.GetRequiredService<Grains.Queues.QueueJournal>();

        // Warm up (connections, prepared statements), then measure.
        await RunWritersAsync(queue, "W", Math.Min(2000, sizes.ThroughputChanges / 4), sizes.ThroughputWriters);
        var walBefore = await WalPositionAsync(database);
        var transactionsBefore = journal.Transactions;
        var watch = Stopwatch.StartNew();
        var changes = await RunWritersAsync(queue, "X", sizes.ThroughputChanges, sizes.ThroughputWriters);
        watch.Stop();
        var walBytes = await WalPositionAsync(database) - walBefore;
        var transactions = journal.Transactions - transactionsBefore;

        figures.Add("2 enqueue + dequeue", $"changes per second, {sizes.ThroughputWriters} concurrent writers, PostgreSQL, {sizes.BytesQueue:N0} entries", Figures.Number(changes / watch.Elapsed.TotalSeconds), "≥ 5,000/s");
        figures.Add("2 enqueue + dequeue", "changes per transaction (group commit)", Figures.Number(changes / (double)Math.Max(1, transactions), "0.0"));
        figures.Add("3 bytes per change", $"PostgreSQL WAL bytes per change, {sizes.BytesQueue:N0} entries", Figures.Number(walBytes / (double)changes), "≤ 1 KB");
        figures.Add("3 bytes per change", $"whole-queue JSON blob the first version rewrote per change, {sizes.BytesQueue:N0} entries", Figures.Number(WholeQueueBlobBytes(sizes.BytesQueue) / 1024.0 / 1024.0, "0.0") + " MB");
    }

    /// <summary>Part 2 on the embedded default's store: the same writers against a silo on SQLite.</summary>
    public static async Task SqliteThroughputAsync(BenchmarkSizes sizes, Figures figures)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bq-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var silo = await BenchSilo.StartEmbeddedAsync(folder);
            var queue = silo.Grains.GetGrain<IQueueGrain>(QueueKeys.For("bench-sqlite", QueueType.General, null));
            await RunWritersAsync(queue, "W", Math.Min(2000, sizes.ThroughputChanges / 4), sizes.ThroughputWriters);
            var watch = Stopwatch.StartNew();
            var changes = await RunWritersAsync(queue, "X", sizes.ThroughputChanges, sizes.ThroughputWriters);
            watch.Stop();
            figures.Add("2 enqueue + dequeue", $"changes per second, {sizes.ThroughputWriters} concurrent writers, SQLite (embedded default)", Figures.Number(changes / watch.Elapsed.TotalSeconds), "≥ 5,000/s");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Temp files are cleaned by the system.
            }
        }
    }

    // Each writer enters an application and takes it out again: two changes per round.
    private static async Task<int> RunWritersAsync(IQueueGrain queue, string prefix, int changes, int writers)
    {
        var rounds = Math.Max(1, changes / 2 / writers);
        var now = SystemClock.Instance.GetCurrentInstant();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            for (var i = 0; i < rounds; i++)
            {
                var number = $"{prefix}{w:D3}-{i:D6}";
                await queue.EnterAsync(new QueueEntry(number, VoucherApplication.NoPriorityRank, now + Duration.FromTicks(i), 2021 + (i % 4)), QueueChangeReason.Submitted);
                await queue.LeaveAsync(number, QueueChangeReason.Withdrawn);
            }
        }));
        return rounds * writers * 2;
    }

    private static async Task<(double Median, double P99)> BaselineAsync(BenchDatabase database, string key, int size, int lookups)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var table = "bench_baseline_" + size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var create = new NpgsqlCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {table} AS SELECT queue_key, number, rank, submitted_at, birth_year FROM balabaqsha_queue_entry WHERE queue_key = @key;
            CREATE INDEX IF NOT EXISTS {table}_order ON {table} (queue_key, rank, submitted_at, number);
            CREATE UNIQUE INDEX IF NOT EXISTS {table}_number ON {table} (queue_key, number);
            """, connection))
        {
            create.Parameters.AddWithValue("key", key);
            await create.ExecuteNonQueryAsync();
        }

        await using (var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection))
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var place = new NpgsqlCommand(
            $"""
            SELECT count(*) + 1 FROM {table} o, {table} me
            WHERE me.queue_key = @key AND me.number = @number AND o.queue_key = @key
              AND (o.rank, o.submitted_at, o.number) < (me.rank, me.submitted_at, me.number)
            """, connection);
        place.Parameters.AddWithValue("key", key);
        var number = place.Parameters.AddWithValue("number", string.Empty);
        await place.PrepareAsync();
        var samples = new double[lookups];
        for (var i = -5; i < lookups; i++)
        {
            number.Value = BenchDatabase.NumberOf(Seeded.Next(size));
            var started = Stopwatch.GetTimestamp();
            await place.ExecuteScalarAsync();
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        Array.Sort(samples);
        return (Figures.Quantile(samples, 0.5), Figures.Quantile(samples, 0.99));
    }

    private static async Task<long> WalPositionAsync(BenchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // What the first version wrote on every change: the whole list of entries as one JSON state.
    private static long WholeQueueBlobBytes(int size)
    {
        var entries = Enumerable.Range(0, size).Select(BenchDatabase.EntryOf).ToList();
        var serializer = GrainStateJson.CreateSerializer();
        var state = new Grains.Queues.LegacyQueueState { Entries = entries };
        return serializer.Serialize(state).ToArray().Length;
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
