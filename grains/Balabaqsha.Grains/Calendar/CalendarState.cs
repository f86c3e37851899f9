// Written by the storage's JSON serializer; never crosses the wire. Plain records of its own rather
// than the domain's, so the stored shape stays put when the domain changes.
// Property names are JSON field names: keep them stable once data exists.
using Balabaqsha.Domain.Time;
using NodaTime;

namespace Balabaqsha.Grains.Calendar;

public sealed class CalendarState
{
    public List<CalendarYearRecord> Years { get; set; } = [];
}

public sealed class CalendarYearRecord
{
    public int Year { get; set; }

    public List<CalendarDayRecord> Days { get; set; } = [];

    public static CalendarYearRecord From(CalendarYear year) => new()
    {
        Year = year.Year,
        Days = [.. year.Days.Select(d => new CalendarDayRecord { Date = d.Date, Kind = d.Kind, Reason = d.Reason })],
    };

    public CalendarYear ToDomain() => new(Year, [.. Days.Select(d => new CalendarDay(d.Date, d.Kind, d.Reason))]);
}

public sealed class CalendarDayRecord
{
    public LocalDate Date { get; set; }

    public CalendarDayKind Kind { get; set; }

    public string Reason { get; set; } = string.Empty;
}
