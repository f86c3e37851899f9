using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Domain.Time;
using Balabaqsha.Silo.Hosting;
using NodaTime;

namespace Balabaqsha.Web.Services;

/// <summary>Moves the portal clock for every process (development controls, SPEC §11).</summary>
public sealed class DevClockService(IGrainFactory grains, PortalClock clock)
{
    public Duration Offset => clock.Offset;

    public Instant Now => clock.GetCurrentInstant();

    public async Task<Instant> AdvanceAsync(Duration by)
    {
        clock.Offset = await grains.GetGrain<IDevClockGrain>(GrainKeys.DevClock).AdvanceAsync(by);

        // Every other process picks the offset up on its next sync tick; answer once they have.
        await Task.Delay(ClockSyncService.Interval * 2);
        return clock.GetCurrentInstant();
    }

    /// <summary>The duration to the same time of day N business days ahead, on the Kazakh business calendar.</summary>
    public async Task<Duration> ToBusinessDaysAheadAsync(int count)
    {
        var calendar = new BusinessCalendar(await grains.GetGrain<Abstractions.Calendar.ICalendarGrain>(Abstractions.Calendar.CalendarKeys.Kazakhstan).GetYearsAsync());
        var today = clock.AlmatyNow().Date;
        var day = calendar.AddBusinessDays(today, count);
        return Duration.FromDays(Period.Between(today, day, PeriodUnits.Days).Days);
    }
}
