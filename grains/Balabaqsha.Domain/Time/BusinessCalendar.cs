using NodaTime;

namespace Balabaqsha.Domain.Time;

/// <summary>
/// Business days of the Republic of Kazakhstan in Asia/Almaty (SPEC §6): Monday to Friday, except the
/// days off the data of each year lists, plus the weekend days the government made working days. A year
/// without data counts weekends only. Immutable: <see cref="WithYear"/> gives a new calendar.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly IReadOnlyDictionary<int, CalendarYear> _years;
    private readonly IReadOnlyDictionary<LocalDate, CalendarDayKind> _exceptions;

    public BusinessCalendar(IEnumerable<CalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var byYear = new SortedDictionary<int, CalendarYear>();
        foreach (var year in years)
        {
            ArgumentNullException.ThrowIfNull(year);
            if (!byYear.TryAdd(year.Year, year.Validated()))
            {
                throw new DomainException("Error.Calendar.DuplicateYear", year.Year);
            }
        }

        _years = byYear;
        _exceptions = byYear.Values.SelectMany(y => y.Days).ToDictionary(d => d.Date, d => d.Kind);
        YearsWithData = [.. byYear.Keys];
    }

    /// <summary>A calendar without any data: weekends only.</summary>
    public static BusinessCalendar WeekendsOnly { get; } = new([]);

    /// <summary>The years that have data, ascending.</summary>
    public IReadOnlyList<int> YearsWithData { get; }

    /// <summary>The (validated, date-ordered) data of every year that has some.</summary>
    public IReadOnlyList<CalendarYear> Years => [.. _years.Values];

    /// <summary>The calendar seeded from KZ-CALENDAR.md: 2026 and 2027.</summary>
    public static BusinessCalendar Kazakhstan() => new(KazakhstanSeed());

    /// <summary>The seed data of 2026 and 2027 (weekdays off; no transfer decree was published for them).</summary>
    public static IReadOnlyList<CalendarYear> KazakhstanSeed() =>
    [
        new CalendarYear(2026,
        [
            Off(2026, 1, 1, "New Year"),
            Off(2026, 1, 2, "New Year"),
            Off(2026, 1, 7, "Orthodox Christmas"),
            Off(2026, 3, 9, "International Women's Day, moved from 8 March (Sunday)"),
            Off(2026, 3, 23, "Nauryz"),
            Off(2026, 3, 24, "Nauryz, moved from 21 March (Saturday)"),
            Off(2026, 3, 25, "Nauryz, moved from 22 March (Sunday)"),
            Off(2026, 5, 1, "Unity Day of the People of Kazakhstan"),
            Off(2026, 5, 7, "Defender of the Fatherland Day"),
            Off(2026, 5, 11, "Victory Day, moved from 9 May (Saturday)"),
            Off(2026, 5, 27, "Kurban Ait, first day"),
            Off(2026, 7, 6, "Capital Day"),
            Off(2026, 10, 26, "Republic Day, moved from 25 October (Sunday)"),
            Off(2026, 12, 16, "Independence Day"),
        ]),
        new CalendarYear(2027,
        [
            Off(2027, 1, 1, "New Year"),
            Off(2027, 1, 4, "New Year, moved from 2 January (Saturday)"),
            Off(2027, 1, 7, "Orthodox Christmas"),
            Off(2027, 3, 8, "International Women's Day"),
            Off(2027, 3, 15, "Constitution Day"),
            Off(2027, 3, 22, "Nauryz"),
            Off(2027, 3, 23, "Nauryz"),
            Off(2027, 3, 24, "Nauryz, moved from 21 March (Sunday)"),
            Off(2027, 5, 3, "Unity Day of the People of Kazakhstan, moved from 1 May (Saturday)"),
            Off(2027, 5, 7, "Defender of the Fatherland Day"),
            Off(2027, 5, 10, "Victory Day, moved from 9 May (Sunday)"),
            Off(2027, 7, 6, "Capital Day"),
            Off(2027, 10, 25, "Republic Day"),
            Off(2027, 12, 16, "Independence Day"),
        ]),
    ];

    public bool HasDataFor(int year) => _years.ContainsKey(year);

    /// <summary>The data of one year, or null when it has none.</summary>
    public CalendarYear? DataFor(int year) => _years.GetValueOrDefault(year);

    /// <summary>A new calendar with this year's data replaced; throws a <see cref="DomainException"/> when it is invalid.</summary>
    public BusinessCalendar WithYear(CalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        return new BusinessCalendar(_years.Values.Where(y => y.Year != year.Year).Append(year));
    }

    public bool IsBusinessDay(LocalDate date) =>
        _exceptions.TryGetValue(date, out var kind)
            ? kind == CalendarDayKind.WorkingDay
            : !CalendarYear.IsWeekend(date);

    /// <summary>The n-th business day after <paramref name="date"/> (n ≥ 1); the date itself never counts.</summary>
    public LocalDate AddBusinessDays(LocalDate date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var day = date;
        while (n > 0)
        {
            day = day.PlusDays(1);
            if (IsBusinessDay(day))
            {
                n--;
            }
        }

        return day;
    }

    /// <summary>24:00 Almaty of the n-th business day after the Almaty date of <paramref name="from"/>.</summary>
    public Instant DeadlineAfter(Instant from, int businessDays) =>
        EndOfDay(AddBusinessDays(AlmatyDate(from), businessDays));

    /// <summary>24:00 Almaty of the n-th business day after the last day of <paramref name="deadline"/>.</summary>
    public Instant ExtendDeadline(Instant deadline, int businessDays) =>
        EndOfDay(AddBusinessDays(LastDay(deadline), businessDays));

    /// <summary>24:00 Almaty of the n-th calendar day after the Almaty date of <paramref name="from"/> (n ≥ 1).</summary>
    public Instant CalendarDeadlineAfter(Instant from, int calendarDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calendarDays);
        return EndOfDay(AlmatyDate(from).PlusDays(calendarDays));
    }

    /// <summary>The Almaty date of the last day of a deadline that ends at 24:00 (the day before the instant's midnight).</summary>
        public LocalDate LastDay(Instant deadline) => AlmatyDate(deadline - Duration.Epsilon);

    /// <summary>
    /// The business days from today (counted when it is one) through the deadline's last day; 0 once
    /// the deadline has passed.
    /// </summary>
    public int BusinessDaysLeft(Instant now, Instant deadline)
    {
        if (now >= deadline)
        {
            return 0;
        }

        var count = 0;
        for (var day = AlmatyDate(now); day <= LastDay(deadline); day = day.PlusDays(1))
        {
            if (IsBusinessDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The business days a parent reads as "left": those after today through the deadline's last day, and
    /// at least 1 until the deadline passes (on the last day, today itself). An offer on a business day
    /// with 2 business days to answer reads 2; 0 once passed.
    /// </summary>
    public int BusinessDaysToGo(Instant now, Instant deadline)
    {
        if (now >= deadline)
        {
            return 0;
        }

        var count = 0;
        for (var day = AlmatyDate(now).PlusDays(1); day <= LastDay(deadline); day = day.PlusDays(1))
        {
            if (IsBusinessDay(day))
            {
                count++;
            }
        }

        return Math.Max(1, count);
    }

    /// <summary>True on the last business day before the deadline (the day its parent is reminded).</summary>
    public bool IsLastBusinessDay(Instant now, Instant deadline) =>
        IsBusinessDay(AlmatyDate(now)) && BusinessDaysLeft(now, deadline) == 1;

    /// <summary>The business days of a whole year.</summary>
    public int BusinessDaysIn(int year)
    {
        var count = 0;
        for (var day = new LocalDate(year, 1, 1); day.Year == year; day = day.PlusDays(1))
        {
            if (IsBusinessDay(day))
            {
                count++;
            }
        }

        return count;
    }

    private static LocalDate AlmatyDate(Instant instant) => instant.InZone(PortalClock.Almaty).Date;

    private static Instant EndOfDay(LocalDate date) => date.PlusDays(1).AtStartOfDayInZone(PortalClock.Almaty).ToInstant();

    private static CalendarDay Off(int year, int month, int day, string reason) =>
        new(new LocalDate(year, month, day), CalendarDayKind.DayOff, reason);
}
