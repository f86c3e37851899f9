using System.Collections.Immutable;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Storage;

// Shaped like the portal's grain state records: no Orleans attributes (state never crosses the
// wire), init-only properties, initializers that are not the type's default value.

public sealed record PlainState
{
    public ZonedDateTime Meeting { get; init; }

    public Instant? Deadline { get; init; }

    public IReadOnlyList<LocalDate> Days { get; init; } = [];

    public ImmutableArray<Duration> Waits { get; init; } = [];

    public bool Enabled { get; init; } = true;

    public string? Note { get; init; } = "initial";

    public PlainChild Child { get; init; } = new();

    public static PlainState Sample(string note) => new()
    {
        Meeting = Instant.FromUtc(2026, 9, 1, 3, 30).InZone(DateTimeZoneProviders.Tzdb["Asia/Almaty"]),
        Deadline = Instant.FromUtc(2026, 9, 15, 12, 0, 1).PlusNanoseconds(123_456_789),
        Days = [new LocalDate(2026, 9, 1), new LocalDate(2026, 9, 2)],
        Waits = [Duration.FromDays(3), Duration.FromMilliseconds(1)],
        Enabled = false,
        Note = note,
        Child = new PlainChild { Day = new LocalDate(2021, 2, 28), Length = Duration.FromHours(-5) },
    };
}

public sealed record PlainChild
{
    public LocalDate Day { get; init; }

    public Duration Length { get; init; }

    public Instant? Missing { get; init; }
}
