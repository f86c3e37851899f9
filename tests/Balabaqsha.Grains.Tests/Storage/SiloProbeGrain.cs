using Orleans.Placement;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>Tells which silo it runs on; placed at random so that a few keys cover every silo.</summary>
[Alias("Balabaqsha.Grains.Tests.Storage.ISiloProbeGrain")]
public interface ISiloProbeGrain : IGrainWithStringKey
{
    /// <summary>The address of the silo hosting this activation.</summary>
    [Alias("GetSiloAsync")]
    Task<string> GetSiloAsync();
}

[RandomPlacement]
public sealed class SiloProbeGrain(ILocalSiloDetails silo) : Grain, ISiloProbeGrain
{
    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToString());
}
