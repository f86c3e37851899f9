using NodaTime;

namespace Balabaqsha.Abstractions.Serialization;

// NodaTime types cross grain calls through these surrogates; the storage serializer is configured
// separately (see the silo's storage setup).

[GenerateSerializer]
public struct InstantSurrogate
{
    [Id(0)]
    public long UnixTicks;
}

[RegisterConverter]
public sealed class InstantSurrogateConverter : IConverter<Instant, InstantSurrogate>
{
    public Instant ConvertFromSurrogate(in InstantSurrogate surrogate) => Instant.FromUnixTimeTicks(surrogate.UnixTicks);

    public InstantSurrogate ConvertToSurrogate(in Instant value) => new() { UnixTicks = value.ToUnixTimeTicks() };
}

[GenerateSerializer]
public struct LocalDateSurrogate
{
    [Id(0)]
    public int Year;

    [Id(1)]
    public int Month;

    [Id(2)]
    public int Day;
}

[RegisterConverter]
public sealed class LocalDateSurrogateConverter : IConverter<LocalDate, LocalDateSurrogate>
{
    public LocalDate ConvertFromSurrogate(in LocalDateSurrogate surrogate) => new(surrogate.Year, surrogate.Month, surrogate.Day);

    public LocalDateSurrogate ConvertToSurrogate(in LocalDate value) => new() { Year = value.Year, Month = value.Month, Day = value.Day };
}

[GenerateSerializer]
public struct DurationSurrogate
{
    [Id(0)]
    public long Ticks;
}

[RegisterConverter]
public sealed class DurationSurrogateConverter : IConverter<Duration, DurationSurrogate>
{
    public Duration ConvertFromSurrogate(in DurationSurrogate surrogate) => Duration.FromTicks(surrogate.Ticks);

    public DurationSurrogate ConvertToSurrogate(in Duration value) => new() { Ticks = value.BulkTicks() };
}

internal static class DurationExtensions
{
    public static long BulkTicks(this Duration duration) => (long)duration.TotalTicks;
}
