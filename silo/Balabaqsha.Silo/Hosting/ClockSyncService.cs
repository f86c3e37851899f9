using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Domain.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Balabaqsha.Silo.Hosting;

/// <summary>
/// Development controls only: keeps this process's portal clock in step with the shared offset that
/// /dev/clock moves, so every silo and web server agrees on "now" within a fraction of a second.
/// </summary>
// The grain factory is resolved when the service runs, not when the host builds its hosted services:
// resolving it that early, before the co-hosted silo has started, hangs the host.
public sealed class ClockSyncService(IServiceProvider services, PortalClock clock, ILogger<ClockSyncService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                clock.Offset = await grains.GetGrain<IDevClockGrain>(GrainKeys.DevClock).GetOffsetAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogDebug(ex, "Clock offset not available yet");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
