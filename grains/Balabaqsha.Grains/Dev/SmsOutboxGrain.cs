using Balabaqsha.Abstractions.Dev;

namespace Balabaqsha.Grains.Dev;

public sealed class SmsOutboxState
{
    public List<SentSms> Messages { get; set; } = [];
}

public sealed class SmsOutboxGrain(
    [PersistentState("dev-sms-outbox")] IPersistentState<SmsOutboxState> outbox) : Grain, ISmsOutboxGrain
{
    private const int Keep = 500;

    public async Task AddAsync(SentSms message)
    {
        outbox.State.Messages.Add(message);
        if (outbox.State.Messages.Count > Keep)
        {
            outbox.State.Messages.RemoveRange(0, outbox.State.Messages.Count - Keep);
        }

        await outbox.WriteStateAsync();
    }

    public Task<IReadOnlyList<SentSms>> LatestAsync(int count) =>
        Task.FromResult<IReadOnlyList<SentSms>>(
            outbox.State.Messages.AsEnumerable().Reverse().Take(Math.Clamp(count, 1, Keep)).ToList());
}
