using System.Text;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Tests.TestSupport;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Registry;

public sealed class JsonPopulationRegistryTests
{
    private static JsonPopulationRegistry Registry => RegistryData.Registry;

    [Fact]
    public void BuiltIn_EmbeddedDataSet_HasAllPeopleWithUniqueIins()
    {
        Assert.Equal(RegistryData.PeopleCount, Registry.People.Count);
        Assert.Equal(RegistryData.PeopleCount, Registry.People.Select(p => p.Iin).Distinct().Count());
        Assert.NotEmpty(Registry.Families);
    }

    [Fact]
    public void ChildrenOf_DemoMother_HerTwoDaughters()
    {
        var children = Registry.ChildrenOf("990105474223");

        Assert.Equal(["191106673724", "231022643344"], children.Select(c => c.Iin).Order());
        var sofia = Assert.Single(children, c => c.Iin == "191106673724");
        Assert.Equal("Иванова", sofia.Surname);
        Assert.Equal("София", sofia.Name);
        Assert.Equal("Игоревна", sofia.Patronymic);
        Assert.Equal("Иванова София Игоревна", sofia.FullName);
        Assert.Equal(Sex.Female, sofia.Sex);
        Assert.Equal(new LocalDate(2019, 11, 6), sofia.BirthDate);
        Assert.Null(sofia.Phone);
    }

    [Theory]
    [InlineData("800517376484")]
    [InlineData("981114434343")]
    public void ChildrenOf_EitherParentOfDemoFamily_SameChildren(string parentIin) =>
        Assert.Equal(["200706670634", "260719515855"], Registry.ChildrenOf(parentIin).Select(c => c.Iin).Order());

    [Theory]
    [InlineData("000000000000")]
    [InlineData("191106673724")] // a child has no children
    [InlineData("")]
    public void ChildrenOf_NotAGuardian_Empty(string iin) => Assert.Empty(Registry.ChildrenOf(iin));

    [Fact]
    public void Find_KnownAdult_PersonWithRegisteredPhone()
    {
        var person = Registry.Find("850814393150");

        Assert.NotNull(person);
        Assert.Equal("Иванов Игорь Александрович", person.FullName);
        Assert.Equal(Sex.Male, person.Sex);
        Assert.Equal(new LocalDate(1985, 8, 14), person.BirthDate);
        Assert.Equal("+77019789856", person.Phone);
    }

    [Theory]
    [InlineData("000000000000")]
    [InlineData("850814300206")] // a valid IIN of nobody in the data set
    [InlineData("85081439315")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_UnknownIin_Null(string? iin) => Assert.Null(Registry.Find(iin!));

    [Fact]
    public void Families_EveryGuardianAndChild_ExistsInRegistry()
    {
        foreach (var family in Registry.Families)
        {
            Assert.NotEmpty(family.Guardians);
            Assert.NotEmpty(family.Children);
            foreach (var iin in family.Guardians.Concat(family.Children))
            {
                Assert.NotNull(Registry.Find(iin));
            }
        }
    }

    [Fact]
    public void Families_EveryChild_YoungerThanItsGuardiansAndListedByChildrenOf()
    {
        foreach (var family in Registry.Families)
        {
            foreach (var guardian in family.Guardians)
            {
                var children = Registry.ChildrenOf(guardian);
                foreach (var child in family.Children)
                {
                    Assert.Contains(children, c => c.Iin == child);
                    Assert.True(Registry.Find(child)!.BirthDate > Registry.Find(guardian)!.BirthDate, Domain.Privacy.Mask.Iin(child));
                }
            }
        }
    }

    [Fact]
    public void Families_AtLeastOneGuardianFamilyAndOneDemoFamily()
    {
        Assert.Contains(Registry.Families, f => f.Relation == GuardianRelation.Guardian);
        Assert.Contains(Registry.Families, f => f.Relation == GuardianRelation.Parent);
        Assert.Contains(Registry.Families, f => f.Demo);
        Assert.Contains(Registry.Families, f => !f.Demo);
    }

    [Fact]
    public void ChildrenOf_LegalRepresentative_ListsTheirWard()
    {
        var family = Registry.Families.First(f => f.Relation == GuardianRelation.Guardian);

        Assert.Equal(family.Children.Order(), Registry.ChildrenOf(family.Guardians[0]).Select(c => c.Iin).Order());
    }

    [Fact]
    public void Constructor_SmallDataSet_ReadsPeopleAndFamilies()
    {
        const string json = """
            {
              "people": [
                { "iin": "850814393150", "surname": "Иванов", "name": "Игорь", "sex": "M", "birthDate": "1985-08-14", "phone": "+77019789856" },
                { "iin": "191106673724", "surname": "Иванова", "name": "София", "patronymic": " ", "sex": "F", "birthDate": "2019-11-06" }
              ],
              "families": [
                { "relation": "guardian", "guardians": ["850814393150"], "children": ["191106673724"] }
              ]
            }
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var registry = new JsonPopulationRegistry(stream);

        var child = Assert.Single(registry.ChildrenOf("850814393150"));
        Assert.Null(child.Patronymic);
        Assert.Equal("Иванова София", child.FullName);
        Assert.Equal(Sex.Female, child.Sex);
        var family = Assert.Single(registry.Families);
        Assert.Equal(GuardianRelation.Guardian, family.Relation);
        Assert.False(family.Demo);
        Assert.Equal(Sex.Male, registry.Find("850814393150")!.Sex);
    }
}
