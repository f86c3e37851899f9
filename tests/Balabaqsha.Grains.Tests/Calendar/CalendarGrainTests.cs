using Balabaqsha.Abstractions.Calendar;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Calendar;
using Balabaqsha.Grains.Tests.Infrastructure;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Calendar;

/// <summary>
/// The business calendar's grain: seeded on first use, edited only by the administrator, durable.
/// The cluster is shared, so edits here touch years far from the ones other tests count deadlines in.
/// </summary>
[Collection(PortalClusterCollection.Name)]
public sealed class CalendarGrainTests(PortalClusterFixture fixture)
{
    private static readonly Actor Admin = new("800101300011", Role.Administrator, "Admin", null, null);
    private static readonly Actor Parent = new("850505400022", Role.Parent, "Parent", null, null);

    private ICalendarGrain Grain => fixture.Client.GetGrain<ICalendarGrain>(CalendarKeys.Kazakhstan);

    [Fact]
    public async Task GetYears_FirstUse_SeededWith2026And2027()
    {
        var years = await Grain.GetYearsAsync();

        foreach (var seed in BusinessCalendar.KazakhstanSeed())
        {
            var stored = Assert.Single(years, y => y.Year == seed.Year);
            Assert.Equal(seed.Days, stored.Days);
        }

        Assert.DoesNotContain(2026, await Grain.MissingYearsAsync(2026, 2));
        Assert.Contains(2028, await Grain.MissingYearsAsync(2026, 3));
    }

    [Fact]
    public async Task SaveYear_Admin_KeptAcrossARestart()
    {
        var year = new CalendarYear(2031,
        [
            new(new LocalDate(2031, 1, 2), CalendarDayKind.DayOff, " New Year "),
            new(new LocalDate(2031, 1, 1), CalendarDayKind.DayOff, "New Year"),
            new(new LocalDate(2031, 1, 4), CalendarDayKind.WorkingDay, "Moved to Saturday"),
        ]);

        await Grain.SaveYearAsync(Admin, year);
        await fixture.RestartAsync();
        var stored = Assert.Single(await Grain.GetYearsAsync(), y => y.Year == 2031);
        var calendar = await CalendarClient.LoadAsync(fixture.Client);

        Assert.Equal(
            [
                new CalendarDay(new LocalDate(2031, 1, 1), CalendarDayKind.DayOff, "New Year"),
                new CalendarDay(new LocalDate(2031, 1, 2), CalendarDayKind.DayOff, "New Year"),
                new CalendarDay(new LocalDate(2031, 1, 4), CalendarDayKind.WorkingDay, "Moved to Saturday"),
            ],
            stored.Days);
        Assert.DoesNotContain(2031, await Grain.MissingYearsAsync(2030, 3));
        Assert.True(calendar.IsBusinessDay(new LocalDate(2031, 1, 4)));
        Assert.False(calendar.IsBusinessDay(new LocalDate(2031, 1, 2)));
        Assert.True(calendar.HasDataFor(2026));
    }

    [Fact]
    public async Task SaveYear_Parent_RefusedAndNothingChanged()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            Grain.SaveYearAsync(Parent, new CalendarYear(2032, [new(new LocalDate(2032, 1, 1), CalendarDayKind.DayOff, "New Year")])));

        Assert.Equal("Error.Access.Denied", refused.MessageKey);
        Assert.Contains(2032, await Grain.MissingYearsAsync(2032, 1));
    }

    [Theory]
    [InlineData("2026-03-21", CalendarDayKind.DayOff, "Error.Calendar.DayOffOnWeekend")]
    [InlineData("2026-03-20", CalendarDayKind.WorkingDay, "Error.Calendar.WorkingDayOnWeekday")]
    [InlineData("2027-01-04", CalendarDayKind.DayOff, "Error.Calendar.DayOutsideYear")]
    public async Task SaveYear_InvalidYear_RefusedWithItsKeyAndNothingChanged(string date, CalendarDayKind kind, string key)
    {
        var before = Assert.Single(await Grain.GetYearsAsync(), y => y.Year == 2026);
        var day = new CalendarDay(NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value, kind, "Invalid");

        var refused = await Assert.ThrowsAsync<DomainException>(() => Grain.SaveYearAsync(Admin, new CalendarYear(2026, [day])));
        await fixture.Cluster.DeactivateAsync(Grain);
        var after = Assert.Single(await Grain.GetYearsAsync(), y => y.Year == 2026);

        Assert.Equal(key, refused.MessageKey);
        Assert.Equal(before.Days, after.Days);
        Assert.Equal(BusinessCalendar.KazakhstanSeed()[0].Days, after.Days);
    }
}
