using Balabaqsha.Abstractions.Applications;

namespace Balabaqsha.Grains.Applications;

public sealed class NumberState
{
    public long Last { get; set; }
}

public sealed class NumberGrain([PersistentState("application-numbers")] IPersistentState<NumberState> numbers) : Grain, INumberGrain
{
    public async Task<long> NextAsync()
    {
        numbers.State.Last++;
        await numbers.WriteStateAsync();
        return numbers.State.Last;
    }
}
