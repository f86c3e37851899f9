using Balabaqsha.Domain.Time;
using NodaTime;
using NodaTime.Testing;

namespace Balabaqsha.Domain.Tests.Time;

public sealed class PortalClockTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 9, 1, 3, 0);

    [Fact]
    public void GetCurrentInstant_NoOffset_BaseClockTime()
    {
        var clock = new PortalClock(new FakeClock(Start));

        Assert.Equal(Duration.Zero, clock.Offset);
        Assert.Equal(Start, clock.GetCurrentInstant());
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, 90, 0)]
    [InlineData(2, 0, 0)]
    [InlineData(28, 0, 0)]
    [InlineData(-3, 0, 0)]
    public void GetCurrentInstant_WithOffset_MovedByOffset(int days, int minutes, long ticks)
    {
        var offset = Duration.FromDays(days) + Duration.FromMinutes(minutes) + Duration.FromTicks(ticks);
        var clock = new PortalClock(new FakeClock(Start)) { Offset = offset };

        Assert.Equal(offset, clock.Offset);
        Assert.Equal(Start + offset, clock.GetCurrentInstant());
    }

    [Fact]
    public void GetCurrentInstant_BaseClockAdvances_OffsetKept()
    {
        var baseClock = new FakeClock(Start);
        var clock = new PortalClock(baseClock) { Offset = Duration.FromDays(1) };

        baseClock.AdvanceMinutes(5);

        Assert.Equal(Start + Duration.FromDays(1) + Duration.FromMinutes(5), clock.GetCurrentInstant());
    }

    [Fact]
    public void Offset_ResetToZero_BackToBaseTime()
    {
        var clock = new PortalClock(new FakeClock(Start)) { Offset = Duration.FromDays(10) };

        clock.Offset = Duration.Zero;

        Assert.Equal(Start, clock.GetCurrentInstant());
    }

    [Fact]
    public void AlmatyNow_WithOffset_LocalTimeInAlmaty()
    {
        var clock = new PortalClock(new FakeClock(Start)) { Offset = Duration.FromHours(1) };

        var now = clock.AlmatyNow();

        Assert.Equal("Asia/Almaty", now.Zone.Id);
        Assert.Equal(Start + Duration.FromHours(1), now.ToInstant());
        Assert.Equal(new LocalDateTime(2025, 9, 1, 9, 0), now.LocalDateTime); // UTC+5 since March 2024
    }

    [Fact]
    public void Constructor_Default_RealTime()
    {
        var before = SystemClock.Instance.GetCurrentInstant();

        var now = new PortalClock().GetCurrentInstant();

        Assert.InRange(now, before, SystemClock.Instance.GetCurrentInstant());
    }
}
