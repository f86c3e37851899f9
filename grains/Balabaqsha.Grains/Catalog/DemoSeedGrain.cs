using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Grains.Catalog;

public sealed class DemoSeedState
{
    public int Version { get; set; }
}

public sealed class DemoSeedGrain(
    [PersistentState("demo-seed")] IPersistentState<DemoSeedState> seed) : Grain, IDemoSeedGrain
{
    public Task<int> GetVersionAsync() => Task.FromResult(seed.State.Version);

    public async Task SetVersionAsync(int version)
    {
        seed.State.Version = version;
        await seed.WriteStateAsync();
    }
}
