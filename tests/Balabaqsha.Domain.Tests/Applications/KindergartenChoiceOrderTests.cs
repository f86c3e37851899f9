using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Domain.Tests.Applications;

public sealed class KindergartenChoiceOrderTests
{
    private sealed record Choice(string Id, int Number);

    private static readonly Choice[] Choices = [new("almaty-012", 12), new("almaty-003", 3), new("almaty-105", 105), new("almaty-007", 7)];

    [Fact]
    public void Sort_PreferredAmongTheChoices_ComesFirstThenTheRestByNumber()
    {
        var sorted = KindergartenChoiceOrder.Sort(Choices, "almaty-105", c => c.Id, c => c.Number);

        Assert.Equal(["almaty-105", "almaty-003", "almaty-007", "almaty-012"], sorted.Select(c => c.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("almaty-999")]
    public void Sort_NoPreferredOrItHasNoFreePlace_ByNumber(string? preferred)
    {
        var sorted = KindergartenChoiceOrder.Sort(Choices, preferred, c => c.Id, c => c.Number);

        Assert.Equal(["almaty-003", "almaty-007", "almaty-012", "almaty-105"], sorted.Select(c => c.Id));
    }

    [Fact]
    public void Sort_EqualNumbers_ByIdWhateverTheInputOrder()
    {
        Choice[] twins = [new("b", 1), new("a", 1), new("c", 0)];

        var sorted = KindergartenChoiceOrder.Sort(twins, null, c => c.Id, c => c.Number);
        var reversed = KindergartenChoiceOrder.Sort(twins.Reverse(), null, c => c.Id, c => c.Number);

        Assert.Equal(["c", "a", "b"], sorted.Select(c => c.Id));
        Assert.Equal(sorted, reversed);
    }

    [Fact]
    public void Sort_Empty_Empty()
    {
        Assert.Empty(KindergartenChoiceOrder.Sort(Array.Empty<Choice>(), "almaty-001", c => c.Id, c => c.Number));
    }
}
