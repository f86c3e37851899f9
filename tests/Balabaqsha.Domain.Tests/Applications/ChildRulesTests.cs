using Balabaqsha.Domain;
using Balabaqsha.Domain.Children;
using Balabaqsha.Domain.Registry;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Applications;

public sealed class ChildRulesTests
{
    private static readonly JsonPopulationRegistry Registry = JsonPopulationRegistry.BuiltIn();
    private static readonly LocalDate Today = new(2026, 11, 24);

    // Касымова Жанна and her children Айару (2020-07-06) and Нурасыл (2026-07-19).
    private const string Parent = "981114434343";
    private const string Child = "200706670634";

    [Fact]
    public void Check_OwnPreschoolChild_ReturnsRegistryData()
    {
        var child = ChildRules.Check(Parent, Child, Registry, Today, []);

        Assert.Equal("Айару", child.Name);
    }

    [Theory]
    [InlineData("12345", "Error.Iin.Format")]
    [InlineData("200706670635", "Error.Iin.Invalid")]
    [InlineData("850814393150", "Error.Child.NotYourChild")]
    public void Check_BadIin_RefusedWithItsReason(string iin, string key)
    {
        Assert.Equal(key, Assert.Throws<DomainException>(() => ChildRules.Check(Parent, iin, Registry, Today, [])).MessageKey);
    }

    [Fact]
    public void Check_ValidIinUnknownToRegistry_Refused()
    {
        var unknown = Domain.Identity.Iin.Create(new LocalDate(2022, 2, 2), Domain.Identity.Sex.Male, 9999)!.Value.Value;

        Assert.Equal("Error.Registry.UnknownIin", Assert.Throws<DomainException>(() => ChildRules.Check(Parent, unknown, Registry, Today, [])).MessageKey);
    }

    [Fact]
    public void Check_AlreadyAdded_Refused()
    {
        Assert.Equal("Error.Child.AlreadyAdded", Assert.Throws<DomainException>(() => ChildRules.Check(Parent, Child, Registry, Today, [Child])).MessageKey);
    }

    [Fact]
    public void Check_SeventhBirthday_TooOldFromThatDay()
    {
        var dayBefore = new LocalDate(2027, 7, 5);
        var birthday = new LocalDate(2027, 7, 6);

        ChildRules.Check(Parent, Child, Registry, dayBefore, []);
        Assert.Equal("Error.Child.TooOld", Assert.Throws<DomainException>(() => ChildRules.Check(Parent, Child, Registry, birthday, [])).MessageKey);
    }

    [Fact]
    public void Check_GuardianOfTheChild_Allowed()
    {
        var family = Registry.Families.First(f => f.Relation == GuardianRelation.Guardian);

        var dayAfterBirth = Registry.Find(family.Children[0])!.BirthDate.PlusDays(1);

        var child = ChildRules.Check(family.Guardians[0], family.Children[0], Registry, dayAfterBirth, []);

        Assert.Equal(family.Children[0], child.Iin);
    }
}
