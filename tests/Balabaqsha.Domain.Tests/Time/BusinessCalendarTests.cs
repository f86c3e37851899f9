using Balabaqsha.Domain.Time;
using NodaTime;
using NodaTime.Text;

namespace Balabaqsha.Domain.Tests.Time;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Kz = BusinessCalendar.Kazakhstan();

    // 2028 has no data in the seed; this one adds a government transfer: Saturday 4 March is worked,
    // Monday 6 March is off instead, and 8 March (Wednesday) is a holiday.
    private static readonly BusinessCalendar WithTransfer = Kz.WithYear(new CalendarYear(2028,
    [
        new(D("2028-03-08"), CalendarDayKind.DayOff, "International Women's Day"),
        new(D("2028-03-04"), CalendarDayKind.WorkingDay, "Working day moved to Saturday from 6 March"),
        new(D("2028-03-06"), CalendarDayKind.DayOff, "Day off moved from Saturday 4 March"),
    ]));

    [Theory]
    // Ordinary weekdays and weekends.
    [InlineData("2026-01-05", true)]   // Monday
    [InlineData("2026-01-08", true)]   // Thursday after Orthodox Christmas
    [InlineData("2026-01-03", false)]  // Saturday
    [InlineData("2026-01-04", false)]  // Sunday
    [InlineData("2026-03-06", true)]
    [InlineData("2026-03-10", true)]
    // Holidays on weekdays and days off moved from a weekend.
    [InlineData("2026-01-01", false)]  // New Year
    [InlineData("2026-01-02", false)]  // New Year
    [InlineData("2026-01-07", false)]  // Orthodox Christmas
    [InlineData("2026-03-08", false)]  // Sunday: moved to 9 March
    [InlineData("2026-03-09", false)]
    [InlineData("2026-05-01", false)]
    [InlineData("2026-05-04", true)]
    [InlineData("2026-05-07", false)]
    [InlineData("2026-05-08", true)]
    [InlineData("2026-05-09", false)]  // Saturday: moved to 11 May
    [InlineData("2026-05-11", false)]
    [InlineData("2026-05-12", true)]
    [InlineData("2026-05-27", false)]  // Kurban Ait
    [InlineData("2026-07-06", false)]
    [InlineData("2026-08-30", false)]  // Constitution Day: a Sunday, no longer a holiday
    [InlineData("2026-08-31", true)]   // not the moved 30 August: a working day
    [InlineData("2026-10-26", false)]
    [InlineData("2026-12-16", false)]
    [InlineData("2026-12-17", true)]   // 17 December dropped in 2022
    [InlineData("2026-12-31", true)]
    // Nauryz 2026: 21 (Sat), 22 (Sun), 23 March, and the two weekend days moved to 24 and 25.
    [InlineData("2026-03-20", true)]
    [InlineData("2026-03-21", false)]
    [InlineData("2026-03-22", false)]
    [InlineData("2026-03-23", false)]
    [InlineData("2026-03-24", false)]
    [InlineData("2026-03-25", false)]
    [InlineData("2026-03-26", true)]
    // The turn of 2026 to 2027.
    [InlineData("2027-01-01", false)]  // Friday
    [InlineData("2027-01-02", false)]  // Saturday: the day off moves to Monday 4 January
    [InlineData("2027-01-03", false)]
    [InlineData("2027-01-04", false)]
    [InlineData("2027-01-05", true)]
    [InlineData("2027-01-07", false)]
    [InlineData("2027-01-08", true)]
    [InlineData("2027-03-15", false)]  // Constitution Day from 2027
    [InlineData("2027-03-24", false)]
    [InlineData("2027-03-25", true)]
    [InlineData("2027-05-16", false)]  // Kurban Ait estimated on a Sunday: not moved
    [InlineData("2027-05-17", true)]
    [InlineData("2027-12-31", true)]
    // 2028 has no data: weekends only, holidays are not known.
    [InlineData("2028-01-01", false)]  // Saturday
    [InlineData("2028-01-03", true)]   // would be the moved New Year, but no data
    [InlineData("2028-03-08", true)]
    [InlineData("2028-03-11", false)]
    public void IsBusinessDay_Seed_WeekendsAndHolidays(string date, bool expected) =>
        Assert.Equal(expected, Kz.IsBusinessDay(D(date)));

    [Theory]
    [InlineData("2028-03-03", true)]   // Friday
    [InlineData("2028-03-04", true)]   // Saturday worked by transfer
    [InlineData("2028-03-05", false)]  // Sunday
    [InlineData("2028-03-06", false)]  // Monday off by transfer
    [InlineData("2028-03-07", true)]
    [InlineData("2028-03-08", false)]
    [InlineData("2028-03-11", false)]  // an ordinary Saturday
    public void IsBusinessDay_Transfer_SaturdayWorkedMondayOff(string date, bool expected) =>
        Assert.Equal(expected, WithTransfer.IsBusinessDay(D(date)));

    [Theory]
    [InlineData("2026-03-20", 1, "2026-03-26")]
    [InlineData("2026-03-20", 2, "2026-03-27")]
    [InlineData("2026-03-21", 1, "2026-03-26")]  // from a Saturday
    [InlineData("2026-03-22", 2, "2026-03-27")]  // from a Sunday
    [InlineData("2026-03-19", 2, "2026-03-26")]
    [InlineData("2026-03-20", 5, "2026-04-01")]
    [InlineData("2026-01-01", 5, "2026-01-12")]  // 5, 6, 8, 9, 12
    [InlineData("2026-05-06", 1, "2026-05-08")]
    [InlineData("2026-05-08", 1, "2026-05-12")]
    [InlineData("2026-08-28", 1, "2026-08-31")]
    [InlineData("2026-12-30", 1, "2026-12-31")]
    [InlineData("2026-12-31", 1, "2027-01-05")]  // 1 Jan off, weekend, 4 Jan moved
    [InlineData("2026-12-31", 2, "2027-01-06")]
    [InlineData("2026-12-31", 3, "2027-01-08")]  // 7 Jan off
    [InlineData("2027-03-12", 1, "2027-03-16")]  // 15 March off
    [InlineData("2027-03-19", 1, "2027-03-25")]  // 22, 23, 24 off
    [InlineData("2027-12-30", 2, "2028-01-03")]  // into a year without data
    [InlineData("2028-03-10", 1, "2028-03-13")]
    public void AddBusinessDays_Seed_NthBusinessDayAfter(string date, int n, string expected) =>
        Assert.Equal(D(expected), Kz.AddBusinessDays(D(date), n));

    [Theory]
    [InlineData("2028-03-03", 1, "2028-03-04")]
    [InlineData("2028-03-03", 2, "2028-03-07")]
    [InlineData("2028-03-03", 3, "2028-03-09")]
    public void AddBusinessDays_Transfer_CountsTheWorkedSaturday(string date, int n, string expected) =>
        Assert.Equal(D(expected), WithTransfer.AddBusinessDays(D(date), n));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AddBusinessDays_NotPositive_Throws(int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Kz.AddBusinessDays(D("2026-03-20"), n));

    [Theory]
    // Offer → answer, 2 business days: an offer on Friday 20 March ends with Friday 27 March.
    [InlineData("2026-03-20T10:00", 2, "2026-03-27")]
    [InlineData("2026-03-20T00:00", 2, "2026-03-27")]
    [InlineData("2026-03-20T23:59", 2, "2026-03-27")]
    [InlineData("2026-03-19T23:59", 2, "2026-03-26")]  // Thursday late evening: 20, 26
    [InlineData("2026-03-21T00:00", 2, "2026-03-27")]  // Saturday
    [InlineData("2026-03-22T15:00", 2, "2026-03-27")]  // Sunday
    [InlineData("2026-03-24T09:00", 2, "2026-03-27")]  // a day off
    [InlineData("2026-05-08T23:59", 2, "2026-05-13")]  // 11 May off
    [InlineData("2026-12-31T23:59", 2, "2027-01-06")]
    [InlineData("2027-01-02T12:00", 2, "2027-01-06")]  // Saturday
    [InlineData("2027-12-31T23:59", 1, "2028-01-03")]
    // Accept → enrollment, 5 business days.
    [InlineData("2026-05-06T14:00", 5, "2026-05-15")]  // 8, 12, 13, 14, 15
    [InlineData("2026-12-30T18:00", 5, "2027-01-11")]  // 31, 5, 6, 8, 11
    [InlineData("2026-03-20T10:00", 5, "2026-04-01")]
    public void DeadlineAfter_AlmatyMoment_EndOfNthBusinessDay(string from, int n, string lastDay)
    {
        var deadline = Kz.DeadlineAfter(At(from), n);

        Assert.Equal(EndOf(lastDay), deadline);
        Assert.Equal(D(lastDay), Kz.LastDay(deadline));
    }

    [Fact]
    public void DeadlineAfter_OfferOnFriday_EndsAt24AlmatyWhichIs19Utc()
    {
        // Almaty is UTC+5 since 1 March 2024: 24:00 of Friday 27 March is 19:00 UTC.
        var deadline = Kz.DeadlineAfter(At("2026-03-20T10:00"), 2);

        Assert.Equal(Instant.FromUtc(2026, 3, 27, 19, 0), deadline);
    }

    [Fact]
    public void DeadlineAfter_UtcDateDiffers_CountsFromTheAlmatyDate()
    {
        // 19:30 UTC on Thursday is already 00:30 Friday in Almaty: Friday is day D, not a counted day.
        var deadline = Kz.DeadlineAfter(Instant.FromUtc(2026, 3, 19, 19, 30), 2);

        Assert.Equal(EndOf("2026-03-27"), deadline);
    }

    [Theory]
    [InlineData("2026-03-27", 2, "2026-03-31")]
    [InlineData("2026-05-15", 2, "2026-05-19")]
    [InlineData("2026-12-31", 2, "2027-01-06")]
    [InlineData("2027-01-06", 2, "2027-01-11")]  // 7 Jan off
    [InlineData("2027-12-31", 2, "2028-01-04")]
    public void ExtendDeadline_EndOfDay_EndOfNthBusinessDayAfterItsLastDay(string lastDay, int n, string expected) =>
        Assert.Equal(EndOf(expected), Kz.ExtendDeadline(EndOf(lastDay), n));

    [Fact]
    public void ExtendDeadline_FromDeadlineAfter_SameAsSevenDaysFromTheStart()
    {
        var from = At("2026-05-06T14:00");

        Assert.Equal(Kz.DeadlineAfter(from, 7), Kz.ExtendDeadline(Kz.DeadlineAfter(from, 5), 2));
    }

    [Theory]
    [InlineData("2026-03-20T10:00", 3, false)]  // Friday counts, then 26 and 27
    [InlineData("2026-03-21T10:00", 2, false)]  // Saturday
    [InlineData("2026-03-23T09:00", 2, false)]  // a day off
    [InlineData("2026-03-26T09:00", 2, false)]
    [InlineData("2026-03-26T23:59", 2, false)]
    [InlineData("2026-03-27T00:00", 1, true)]
    [InlineData("2026-03-27T09:00", 1, true)]
    [InlineData("2026-03-27T23:59", 1, true)]
    [InlineData("2026-03-28T00:00", 0, false)]  // passed
    [InlineData("2026-03-30T09:00", 0, false)]
    public void BusinessDaysLeft_OfferEndingFriday27March_CountsTodayWhenBusinessDay(string now, int left, bool last)
    {
        var deadline = EndOf("2026-03-27");

        Assert.Equal(left, Kz.BusinessDaysLeft(At(now), deadline));
        Assert.Equal(last, Kz.IsLastBusinessDay(At(now), deadline));
    }

    [Fact]
    public void BusinessDaysLeft_DeadlineOnASunday_FridayIsTheLastBusinessDay()
    {
        var deadline = EndOf("2026-03-22");

        Assert.Equal(1, Kz.BusinessDaysLeft(At("2026-03-20T09:00"), deadline));
        Assert.True(Kz.IsLastBusinessDay(At("2026-03-20T09:00"), deadline));
        Assert.Equal(0, Kz.BusinessDaysLeft(At("2026-03-21T09:00"), deadline));
        Assert.False(Kz.IsLastBusinessDay(At("2026-03-21T09:00"), deadline));
    }

    [Theory]
    [InlineData("2026-03-20T10:00", 28, "2026-04-17")]
    [InlineData("2026-03-20T23:59", 28, "2026-04-17")]
    [InlineData("2026-12-20T08:00", 28, "2027-01-17")]
    [InlineData("2026-03-21T00:00", 1, "2026-03-22")]
    public void CalendarDeadlineAfter_NthCalendarDay_IgnoresHolidays(string from, int days, string lastDay) =>
        Assert.Equal(EndOf(lastDay), Kz.CalendarDeadlineAfter(At(from), days));

    [Theory]
    // 2026: 261 weekdays − 14 weekdays off = 247. KZ-CALENDAR.md says 246 were published when 31 August
    // was to be the moved Constitution Day; 31 August is a working day, so the data give 247.
    [InlineData(2026, 247)]
    // 2027 (inferred): 261 weekdays − 14 weekdays off = 247.
    [InlineData(2027, 247)]
    // 2028: no data, a leap year starting on Saturday: 366 days = 52 weeks + Saturday and Sunday.
    [InlineData(2028, 260)]
    public void BusinessDaysIn_Year_CountFromTheData(int year, int expected) =>
        Assert.Equal(expected, Kz.BusinessDaysIn(year));

    [Fact]
    public void Kazakhstan_Seed_2026And2027WithFourteenWeekdaysOffEach()
    {
        Assert.Equal([2026, 2027], Kz.YearsWithData);
        Assert.True(Kz.HasDataFor(2026));
        Assert.False(Kz.HasDataFor(2028));
        Assert.All(BusinessCalendar.KazakhstanSeed(), year =>
        {
            Assert.Equal(14, year.Days.Count);
            Assert.All(year.Days, day => Assert.Equal(CalendarDayKind.DayOff, day.Kind));
        });
    }

    [Fact]
    public void WithYear_NewYear_AddedWithoutChangingTheOriginal()
    {
        Assert.Equal([2026, 2027, 2028], WithTransfer.YearsWithData);
        Assert.False(Kz.HasDataFor(2028));
        Assert.True(Kz.IsBusinessDay(D("2028-03-06")));
        Assert.False(WithTransfer.IsBusinessDay(D("2028-03-06")));
    }

    [Fact]
    public void WithYear_ExistingYear_Replaced()
    {
        var replaced = Kz.WithYear(new CalendarYear(2026, [new(D("2026-01-01"), CalendarDayKind.DayOff, "New Year")]));

        Assert.False(replaced.IsBusinessDay(D("2026-01-01")));
        Assert.True(replaced.IsBusinessDay(D("2026-01-02")));
        Assert.Equal(260, replaced.BusinessDaysIn(2026));
        Assert.Equal([2026, 2027], replaced.YearsWithData);
    }

    [Fact]
    public void WithYear_EmptyYear_HasDataButWeekendsOnly()
    {
        var empty = Kz.WithYear(new CalendarYear(2029, []));

        Assert.True(empty.HasDataFor(2029));
        Assert.Equal(BusinessCalendar.WeekendsOnly.BusinessDaysIn(2029), empty.BusinessDaysIn(2029));
    }

    [Fact]
    public void Validated_Days_OrderedByDateAndReasonsTrimmed()
    {
        var year = new CalendarYear(2028,
        [
            new(D("2028-03-08"), CalendarDayKind.DayOff, "  Women's Day "),
            new(D("2028-01-03"), CalendarDayKind.DayOff, "New Year"),
        ]).Validated();

        Assert.Equal([D("2028-01-03"), D("2028-03-08")], year.Days.Select(d => d.Date));
        Assert.Equal("Women's Day", year.Days[1].Reason);
    }

    [Theory]
    [InlineData(1999, "2026-01-01", CalendarDayKind.DayOff, "x", "Error.Calendar.YearOutOfRange")]
    [InlineData(2101, "2026-01-01", CalendarDayKind.DayOff, "x", "Error.Calendar.YearOutOfRange")]
    [InlineData(2028, "2027-12-31", CalendarDayKind.DayOff, "x", "Error.Calendar.DayOutsideYear")]
    [InlineData(2028, "2029-01-01", CalendarDayKind.DayOff, "x", "Error.Calendar.DayOutsideYear")]
    [InlineData(2028, "2028-03-04", CalendarDayKind.DayOff, "x", "Error.Calendar.DayOffOnWeekend")]      // Saturday
    [InlineData(2028, "2028-03-05", CalendarDayKind.DayOff, "x", "Error.Calendar.DayOffOnWeekend")]      // Sunday
    [InlineData(2028, "2028-03-06", CalendarDayKind.WorkingDay, "x", "Error.Calendar.WorkingDayOnWeekday")]
    [InlineData(2028, "2028-03-10", CalendarDayKind.WorkingDay, "x", "Error.Calendar.WorkingDayOnWeekday")] // Friday
    [InlineData(2028, "2028-03-06", (CalendarDayKind)7, "x", "Error.Calendar.KindInvalid")]
    [InlineData(2028, "2028-03-06", CalendarDayKind.DayOff, "  ", "Error.Calendar.ReasonRequired")]
    [InlineData(2028, "2028-03-06", CalendarDayKind.DayOff, "", "Error.Calendar.ReasonRequired")]
    public void Validated_InvalidDay_RefusedWithItsKey(int year, string date, CalendarDayKind kind, string reason, string key)
    {
        var invalid = new CalendarYear(year, [new(D(date), kind, reason)]);

        var refused = Assert.Throws<DomainException>(invalid.Validated);
        var notChanged = Assert.Throws<DomainException>(() => Kz.WithYear(invalid));

        Assert.Equal(key, refused.MessageKey);
        Assert.Equal(key, notChanged.MessageKey);
        Assert.Equal([2026, 2027], Kz.YearsWithData);
    }

    [Fact]
    public void Validated_ReasonTooLong_Refused()
    {
        var invalid = new CalendarYear(2028, [new(D("2028-03-06"), CalendarDayKind.DayOff, new string('x', CalendarYear.ReasonMaxLength + 1))]);

        Assert.Equal("Error.Calendar.ReasonTooLong", Assert.Throws<DomainException>(invalid.Validated).MessageKey);
    }

    [Fact]
    public void Validated_DuplicateDate_RefusedWithTheDate()
    {
        var invalid = new CalendarYear(2028,
        [
            new(D("2028-03-08"), CalendarDayKind.DayOff, "Women's Day"),
            new(D("2028-03-08"), CalendarDayKind.DayOff, "again"),
        ]);

        var refused = Assert.Throws<DomainException>(invalid.Validated);

        Assert.Equal("Error.Calendar.DuplicateDate", refused.MessageKey);
        Assert.Equal("08.03.2028", Assert.Single(refused.Arguments));
    }

    [Fact]
    public void Constructor_SameYearTwice_Refused()
    {
        var refused = Assert.Throws<DomainException>(() => new BusinessCalendar([new CalendarYear(2028, []), new CalendarYear(2028, [])]));

        Assert.Equal("Error.Calendar.DuplicateYear", refused.MessageKey);
    }

    private static LocalDate D(string date) => LocalDatePattern.Iso.Parse(date).GetValueOrThrow();

    private static Instant At(string almatyLocal) =>
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(almatyLocal).GetValueOrThrow()
            .InZoneStrictly(PortalClock.Almaty).ToInstant();

    private static Instant EndOf(string date) => D(date).PlusDays(1).AtStartOfDayInZone(PortalClock.Almaty).ToInstant();
}
