using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Vouchers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Balabaqsha.Silo.Hosting;

/// <summary>
/// Enforces due deadlines from the deadline index: once at start (deadlines that passed while no silo
/// ran), at once when the development clock moves, and every few seconds. Each application's handler is
/// idempotent, so several silos sweeping the same rows is harmless; Orleans reminders do the same in real
/// time for each application.
/// </summary>
public sealed class DeadlineSweeper(IServiceProvider services, PortalClock clock, ILogger<DeadlineSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ClockCheck = TimeSpan.FromMilliseconds(250);
    private const int Batch = 500;

    /// <summary>How many applications the sweeps have looked at (for tests and the benchmark).</summary>
    public long Enforced => Interlocked.Read(ref _enforced);

    private long _enforced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deadlines = services.GetRequiredService<IDeadlineDatabase>();
        var grains = services.GetRequiredService<IGrainFactory>();
        var offset = clock.Offset;
        var lastSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.Offset != offset || DateTimeOffset.UtcNow - lastSweep >= Every)
                {
                    offset = clock.Offset;
                    lastSweep = DateTimeOffset.UtcNow;
                    await SweepAsync(deadlines, grains, stoppingToken);
                }

                await Task.Delay(ClockCheck, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                logger.LogWarning(failure, "A deadline sweep failed; the next one tries again");
                await Task.Delay(Every, stoppingToken);
            }
        }
    }

    private async Task SweepAsync(IDeadlineDatabase deadlines, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var due = (await deadlines.DueAsync(clock.GetCurrentInstant(), Batch, cancellationToken)).Where(seen.Add).ToList();
            if (due.Count == 0)
            {
                return;
            }

            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (number, _) =>
            {
                try
                {
                    await grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).EnforceAsync();
                    Interlocked.Increment(ref _enforced);
                }
                catch (Exception failure) when (failure is not OutOfMemoryException)
                {
                    logger.LogWarning(failure, "Enforcing a deadline failed; it is tried again on the next sweep");
                }
            });
        }
    }
}
