using Balabaqsha.Abstractions.Calendar;
using Balabaqsha.Domain.Time;

namespace Balabaqsha.Grains.Calendar;

/// <summary>For grains that compute deadlines: the current business calendar of Kazakhstan.</summary>
public static class CalendarClient
{
    public static async Task<BusinessCalendar> LoadAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return new BusinessCalendar(await grains.GetGrain<ICalendarGrain>(CalendarKeys.Kazakhstan).GetYearsAsync());
    }
}
