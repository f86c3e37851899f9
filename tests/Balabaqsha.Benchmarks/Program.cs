using System.Diagnostics;
using System.Runtime.InteropServices;
using Balabaqsha.Benchmarks;

// The queue benchmark (issue: the queue engine). Usage:
//   dotnet run -c Release --project tests/Balabaqsha.Benchmarks -- [--size full|tiny] [--parts 1,2,3,4,5,6] [--out file.md]
// Needs PostgreSQL: BALABAQSHA_TEST_POSTGRES, or scripts/ensure-postgres.sh is run.
var size = "full";
var parts = new HashSet<string>(["1", "2", "3", "4", "5", "6"]);
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size":
            size = args[++i];
            break;
        case "--parts":
            parts = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            break;
        case "--out":
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}");
            return 2;
    }
}

var sizes = BenchmarkSizes.Parse(size);
ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64);
var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(Debugger.IsAttached ? "debugger" : BuildKind())}";
Console.WriteLine($"Balabaqsha queue benchmark · size {size} · parts {string.Join(',', parts.Order())}");
Console.WriteLine($"Machine: {machine}");

var figures = new Figures();
var total = Stopwatch.StartNew();
await using (var database = await BenchDatabase.CreateAsync())
{
    // Parts 1–5 share this silo; it stops before part 6, which runs a silo of its own and measures its idle CPU.
    if (parts.Overlaps(["1", "2", "3", "4", "5"]))
    {
        await using var silo = await BenchSilo.StartAsync(database);
        if (parts.Contains("1") || parts.Contains("5"))
        {
            Console.WriteLine("Parts 5 and 1: cold activation, place look-ups");
            await QueueBenchmarks.LookupsAndActivationAsync(database, silo, sizes, figures);
        }

        if (parts.Contains("2") || parts.Contains("3"))
        {
            Console.WriteLine("Parts 2 and 3: enqueue + dequeue throughput, bytes per change");
            await QueueBenchmarks.ThroughputAndBytesAsync(database, silo, sizes, figures);
            await QueueBenchmarks.SqliteThroughputAsync(sizes, figures);
        }

        if (parts.Contains("4"))
        {
            Console.WriteLine("Part 4: live fan-out with two web servers");
            await FanOutBenchmark.RunAsync(database, silo, sizes, figures);
        }
    }

    if (parts.Contains("6"))
    {
        Console.WriteLine("Part 6: outstanding vouchers and their deadlines");
        await VoucherBenchmark.RunAsync(database, sizes, figures);
    }
}

Console.WriteLine();
Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:0} s.");
Console.WriteLine(figures.ToMarkdown());
if (output is not null)
{
    await File.WriteAllTextAsync(output, $"Machine: {machine}\n\n{figures.ToMarkdown()}\n");
}

return 0;

static string BuildKind() =>
    typeof(Figures).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled) ? "Debug build" : "Release build";
