using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Time;

namespace Balabaqsha.Abstractions.Calendar;

/// <summary>Keys of the business-calendar grains.</summary>
public static class CalendarKeys
{
    /// <summary>The calendar of the Republic of Kazakhstan.</summary>
    public const string Kazakhstan = "calendar:kz";
}

/// <summary>
/// The business calendar's data per year (<see cref="CalendarKeys.Kazakhstan"/>): seeded for 2026 and
/// 2027 on first use, edited by the administrator.
/// </summary>
[Alias("Balabaqsha.ICalendarGrain")]
public interface ICalendarGrain : IGrainWithStringKey
{
    /// <summary>Every year that has data, ascending. Interleaves: grains computing deadlines ask for it.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<CalendarYear>> GetYearsAsync();

    /// <summary>Replaces one year's data; only the administrator, and only valid data (else nothing changes).</summary>
    Task SaveYearAsync(Actor admin, CalendarYear year);

    /// <summary>The years among <paramref name="count"/> years from <paramref name="fromYear"/> that have no data.</summary>
    Task<IReadOnlyList<int>> MissingYearsAsync(int fromYear, int count);
}
