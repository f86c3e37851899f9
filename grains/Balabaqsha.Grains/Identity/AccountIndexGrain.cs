using Balabaqsha.Abstractions.Identity;

namespace Balabaqsha.Grains.Identity;

public sealed record AccountIndexState
{
    public string? Iin { get; init; }
}

public sealed class AccountIndexGrain(
    [PersistentState("account-index")] IPersistentState<AccountIndexState> index) : Grain, IAccountIndexGrain
{
    public Task<string?> ResolveAsync() => Task.FromResult(index.State.Iin);

    public async Task<bool> ClaimAsync(string iin)
    {
        if (index.State.Iin == iin)
        {
            return true;
        }

        if (index.State.Iin is not null)
        {
            return false;
        }

        index.State = new AccountIndexState { Iin = iin };
        await index.WriteStateAsync();
        return true;
    }

    public async Task ReleaseAsync(string iin)
    {
        if (index.State.Iin == iin)
        {
            index.State = new AccountIndexState();
            await index.WriteStateAsync();
        }
    }
}
