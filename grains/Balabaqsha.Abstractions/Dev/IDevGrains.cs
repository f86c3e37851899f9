using NodaTime;

namespace Balabaqsha.Abstractions.Dev;

/// <summary>One SMS as the development outbox keeps it.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.SentSms")]
public sealed record SentSms(
    [property: Id(0)] Instant At,
    [property: Id(1)] string Phone,
    [property: Id(2)] string Text);

/// <summary>The development SMS outbox (<see cref="GrainKeys.SmsOutbox"/>) that /dev/sms shows.</summary>
[Alias("Balabaqsha.ISmsOutboxGrain")]
public interface ISmsOutboxGrain : IGrainWithStringKey
{
    /// <summary>Adds a message.</summary>
    Task AddAsync(SentSms message);

    /// <summary>The latest messages, newest first.</summary>
    Task<IReadOnlyList<SentSms>> LatestAsync(int count);
}

/// <summary>The portal clock's offset from real time (<see cref="GrainKeys.DevClock"/>), shared by every process.</summary>
[Alias("Balabaqsha.IDevClockGrain")]
public interface IDevClockGrain : IGrainWithStringKey
{
    /// <summary>The current offset.</summary>
    Task<Duration> GetOffsetAsync();

    /// <summary>Moves the clock forward by a duration; returns the new offset.</summary>
    Task<Duration> AdvanceAsync(Duration by);
}
