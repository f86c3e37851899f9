using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Tests.Infrastructure;

namespace Balabaqsha.Grains.Tests.Catalog;

/// <summary>
/// The kindergarten grain decides who may change a kindergarten (SPEC §1, §7) whoever calls it: the web's checks
/// are not the only door. Each test has a city of its own.
/// </summary>
[Collection(PortalClusterCollection.Name)]
public sealed class KindergartenGrainTests(PortalClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private sealed record Locality(string CityId, KindergartenProfile Kindergarten, Actor Operator, Actor Staff);

    [Fact]
    public async Task Save_OutsiderCallingTheGrainDirectly_RefusedAndNothingChanges()
    {
        var place = await NewLocalityAsync();
        var other = await NewLocalityAsync();
        var changed = place.Kindergarten with
        {
            Phone = "+7 (700) 000-00-00",
            Groups = [place.Kindergarten.Groups[0] with { Capacity = 10 }],
        };
        var outsiders = new[]
        {
            other.Operator,
            other.Staff,
            place.Staff with { KindergartenId = place.CityId + "-002" },
            new Actor("850505400022", Role.Parent, "Родитель", null, null),
            new Actor(place.Staff.Iin, Role.Parent, "Тот же человек как родитель", null, null),
            new Actor("800101300033", Role.Doctor, "Врач", place.CityId, null),
        };

        foreach (var outsider in outsiders)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => Grain(place.Kindergarten.Id).SaveAsync(outsider, changed));
            Assert.Equal("Error.Access.Denied", refused.MessageKey);
        }

        var addedElsewhere = await Assert.ThrowsAsync<DomainException>(() => Grain(place.CityId + "-009").SaveAsync(other.Operator, changed with { Id = place.CityId + "-009", Number = 9 }));
        Assert.Equal("Error.Access.Denied", addedElsewhere.MessageKey);
        Assert.Equivalent(place.Kindergarten, await Grain(place.Kindergarten.Id).GetAsync(), strict: true);
        Assert.Equivalent(new[] { place.Kindergarten }, await CityList(place.CityId), strict: true);
        Assert.Null(await Grain(place.CityId + "-009").GetAsync());
    }

    [Fact]
    public async Task CitiesAndCatalogs_AnyoneButTheAdministrator_RefusedAndNothingChanges()
    {
        var place = await NewLocalityAsync();
        var cities = Client.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities);
        var lists = Client.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs);
        var id = "list-" + Guid.NewGuid().ToString("N")[..8];
        var entry = new CatalogEntry(id, new LocalizedText("x", "x", "x"), 900, Active: false);
        var city = new City(id, new LocalizedText("x", "x", "x"), []);

        foreach (var outsider in new[] { place.Operator, place.Staff, new Actor("850505400022", Role.Parent, "Родитель", null, null), new Actor("800101300033", Role.Doctor, "Врач", place.CityId, null) })
        {
            Assert.Equal("Error.Access.Denied", (await Assert.ThrowsAsync<DomainException>(() => cities.UpsertAsync(outsider, city))).MessageKey);
            Assert.Equal("Error.Access.Denied", (await Assert.ThrowsAsync<DomainException>(() => lists.UpsertRehabilitationTypeAsync(outsider, entry))).MessageKey);
            Assert.Equal("Error.Access.Denied", (await Assert.ThrowsAsync<DomainException>(() => lists.UpsertPriorityCategoryAsync(outsider, entry))).MessageKey);
        }

        Assert.DoesNotContain(await cities.GetAllAsync(), c => c.Id == id);
        Assert.DoesNotContain(await lists.GetRehabilitationTypesAsync(), e => e.Id == id);
        Assert.DoesNotContain(await lists.GetPriorityCategoriesAsync(), e => e.Id == id);

        var admin = new Actor("700101300044", Role.Administrator, "Администратор", null, null);
        await lists.UpsertRehabilitationTypeAsync(admin, entry);
        Assert.Contains(await lists.GetRehabilitationTypesAsync(), e => e.Id == id);
    }

    [Fact]
    public async Task Save_Staff_ChangeTheirGroupsButNotTheDetails()
    {
        var place = await NewLocalityAsync();
        var renamed = place.Kindergarten with { Address = "ул. Другая, 2" };
        var regrouped = place.Kindergarten with
        {
            Groups = [place.Kindergarten.Groups[0] with { Name = "Күншуақ" }, place.Kindergarten.Groups[0] with { Id = string.Empty, Name = "Новая", MinAgeYears = 5 }],
        };

        var refused = await Assert.ThrowsAsync<DomainException>(() => Grain(place.Kindergarten.Id).SaveAsync(place.Staff, renamed));
        var unchanged = await Grain(place.Kindergarten.Id).GetAsync();
        var saved = await Grain(place.Kindergarten.Id).SaveAsync(place.Staff, regrouped);

        Assert.Equal("Error.CatalogEditor.StaffGroupsOnly", refused.MessageKey);
        Assert.Equivalent(place.Kindergarten, unchanged, strict: true);
        Assert.Equal([("g1", "Күншуақ"), ("g-1", "Новая")], saved.Groups.Select(g => (g.Id, g.Name)));
        Assert.Equivalent(saved, await Grain(place.Kindergarten.Id).GetAsync(), strict: true);
        Assert.Equivalent(new[] { saved }, await CityList(place.CityId), strict: true);
    }

    [Fact]
    public async Task Save_Operator_AddsAKindergartenOfTheirCityAndItsRulesHold()
    {
        var place = await NewLocalityAsync();
        var id = place.CityId + "-002";
        var added = place.Kindergarten with { Id = id, Number = 2, Groups = [place.Kindergarten.Groups[0] with { Id = string.Empty }] };

        var takenNumber = await Assert.ThrowsAsync<DomainException>(() => Grain(id).SaveAsync(place.Operator, added with { Number = 1 }));
        var badDistrict = await Assert.ThrowsAsync<DomainException>(() => Grain(id).SaveAsync(place.Operator, added with { DistrictId = "elsewhere" }));
        var saved = await Grain(id).SaveAsync(place.Operator, added);

        Assert.Equal(("Error.CatalogEditor.NumberTaken", "Error.CatalogEditor.DistrictRequired"), (takenNumber.MessageKey, badDistrict.MessageKey));
        Assert.Equal("g-1", Assert.Single(saved.Groups).Id);
        Assert.Equal([1, 2], (await CityList(place.CityId)).Select(k => k.Number));
    }

    [Fact]
    public async Task Save_GroupWithPublishedPlaces_CapacityNotBelowThem()
    {
        var place = await NewLocalityAsync();
        var group = place.Kindergarten.Groups[0];
        var birthYear = fixture.Time.GetCurrentInstant().InZone(PortalClock.Almaty).Year - 3;
        await Client.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(place.CityId, QueueType.General, null, "ru", birthYear))
            .PublishAsync(place.Staff, place.Kindergarten.Id, group.Id, 4);

        var shrunk = await Assert.ThrowsAsync<DomainException>(() =>
            Grain(place.Kindergarten.Id).SaveAsync(place.Operator, place.Kindergarten with { Groups = [group with { Capacity = 3 }] }));
        var kept = await Grain(place.Kindergarten.Id).SaveAsync(place.Operator, place.Kindergarten with { Groups = [group with { Capacity = 4 }] });

        Assert.Equal("Error.CatalogEditor.CapacityBelowPublished", shrunk.MessageKey);
        Assert.Equal(4, kept.Groups[0].Capacity);
    }

    private IKindergartenGrain Grain(string id) => Client.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(id));

    private Task<IReadOnlyList<KindergartenProfile>> CityList(string cityId) =>
        Client.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(cityId)).GetAllAsync();

    private async Task<Locality> NewLocalityAsync()
    {
        var city = "k" + Guid.NewGuid().ToString("N")[..8];
        await Client.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(
            Actor.System, new City(city, new LocalizedText(city, city, city), [new District("d1", new LocalizedText("d1", "d1", "d1"))]));
        var kindergarten = await Grain(city + "-001").SaveAsync(Actor.System, new KindergartenProfile(
            city + "-001", 1, new LocalizedText("Бала", "Бала", "Bala"), city, "d1", "ул. Тестовая, 1", Ownership.State, ["ru"], "+77270000000",
            [new KindergartenGroup("g1", "Группа 1", 1, 7, "ru", QueueType.General, null, 20)]));
        return new Locality(
            city,
            kindergarten,
            new Actor("operator-" + city, Role.Operator, "Оператор", city, null),
            new Actor("staff-" + city, Role.KindergartenStaff, "Сотрудник ДО", city, city + "-001"));
    }
}
