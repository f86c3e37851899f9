using System.Diagnostics;
using Balabaqsha.EndToEnd.Tests.Infrastructure;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>
/// The queue benchmark runs on demand at full size; here it runs every part at a toy size, so it keeps
/// working as the code changes. Nothing here asserts a timing: only that every part ran and printed its figures.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task Benchmark_TinySize_RunsEveryPartAndPrintsItsFigures()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PortalProcess.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(PortalProcess.RepositoryRoot, "tests/Balabaqsha.Benchmarks/bin/Debug/net10.0/Balabaqsha.Benchmarks.dll"));
        start.ArgumentList.Add("--size");
        start.ArgumentList.Add("tiny");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await errors;

        Assert.True(process.ExitCode == 0, text);
        foreach (var part in new[] { "| 1 place look-up |", "| 2 enqueue + dequeue |", "| 3 bytes per change |", "| 4", "| 5 cold activation |", "| 6" })
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }
}
