using NodaTime;

namespace Balabaqsha.Domain.Time;

/// <summary>
/// The portal's clock: real time plus an offset that only the development controls move
/// (SPEC §11). Everything that asks for "now" asks this clock.
/// </summary>
public sealed class PortalClock(IClock baseClock) : IClock
{
    public static readonly DateTimeZone Almaty = DateTimeZoneProviders.Tzdb["Asia/Almaty"];

    private long _offsetTicks;

    public PortalClock()
        : this(SystemClock.Instance)
    {
    }

    public Duration Offset
    {
        get => Duration.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, (long)value.TotalTicks);
    }

    public Instant GetCurrentInstant() => baseClock.GetCurrentInstant() + Offset;

    public ZonedDateTime AlmatyNow() => GetCurrentInstant().InZone(Almaty);
}
