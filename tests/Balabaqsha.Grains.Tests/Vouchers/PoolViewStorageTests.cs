using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Grains.Queues;
using Balabaqsha.Silo.Storage;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Vouchers;

/// <summary>The statistics keep the pools' views as grain state: views stored before the per-group figures still read.</summary>
public sealed class PoolViewStorageTests
{
    private static readonly JsonSerializerSettings Settings = GrainStateJson.CreateSettings();

    [Fact]
    public void StatisticsState_PoolViewStoredBeforeOccupancy_ReadsWithNoneAndEveryPlaceFree()
    {
        var json = JObject.Parse(JsonConvert.SerializeObject(StateWith(View()), Settings));
        var pool = (JObject)json["Pools"]!["pool:x:general:-:ru:2022"]!;
        Assert.True(pool.Remove("Occupancy"));

        var read = JsonConvert.DeserializeObject<StatisticsState>(json.ToString(), Settings)!.Pools.Values.Single();

        Assert.Empty(read.Occupancy);
        Assert.Equal(3, read.FreeIn("x-001", "g1"));
    }

    [Fact]
    public void StatisticsState_PoolViewWithOccupancy_RoundTrips()
    {
        var view = View() with { Occupancy = [new GroupOccupancy("x-001", "g1", 1, 1)] };

        var read = JsonConvert.DeserializeObject<StatisticsState>(JsonConvert.SerializeObject(StateWith(view), Settings), Settings)!.Pools.Values.Single();

        Assert.Equal(view.Occupancy, read.Occupancy);
        Assert.Equal(1, read.FreeIn("x-001", "g1"));
    }

    private static PoolView View() =>
        new("pool:x:general:-:ru:2022", 3, 1, 0, 0, [new Publication("x-001", "g1", 3, Instant.FromUtc(2026, 11, 24, 6, 0))], 1, 0, 0);

    private static StatisticsState StateWith(PoolView view)
    {
        var state = new StatisticsState();
        state.Pools[view.PoolKey] = view;
        return state;
    }
}
