using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Catalog;
using Balabaqsha.Domain.Vouchers;

namespace Balabaqsha.Domain.Tests.Vouchers;

public sealed class PoolFitTests
{
    private const int ThisYear = 2026;
    private static readonly CatalogGroup General = new("g-ru-2", "Младшая", 2, 4, "ru", QueueType.General, null, 20);
    private static readonly CatalogGroup Sanatorium = new("g-san-1", "Санаторная", 2, 4, "kk", QueueType.Sanatorium, "rehab-after-tb", 15);

    [Theory]
    [InlineData(2024, true)]  // turns 2 this year: the youngest age of the group
    [InlineData(2022, true)]  // turns 4: the oldest
    [InlineData(2025, false)] // turns 1: too young
    [InlineData(2021, false)] // turns 5: too old
    public void Fits_BirthYear_BothEndsOfTheAgesIncluded(int birthYear, bool fits) =>
        Assert.Equal(fits, PoolFit.Fits(General, QueueType.General, null, "ru", birthYear, ThisYear));

    [Fact]
    public void BirthYears_ExactlyTheYearsThatFit()
    {
        Assert.Equal([2022, 2023, 2024], PoolFit.BirthYears(General, ThisYear));
        Assert.All(Enumerable.Range(2015, 15), year =>
            Assert.Equal(PoolFit.BirthYears(General, ThisYear).Contains(year), PoolFit.Fits(General, QueueType.General, null, "ru", year, ThisYear)));
    }

    [Fact]
    public void Fits_NextYear_TheSameBirthYearIsAYearOlder()
    {
        Assert.True(PoolFit.Fits(General, QueueType.General, null, "ru", 2022, ThisYear));
        Assert.False(PoolFit.Fits(General, QueueType.General, null, "ru", 2022, ThisYear + 1));
    }

    [Fact]
    public void Fits_SanatoriumGroup_OnlyItsRehabilitationTypesPool()
    {
        Assert.True(PoolFit.Fits(Sanatorium, QueueType.Sanatorium, "rehab-after-tb", "kk", 2023, ThisYear));
        Assert.False(PoolFit.Fits(Sanatorium, QueueType.Sanatorium, "rehab-tb-contact", "kk", 2023, ThisYear));
        Assert.False(PoolFit.Fits(Sanatorium, QueueType.General, null, "kk", 2023, ThisYear));
    }

    [Fact]
    public void Fits_GeneralGroup_NotASanatoriumPool()
    {
        Assert.False(PoolFit.Fits(General, QueueType.Sanatorium, null, "ru", 2023, ThisYear));
        Assert.False(PoolFit.Fits(General, QueueType.Sanatorium, "rehab-after-tb", "ru", 2023, ThisYear));
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("RU")]
    [InlineData("")]
    public void Fits_OtherLanguage_DoesNotFit(string language) =>
        Assert.False(PoolFit.Fits(General, QueueType.General, null, language, 2023, ThisYear));
}
