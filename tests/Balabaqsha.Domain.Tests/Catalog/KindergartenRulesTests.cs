using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Catalog;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Domain.Tests.Catalog;

public sealed class KindergartenRulesTests
{
    private const string Id = "almaty-007";

    private static readonly Actor Admin = new("800101300011", Role.Administrator, "Админ", null, null);
    private static readonly Actor Operator = new("333", Role.Operator, "Оператор Алматы", "almaty", null);
    private static readonly Actor OtherCityOperator = new("444", Role.Operator, "Оператор Астаны", "astana", null);
    private static readonly Actor Staff = new("555", Role.KindergartenStaff, "Сотрудник", "almaty", Id);
    private static readonly Actor OtherStaff = new("666", Role.KindergartenStaff, "Сотрудник другого сада", "almaty", "almaty-008");

    private static readonly CatalogGroup Young = new("g-ru-2", "Младшая", 2, 3, "ru", QueueType.General, null, 20);
    private static readonly CatalogGroup Healing = new("g-san-1", "Санаторная", 3, 5, "kk", QueueType.Sanatorium, "rehab-after-tb", 15);

    private static readonly CatalogKindergarten Before = new(
        Id, 107, "almaty", "№107 балабақша", "Детский сад №107", "Kindergarten No. 107", "almaty-medeu", "ул. Абая, 1",
        "+7 (727) 300-00-07", "State", ["kk", "ru"], [Young, Healing]);

    private static readonly CatalogContext Context = new(
        ["almaty-medeu", "almaty-alatau"],
        new Dictionary<string, bool> { ["rehab-after-tb"] = true, ["rehab-tb-contact"] = true, ["rehab-retired"] = false },
        [101, 102],
        new Dictionary<string, int>());

    private static CatalogContext Publishing(string groupId, int places) =>
        Context with { PublishedPlaces = new Dictionary<string, int> { [groupId] = places } };

    private static string Refusal(Action save) => Assert.Throws<DomainException>(save).MessageKey;

    [Fact]
    public void Save_OperatorOfTheCity_ChangesDetailsAndGroups()
    {
        var after = Before with { Phone = "+7 (727) 311-11-11", Groups = [Young with { Capacity = 25 }, Healing] };

        var saved = KindergartenRules.Save(Operator, Id, Before, after, Context);

        Assert.Equal(after.Phone, saved.Phone);
        Assert.Equal(25, saved.Groups[0].Capacity);
    }

    [Fact]
    public void Save_OperatorAddsAKindergartenOfTheirCity_NewGroupsGetIds()
    {
        var added = Before with { Groups = [Young with { Id = string.Empty }, Healing with { Id = string.Empty }] };

        var saved = KindergartenRules.Save(Operator, Id, null, added, Context);

        Assert.Equal(["g-1", "g-2"], saved.Groups.Select(g => g.Id));
    }

    [Fact]
    public void Save_NewKindergartenWithIdsOfItsOwn_KeepsThemButNotTwice()
    {
        var seeded = KindergartenRules.Save(Actor.System, Id, null, Before with { Groups = [Young, Healing, Young with { Id = string.Empty }] }, Context);
        var twice = Refusal(() => KindergartenRules.Save(Actor.System, Id, null, Before with { Groups = [Young, Young with { Name = "Дубль" }] }, Context));

        Assert.Equal(["g-ru-2", "g-san-1", "g-1"], seeded.Groups.Select(g => g.Id));
        Assert.Equal("Error.CatalogEditor.UnknownGroup", twice);
    }

    [Fact]
    public void Save_NewGroup_NeverTakesTheIdOfAGroupRemovedNowOrKept()
    {
        var before = Before with { Groups = [Young with { Id = "g-1" }, Healing with { Id = "g-2" }] };
        var after = before with { Groups = [before.Groups[1], Young with { Id = string.Empty, Name = "Новая" }] };

        var saved = KindergartenRules.Save(Operator, Id, before, after, Context);

        Assert.Equal(["g-2", "g-3"], saved.Groups.Select(g => g.Id));
    }

    [Fact]
    public void Save_AdministratorAndTheSystem_AnyCity()
    {
        var astana = Before with { Id = "astana-009", CityId = "astana", DistrictId = "astana-yesil", Groups = [Young with { Id = string.Empty }] };
        var context = Context with { DistrictIds = ["astana-yesil"] };

        KindergartenRules.Save(Admin, astana.Id, null, astana, context);
        KindergartenRules.Save(Actor.System, Id, Before, Before with { Address = "ул. Абая, 2" }, Context);
    }

    [Fact]
    public void Save_StaffOfTheKindergarten_ChangesItsGroups()
    {
        var after = Before with { Groups = [Young with { Name = "Күншуақ", Capacity = 22 }, Healing, Young with { Id = string.Empty, MinAgeYears = 4, MaxAgeYears = 5 }] };

        var saved = KindergartenRules.Save(Staff, Id, Before, after, Context);

        Assert.Equal(["g-ru-2", "g-san-1", "g-1"], saved.Groups.Select(g => g.Id));
        Assert.Equal("Күншуақ", saved.Groups[0].Name);
    }

    [Theory]
    [InlineData("number")]
    [InlineData("name")]
    [InlineData("district")]
    [InlineData("address")]
    [InlineData("phone")]
    [InlineData("ownership")]
    [InlineData("languages")]
    public void Save_StaffChangesADetail_RefusedAsGroupsOnly(string detail)
    {
        var after = detail switch
        {
            "number" => Before with { Number = 777 },
            "name" => Before with { NameRu = "Детский сад «Новый»" },
            "district" => Before with { DistrictId = "almaty-alatau" },
            "address" => Before with { Address = "ул. Абая, 2" },
            "phone" => Before with { Phone = "+7 (727) 311-11-11" },
            "ownership" => Before with { Ownership = "Private" },
            _ => Before with { Languages = ["kk"], Groups = [Healing] },
        };

        Assert.Equal("Error.CatalogEditor.StaffGroupsOnly", Refusal(() => KindergartenRules.Save(Staff, Id, Before, after, Context)));
    }

    [Fact]
    public void Save_StaffSendTheSameDetailsWithSpacesOrLanguagesReordered_NoChange()
    {
        var after = Before with { NameRu = " Детский сад №107 ", Languages = ["ru", "kk"] };

        KindergartenRules.Save(Staff, Id, Before, after, Context);
    }

    public static TheoryData<string> Outsiders() => ["other-city-operator", "other-staff", "staff-new", "parent", "doctor", "operator-new-elsewhere"];

    [Theory]
    [MemberData(nameof(Outsiders))]
    public void Save_Outsider_AccessDenied(string who)
    {
        var (actor, before) = who switch
        {
            "other-city-operator" => (OtherCityOperator, Before),
            "other-staff" => (OtherStaff, Before),
            "staff-new" => (Staff, (CatalogKindergarten?)null),
            "parent" => (new Actor(Staff.Iin, Role.Parent, "Родитель", null, null), Before),
            "doctor" => (new Actor("777", Role.Doctor, "Врач Алматы", "almaty", null), Before),
            _ => (OtherCityOperator, null),
        };

        Assert.Equal("Error.Access.Denied", Refusal(() => KindergartenRules.Save(actor, Id, before, Before with { Groups = [Young] }, Context)));
    }

    [Fact]
    public void Save_OperatorOfAnotherCity_DeniedEvenWhenTheDraftNamesTheirCity()
    {
        var moved = Before with { CityId = "astana", DistrictId = "astana-yesil" };

        Assert.Equal("Error.Access.Denied", Refusal(() => KindergartenRules.Save(OtherCityOperator, Id, Before, moved, Context)));
    }

    [Fact]
    public void Save_ProfileOfAnotherId_AccessDenied() =>
        Assert.Equal("Error.Access.Denied", Refusal(() => KindergartenRules.Save(Admin, "almaty-008", Before, Before, Context)));

    [Fact]
    public void Save_AnotherCity_RefusedEvenForTheAdministrator() =>
        Assert.Equal("Error.CatalogEditor.CityFixed", Refusal(() => KindergartenRules.Save(Admin, Id, Before, Before with { CityId = "astana" }, Context)));

    [Theory]
    [InlineData("number:0", "Error.CatalogEditor.NumberInvalid")]
    [InlineData("number:100000", "Error.CatalogEditor.NumberInvalid")]
    [InlineData("number:102", "Error.CatalogEditor.NumberTaken")]
    [InlineData("name-kk: ", "Error.CatalogEditor.NameRequired")]
    [InlineData("name-en:", "Error.CatalogEditor.NameRequired")]
    [InlineData("name-ru:long", "Error.CatalogEditor.NameRequired")]
    [InlineData("district:astana-yesil", "Error.CatalogEditor.DistrictRequired")]
    [InlineData("address:", "Error.CatalogEditor.AddressRequired")]
    [InlineData("phone:12-34", "Error.CatalogEditor.PhoneInvalid")]
    [InlineData("ownership:", "Error.CatalogEditor.OwnershipRequired")]
    [InlineData("languages:", "Error.CatalogEditor.LanguageRequired")]
    [InlineData("languages:en", "Error.CatalogEditor.LanguageRequired")]
    [InlineData("languages:ru,ru", "Error.CatalogEditor.LanguageRequired")]
    [InlineData("groups:41", "Error.CatalogEditor.TooManyGroups")]
    [InlineData("group-name:", "Error.CatalogEditor.GroupNameRequired")]
    [InlineData("min:-1", "Error.CatalogEditor.GroupAgesInvalid")]
    [InlineData("max:8", "Error.CatalogEditor.GroupAgesInvalid")]
    [InlineData("min:4", "Error.CatalogEditor.GroupAgesInvalid")]
    [InlineData("group-language:en", "Error.CatalogEditor.GroupLanguageInvalid")]
    [InlineData("queue:9", "Error.CatalogEditor.GroupQueueRequired")]
    [InlineData("rehabilitation:", "Error.CatalogEditor.GroupRehabilitationRequired")]
    [InlineData("rehabilitation:rehab-unknown", "Error.CatalogEditor.GroupRehabilitationRequired")]
    [InlineData("general-rehabilitation:rehab-after-tb", "Error.CatalogEditor.GroupRehabilitationGeneral")]
    [InlineData("capacity:0", "Error.CatalogEditor.GroupCapacityInvalid")]
    [InlineData("capacity:101", "Error.CatalogEditor.GroupCapacityInvalid")]
    [InlineData("group-id:g-unknown", "Error.CatalogEditor.UnknownGroup")]
    [InlineData("duplicate-id:", "Error.CatalogEditor.UnknownGroup")]
    public void Save_InvalidKindergarten_RefusedWithItsKey(string change, string expectedKey)
    {
        var (field, value) = (change.Split(':')[0], change.Split(':')[1]);
        var after = field switch
        {
            "number" => Before with { Number = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "name-kk" => Before with { NameKk = value },
            "name-en" => Before with { NameEn = value },
            "name-ru" => Before with { NameRu = new string('а', KindergartenRules.MaxTextLength + 1) },
            "district" => Before with { DistrictId = value },
            "address" => Before with { Address = value },
            "phone" => Before with { Phone = value },
            "ownership" => Before with { Ownership = null },
            "languages" => Before with { Languages = value.Length == 0 ? [] : value.Split(',') },
            "groups" => Before with { Groups = [.. Enumerable.Range(0, int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).Select(_ => Young with { Id = string.Empty })] },
            _ => Before with { Groups = [Young, ChangedGroup(field, value)] },
        };

        Assert.Equal(expectedKey, Refusal(() => KindergartenRules.Save(Operator, Id, Before, after, Context)));
    }

    private static CatalogGroup ChangedGroup(string field, string value) => field switch
    {
        "group-name" => Healing with { Name = value },
        "min" => Healing with { MinAgeYears = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), MaxAgeYears = 3 },
        "max" => Healing with { MaxAgeYears = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        "group-language" => Healing with { Language = value },
        "queue" => Healing with { QueueType = (QueueType)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        "rehabilitation" => Healing with { RehabilitationTypeId = value.Length == 0 ? null : value },
        "general-rehabilitation" => Young with { Id = string.Empty, RehabilitationTypeId = value },
        "capacity" => Healing with { Capacity = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        "group-id" => Healing with { Id = value },
        "duplicate-id" => Young with { Name = "Дубль" },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [InlineData(0, 7)]
    [InlineData(5, 5)]
    public void Save_AgesWithinZeroToSeven_Kept(int min, int max) =>
        KindergartenRules.Save(Operator, Id, Before, Before with { Groups = [Young with { MinAgeYears = min, MaxAgeYears = max }, Healing] }, Context);

    [Fact]
    public void Save_RetiredRehabilitationType_KeptByItsGroupNotANewChoice()
    {
        var before = Before with { Groups = [Young, Healing with { RehabilitationTypeId = "rehab-retired" }] };

        KindergartenRules.Save(Operator, Id, before, before with { Groups = [Young, before.Groups[1] with { Capacity = 16 }] }, Context);
        var chosen = Refusal(() => KindergartenRules.Save(Operator, Id, Before, Before with { Groups = [Young, Healing with { RehabilitationTypeId = "rehab-retired" }] }, Context));

        Assert.Equal("Error.CatalogEditor.GroupRehabilitationRequired", chosen);
    }

    [Fact]
    public void Save_GroupPublishingPlaces_KeepsItsPoolAndAtLeastThosePlaces()
    {
        var context = Publishing(Young.Id, 3);

        var removed = Refusal(() => KindergartenRules.Save(Operator, Id, Before, Before with { Groups = [Healing] }, context));
        var older = Refusal(() => KindergartenRules.Save(Operator, Id, Before, Before with { Groups = [Young with { MaxAgeYears = 4 }, Healing] }, context));
        var otherLanguage = Refusal(() => KindergartenRules.Save(Staff, Id, Before, Before with { Groups = [Young with { Language = "kk" }, Healing] }, context));
        var shrunk = Refusal(() => KindergartenRules.Save(Staff, Id, Before, Before with { Groups = [Young with { Capacity = 2 }, Healing] }, context));
        var renamedToItsPlaces = KindergartenRules.Save(Staff, Id, Before, Before with { Groups = [Young with { Name = "Бөбектер", Capacity = 3 }, Healing] }, context);

        Assert.Equal(
            ("Error.CatalogEditor.GroupHasPlaces", "Error.CatalogEditor.GroupHasPlaces", "Error.CatalogEditor.GroupHasPlaces", "Error.CatalogEditor.CapacityBelowPublished"),
            (removed, older, otherLanguage, shrunk));
        Assert.Equal(3, renamedToItsPlaces.Groups[0].Capacity);
    }

    [Theory]
    [InlineData("+7 (727) 300-00-07", true)]
    [InlineData("87273000007", true)]
    [InlineData("+7 727 300 00 07 12345", false)]
    [InlineData("12-34", false)]
    [InlineData("+7 (727) 300-00-07 доб. 5", false)]
    [InlineData(" ", false)]
    public void IsPhone_DigitsAndPunctuation(string phone, bool valid) =>
        Assert.Equal(valid, KindergartenRules.IsPhone(phone));

    [Fact]
    public void MayChange_RolesAndScope()
    {
        Assert.True(KindergartenRules.MayChangeDetails(Operator, "almaty"));
        Assert.False(KindergartenRules.MayChangeDetails(Staff, "almaty"));
        Assert.True(KindergartenRules.MayChangeGroups(Staff, "almaty", Id));
        Assert.False(KindergartenRules.MayChangeGroups(Staff, "almaty", "almaty-008"));
        Assert.False(KindergartenRules.MayChangeGroups(OtherCityOperator, "almaty", Id));
        Assert.True(KindergartenRules.MayChangeGroups(Admin, "almaty", Id));
    }
}
