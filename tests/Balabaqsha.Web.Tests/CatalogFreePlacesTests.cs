using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Web.Components.Pages;
using NodaTime;

namespace Balabaqsha.Web.Tests;

/// <summary>
/// The catalog's free places (SPEC §7) from a pool's figures: a group's published places less those held by a request
/// or taken by an enrolled child. One pool of Almaty for 2022: kindergarten k1 publishes 3 places in g1 and 2 in g2,
/// kindergarten k2 one in g1; one application holds a voucher at each step.
/// </summary>
public sealed class CatalogFreePlacesTests
{
    private const string Key = "pool:almaty:general:-:ru:2022";
    private static readonly Instant At = Instant.FromUtc(2026, 11, 24, 6, 0);

    private static readonly PoolView Offered = new(
        Key, 6, 1, 0, 0, [new Publication("k1", "g1", 3, At), new Publication("k1", "g2", 2, At), new Publication("k2", "g1", 1, At)], 1, 1, 0);

    private static readonly PoolView Held = Offered with { Outstanding = 0, Holds = 1, Occupancy = [new GroupOccupancy("k1", "g1", 1, 0)] };

    private static readonly PoolView Enrolled = Offered with { Outstanding = 0, Enrolled = 1, Occupancy = [new GroupOccupancy("k1", "g1", 0, 1)] };

    [Fact]
    public void OfGroup_VoucherOfferedOrAccepted_EveryPublishedPlaceFree()
    {
        var free = Catalog(Offered);

        Assert.Equal((3, 2, 5, 1), (free.OfGroup("k1", "g1"), free.OfGroup("k1", "g2"), free.OfKindergarten("k1"), free.OfKindergarten("k2")));
    }

    [Fact]
    public void OfGroup_RequestHoldsAPlace_ThatGroupDownByOne_OthersUnaffected()
    {
        var free = Catalog(Held);

        Assert.Equal((2, 2, 4, 1), (free.OfGroup("k1", "g1"), free.OfGroup("k1", "g2"), free.OfKindergarten("k1"), free.OfKindergarten("k2")));
    }

    [Fact]
    public void OfGroup_HoldReleased_BackUp()
    {
        var released = Held with { Outstanding = 1, Holds = 0, Occupancy = [] };

        Assert.Equal(Catalog(Offered).OfGroup("k1", "g1"), Catalog(released).OfGroup("k1", "g1"));
        Assert.Equal(3, Catalog(released).OfGroup("k1", "g1"));
    }

    [Fact]
    public void OfGroup_HeldPlaceEnrolled_StaysDown()
    {
        var free = Catalog(Enrolled);

        Assert.Equal((2, 2, 4, 1), (free.OfGroup("k1", "g1"), free.OfGroup("k1", "g2"), free.OfKindergarten("k1"), free.OfKindergarten("k2")));
    }

    [Fact]
    public void OfGroup_EveryPlaceHeldOrTaken_NoneFree()
    {
        var full = Offered with
        {
            Outstanding = 0, Holds = 2, Enrolled = 1,
            Occupancy = [new GroupOccupancy("k1", "g1", 2, 1)],
        };

        Assert.Equal((0, 2), (Catalog(full).OfGroup("k1", "g1"), Catalog(full).OfKindergarten("k1")));
    }

    [Fact]
    public void YearsOf_HeldAndEnrolled_PublishedTakenAndFreePerBirthYear()
    {
        var year2021 = Offered with
        {
            PoolKey = "pool:almaty:general:-:ru:2021",
            Publications = [new Publication("k1", "g1", 4, At)],
            Occupancy = [new GroupOccupancy("k1", "g1", 1, 2)],
        };

        var years = CatalogFreePlaces.From([Held, year2021], "almaty").YearsOf("k1", "g1");

        Assert.Equal([new GroupYearPlaces(2022, 3, 1, 2), new GroupYearPlaces(2021, 4, 3, 1)], years);
    }

    [Fact]
    public void From_PoolsOfAnotherCity_AreLeftOut()
    {
        var astana = Offered with { PoolKey = "pool:astana:general:-:ru:2022" };

        Assert.Equal(3, CatalogFreePlaces.From([Offered, astana], "almaty").OfGroup("k1", "g1"));
        Assert.Equal(0, CatalogFreePlaces.From([astana], "almaty").OfGroup("k1", "g1"));
    }

    [Fact]
    public void SameAs_AHoldOnly_IsAChangeToRender()
    {
        // A hold changes neither the published places nor the pool's free ones: the live page must still redraw.
        Assert.False(Catalog(Held).SameAs(Catalog(Offered)));
        Assert.False(Catalog(Enrolled).SameAs(Catalog(Held)));
        Assert.True(Catalog(Held).SameAs(Catalog(Held with { Occupancy = [new GroupOccupancy("k1", "g1", 1, 0)] })));
    }

    private static CatalogFreePlaces Catalog(PoolView pool) => CatalogFreePlaces.From([pool], "almaty");
}
