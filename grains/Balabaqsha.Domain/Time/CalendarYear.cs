using System.Globalization;
using NodaTime;

namespace Balabaqsha.Domain.Time;

/// <summary>How a day departs from the Monday–Friday rule.</summary>
public enum CalendarDayKind
{
    /// <summary>A weekday that is not worked: a holiday or a day off moved onto it.</summary>
    DayOff,

    /// <summary>A Saturday or Sunday that is worked because the government moved a day off.</summary>
    WorkingDay,
}

/// <summary>One exception to the Monday–Friday rule, with the reason the administrator gave.</summary>
public sealed record CalendarDay(LocalDate Date, CalendarDayKind Kind, string Reason);

/// <summary>The exceptions of one year. A year that has one counts as "filled in", even with no days.</summary>
public sealed record CalendarYear(int Year, IReadOnlyList<CalendarDay> Days)
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;
    public const int ReasonMaxLength = 200;

    /// <summary>
    /// The year checked and tidied (days by date, reasons trimmed); throws a <see cref="DomainException"/>
    /// with an <c>Error.Calendar.*</c> key for the first problem found.
    /// </summary>
    public CalendarYear Validated()
    {
        if (Year is < FirstYear or > LastYear)
        {
            throw new DomainException("Error.Calendar.YearOutOfRange", FirstYear, LastYear);
        }

        var seen = new HashSet<LocalDate>();
        var days = new List<CalendarDay>(Days?.Count ?? 0);
        foreach (var day in Days ?? [])
        {
            ArgumentNullException.ThrowIfNull(day);
            var shown = day.Date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
            if (day.Date.Year != Year || day.Date.Calendar != CalendarSystem.Iso)
            {
                throw new DomainException("Error.Calendar.DayOutsideYear", shown, Year);
            }

            if (!seen.Add(day.Date))
            {
                throw new DomainException("Error.Calendar.DuplicateDate", shown);
            }

            var weekend = IsWeekend(day.Date);
            switch (day.Kind)
            {
                case CalendarDayKind.DayOff when weekend:
                    throw new DomainException("Error.Calendar.DayOffOnWeekend", shown);
                case CalendarDayKind.WorkingDay when !weekend:
                    throw new DomainException("Error.Calendar.WorkingDayOnWeekday", shown);
                case CalendarDayKind.DayOff or CalendarDayKind.WorkingDay:
                    break;
                default:
                    throw new DomainException("Error.Calendar.KindInvalid", shown);
            }

            var reason = day.Reason?.Trim() ?? string.Empty;
            if (reason.Length == 0)
            {
                throw new DomainException("Error.Calendar.ReasonRequired", shown);
            }

            if (reason.Length > ReasonMaxLength)
            {
                throw new DomainException("Error.Calendar.ReasonTooLong", shown, ReasonMaxLength);
            }

            days.Add(day with { Reason = reason });
        }

        return new CalendarYear(Year, [.. days.OrderBy(d => d.Date)]);
    }

    internal static bool IsWeekend(LocalDate date) => date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;
}
