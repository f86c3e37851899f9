using Balabaqsha.Abstractions.Dev;
using NodaTime;

namespace Balabaqsha.Grains.Dev;

public sealed class DevClockState
{
    public Duration Offset { get; set; }
}

public sealed class DevClockGrain(
    [PersistentState("dev-clock")] IPersistentState<DevClockState> clock) : Grain, IDevClockGrain
{
    public Task<Duration> GetOffsetAsync() => Task.FromResult(clock.State.Offset);

    public async Task<Duration> AdvanceAsync(Duration by)
    {
        if (by < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The portal clock only moves forward.");
        }

        clock.State.Offset += by;
        await clock.WriteStateAsync();
        return clock.State.Offset;
    }
}
