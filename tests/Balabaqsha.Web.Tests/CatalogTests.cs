using System.Net;
using System.Text.RegularExpressions;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Time;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Web.Components.Pages;
using Balabaqsha.Web.Components.Pages.Places;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Balabaqsha.Web.Tests;

/// <summary>The public kindergarten catalog (SPEC §7), its free places, and the operator's editing of their city's catalog.</summary>
public sealed partial class CatalogTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private IGrainFactory Grains
    {
        get
        {
            _ = portal.Server; // starts the host (and the seeding) on first use
            return portal.Services.GetRequiredService<IGrainFactory>();
        }
    }

    private int ThisYear => portal.Services.GetRequiredService<PortalClock>().AlmatyNow().Year;

    [Fact]
    public async Task Catalog_Guest_ListsTheKindergartensOfTheCityByNumber()
    {
        var almaty = await AlmatyAsync();
        using var client = portal.CreateNoRedirectClient();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog?city=almaty"));

        Assert.True(almaty.Count >= DemoCatalog.AlmatyKindergartens);
        Assert.Equal(almaty.Count, Count(page));
        Assert.Equal(almaty.Take(Catalog.PageSize).Select(k => k.Id), Values(page, "catalog-result", "data-id"));
        Assert.Contains(almaty[0].Address, page, StringComparison.Ordinal);
        Assert.Contains("href=\"/catalog/almaty-001\"", page, StringComparison.Ordinal);
        Assert.All(Values(page, "catalog-free", "data-value"), v => Assert.True(int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) >= 0));
    }

    [Fact]
    public async Task Catalog_SecondPage_ShowsTheRest()
    {
        var almaty = await AlmatyAsync();
        using var client = portal.CreateNoRedirectClient();

        var page = await client.GetStringAsync("/catalog?city=almaty&page=2");

        Assert.Equal(almaty.Skip(Catalog.PageSize).Take(Catalog.PageSize).Select(k => k.Id), Values(page, "catalog-result", "data-id"));
    }

    [Fact]
    public async Task Catalog_CityCookie_ChoosesTheCityAndTheQueryOverridesIt()
    {
        using var client = portal.CreateNoRedirectClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/catalog");
        request.Headers.Add("Cookie", "bq.city=astana");
        using var overridden = new HttpRequestMessage(HttpMethod.Get, "/catalog?city=shymkent");
        overridden.Headers.Add("Cookie", "bq.city=astana");

        var astana = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        var shymkent = await (await client.SendAsync(overridden)).Content.ReadAsStringAsync();

        Assert.NotEmpty(Values(astana, "catalog-result", "data-id"));
        Assert.All(Values(astana, "catalog-result", "data-id"), id => Assert.StartsWith("astana-", id, StringComparison.Ordinal));
        Assert.NotEmpty(Values(shymkent, "catalog-result", "data-id"));
        Assert.All(Values(shymkent, "catalog-result", "data-id"), id => Assert.StartsWith("shymkent-", id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("language=kk")]
    [InlineData("language=ru")]
    [InlineData("district=almaty-medeu")]
    [InlineData("sanatorium=on")]
    [InlineData("rehabilitation=rehab-after-tb")]
    [InlineData("q=105")]
    [InlineData("q=%D0%B1%D0%B0%D0%BB%D0%B0%D0%BF%D0%B0%D0%BD")] // "балапан": any case
    [InlineData("language=kk&district=almaty-alatau&sanatorium=on")]
    public async Task Catalog_Filter_NarrowsToTheMatchingKindergartens(string query)
    {
        var almaty = await AlmatyAsync();
        var filters = query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var expected = almaty.Where(k =>
            (!filters.TryGetValue("language", out var language) || k.Languages.Contains(language))
            && (!filters.TryGetValue("district", out var district) || k.DistrictId == district)
            && (!filters.ContainsKey("sanatorium") || k.Groups.Any(g => g.QueueType == QueueType.Sanatorium))
            && (!filters.TryGetValue("rehabilitation", out var type) || k.Groups.Any(g => g.RehabilitationTypeId == type))
            && (!filters.TryGetValue("q", out var q) || (int.TryParse(q, out var n) ? k.Number == n : k.Name.Ru.Contains(q, StringComparison.OrdinalIgnoreCase))))
            .Select(k => k.Id).ToList();
        using var client = portal.CreateNoRedirectClient();

        var page = await client.GetStringAsync($"/catalog?city=almaty&{query}");

        Assert.NotEmpty(expected);
        Assert.True(expected.Count < almaty.Count, "the filter narrows");
        Assert.Equal(expected.Count, Count(page));
        Assert.Equal(expected.Take(Catalog.PageSize), Values(page, "catalog-result", "data-id"));
    }

    [Fact]
    public async Task Catalog_FilterMatchingNothing_SaysSo()
    {
        using var client = portal.CreateNoRedirectClient();

        var page = await client.GetStringAsync("/catalog?city=almaty&q=no-such-kindergarten");

        Assert.Equal(0, Count(page));
        Assert.Contains("data-testid=\"catalog-empty\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_UnknownCity_SaysSoAndListsNothing()
    {
        using var client = portal.CreateNoRedirectClient();

        var page = await client.GetStringAsync("/catalog?city=atlantis");

        Assert.Contains("data-testid=\"form-error\"", page, StringComparison.Ordinal);
        Assert.Empty(Values(page, "catalog-result", "data-id"));
    }

    [Fact]
    public async Task FreePlaces_PublishedWhereNobodyWaits_ShowInTheCatalogAndOnTheGroupsRow()
    {
        var (profile, group, year) = await GroupWithoutWaitingApplicationsAsync("astana-002");
        var operatorActor = await ActorAsync("operator.astana");
        using var client = portal.CreateNoRedirectClient();
        var before = await client.GetStringAsync("/catalog?city=astana&free=on");

        await Grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(profile.CityId, group.QueueType, group.RehabilitationTypeId, group.Language, year))
            .PublishAsync(operatorActor, profile.Id, group.Id, 2);

        var after = await EventuallyAsync(() => client.GetStringAsync("/catalog?city=astana&free=on"), p => Values(p, "catalog-result", "data-id").Contains(profile.Id));
        var kindergartenPage = await client.GetStringAsync($"/catalog/{profile.Id}");

        Assert.DoesNotContain(profile.Id, Values(before, "catalog-result", "data-id"));
        Assert.All(Values(after, "catalog-free", "data-value"), v => Assert.True(int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.Equal("2", GroupValue(kindergartenPage, group.Id, "group-free"));
        Assert.Equal("2", GroupValue(kindergartenPage, group.Id, "group-published"));
    }

    [Fact]
    public async Task KindergartenPage_Guest_ShowsProfileGroupsAndFreePlacesOfThePools()
    {
        var profile = (await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-001")).GetAsync())!;
        var pools = (await Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync()).Where(p => p.PoolKey.StartsWith("pool:almaty:", StringComparison.Ordinal)).ToList();
        using var client = portal.CreateNoRedirectClient();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog/almaty-001"));

        Assert.Contains(profile.Name.Ru, page, StringComparison.Ordinal);
        Assert.Contains(profile.Phone, page, StringComparison.Ordinal);
        Assert.Equal(profile.Groups.Select(g => g.Id), Values(page, "group-row", "data-group"));
        Assert.Contains(profile.Groups, g => g.QueueType == QueueType.General && Published(pools, profile.Id, g.Id) > 0);
        foreach (var group in profile.Groups)
        {
            var expected = pools.Sum(p => p.FreeIn(profile.Id, group.Id));
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), GroupValue(page, group.Id, "group-free"));
        }
    }

    [Fact]
    public async Task KindergartenPage_RequestHoldsAPlace_GroupFreeDownByOne_DeclineGivesItBack()
    {
        var (parent, number, city, choice) = await ChoosingFamilyAsync();
        var profile = (await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(choice.KindergartenId)).GetAsync())!;
        var staff = await ActorAsync(DemoCatalog.StaffLogin(int.Parse(choice.KindergartenId[^3..], System.Globalization.CultureInfo.InvariantCulture)));
        var application = Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));
        using var client = portal.CreateNoRedirectClient();
        async Task<(string Page, string Listed)> ReadAsync() => (
            await client.GetStringAsync($"/catalog/{profile.Id}"),
            Values(await client.GetStringAsync($"/catalog?city={city}&q={profile.Number}"), "catalog-free", "data-value").Single());
        var before = await ReadAsync();

        await application.RequestPlaceAsync(parent, choice.KindergartenId, choice.GroupId);
        var held = await ReadAsync();
        await application.DeclineRequestAsync(staff, "Группа укомплектована");
        var declined = await ReadAsync();

        Assert.Equal(Free(before.Page, choice.GroupId) - 1, Free(held.Page, choice.GroupId));
        Assert.Equal(int.Parse(before.Listed, System.Globalization.CultureInfo.InvariantCulture) - 1, int.Parse(held.Listed, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(OtherGroups(before.Page), OtherGroups(held.Page));
        Assert.Equal((Free(before.Page, choice.GroupId), before.Listed), (Free(declined.Page, choice.GroupId), declined.Listed));

        static int Free(string page, string groupId) => int.Parse(GroupValue(page, groupId, "group-free"), System.Globalization.CultureInfo.InvariantCulture);
        List<string> OtherGroups(string page) => [.. Values(page, "group-row", "data-group").Where(g => g != choice.GroupId).Select(g => GroupValue(page, g, "group-free"))];
    }

    [Fact]
    public async Task KindergartenPage_Interactive_FollowsThePublishedPlacesLive()
    {
        var (profile, group, year) = await GroupWithoutWaitingApplicationsAsync("astana-004");
        var operatorActor = await ActorAsync("operator.astana");
        await using var context = EditorContext(null);
        var page = context.Render<KindergartenPage>(p => p.Add(c => c.Id, profile.Id));
        page.WaitForAssertion(() => Assert.Equal("0", page.Find($"tr[data-group={group.Id}] [data-testid=group-free]").GetAttribute("data-value")));

        await Grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(profile.CityId, group.QueueType, group.RehabilitationTypeId, group.Language, year))
            .PublishAsync(operatorActor, profile.Id, group.Id, 3);

        page.WaitForAssertion(
            () => Assert.Equal("3", page.Find($"tr[data-group={group.Id}] [data-testid=group-free]").GetAttribute("data-value")),
            TimeSpan.FromSeconds(15));
        Assert.NotEmpty(page.FindAll("[data-testid=kindergarten-live]"));
    }

    [Fact]
    public async Task KindergartenPage_UnknownId_IsTheNotFoundPage()
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync("/catalog/almaty-999");
        using var garbage = await client.GetAsync("/catalog/%3Cscript%3E");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
    }

    [Fact]
    public async Task StaffKeepTheirOwnGroups_NotAnotherKindergartensAndAddNone()
    {
        var staff = await ActorAsync("staff.5");
        var own = await KindergartenCatalogEditing.GetAsync(Grains, staff, "almaty-005");
        var draft = KindergartenDraft.From(own);
        draft.Groups[0].Name = "Күншуақ";

        var saved = await KindergartenCatalogEditing.SaveAsync(Grains, staff, draft);
        var other = await Assert.ThrowsAsync<Domain.DomainException>(() => KindergartenCatalogEditing.GetAsync(Grains, staff, "almaty-006"));
        var added = await Assert.ThrowsAsync<Domain.DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, staff, new KindergartenDraft { Kazakh = true }));

        Assert.Equal("Күншуақ", saved.Groups[0].Name);
        Assert.Single(await KindergartenCatalogEditing.ListAsync(Grains, staff));
        Assert.Equal(("Error.Access.Denied", "Error.Access.Denied"), (other.MessageKey, added.MessageKey));
    }

    [Fact]
    public async Task SaveAsync_OperatorOfTheCity_ChangesThePhoneAndTheCatalogShowsIt()
    {
        var operatorActor = await ActorAsync("operator.almaty");
        var before = await KindergartenCatalogEditing.GetAsync(Grains, operatorActor, "almaty-004");
        var draft = KindergartenDraft.From(before);
        draft.Phone = "+7 (727) 399-00-44";

        var saved = await KindergartenCatalogEditing.SaveAsync(Grains, operatorActor, draft);

        using var client = portal.CreateNoRedirectClient();
        var catalog = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog?city=almaty&q=104"));
        Assert.Equal(before.Groups, saved.Groups);
        Assert.Equal("+7 (727) 399-00-44", (await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-004")).GetAsync())!.Phone);
        Assert.Equal(["almaty-004"], Values(catalog, "catalog-result", "data-id"));
        Assert.Contains("+7 (727) 399-00-44", catalog, StringComparison.Ordinal);
        Assert.Contains("tel:+77273990044", catalog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_NewKindergarten_IsListedInTheOperatorsCityWhateverTheDraftSays()
    {
        var operatorActor = await ActorAsync("operator.shymkent");
        var draft = new KindergartenDraft
        {
            Number = "777",
            NameKk = "№777 «Жаңа» балабақшасы",
            NameRu = "Детский сад №777 «Жана»",
            NameEn = "Kindergarten No. 777",
            DistrictId = "shymkent-turan",
            Address = "ул. Новая, 1",
            Phone = "+7 (7252) 55-66-77",
            Ownership = nameof(Ownership.Private),
            Russian = true,
            Groups = [new GroupDraft { Name = "Младшая", MinAge = "2", MaxAge = "3", Language = "ru", QueueType = nameof(QueueType.General), Capacity = "20" }],
        };

        var saved = await KindergartenCatalogEditing.SaveAsync(Grains, operatorActor, draft);

        Assert.Equal("shymkent", saved.CityId);
        Assert.StartsWith("shymkent-", saved.Id, StringComparison.Ordinal);
        Assert.Equal(["ru"], saved.Languages);
        Assert.Equal("g-1", Assert.Single(saved.Groups).Id);
        Assert.Contains(await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens("shymkent")).GetAllAsync(), k => k.Id == saved.Id);
        var taken = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, operatorActor, draft));
        Assert.Equal("Error.CatalogEditor.NumberTaken", taken.MessageKey);
    }

    [Fact]
    public async Task SaveAsync_OperatorOfAnotherCity_IsRefusedAndChangesNothing()
    {
        var almatyOperator = await ActorAsync("operator.almaty");
        var astanaOperator = await ActorAsync("operator.astana");
        var before = await KindergartenCatalogEditing.GetAsync(Grains, almatyOperator, "almaty-001");
        var draft = KindergartenDraft.From(before);
        draft.Phone = "+7 (700) 000-00-00";
        draft.DistrictId = "astana-yesil";

        var refused = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, astanaOperator, draft));
        var refusedRead = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.GetAsync(Grains, astanaOperator, "almaty-001"));

        Assert.Equal("Error.Access.Denied", refused.MessageKey);
        Assert.Equal("Error.Access.Denied", refusedRead.MessageKey);
        Assert.Equivalent(before, await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-001")).GetAsync(), strict: true);
    }

    [Fact]
    public async Task SaveAsync_StaffOfAnotherKindergarten_IsRefused()
    {
        var staff = await ActorAsync("staff.2");
        var draft = KindergartenDraft.From((await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-001")).GetAsync())!);

        var refused = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, staff, draft));

        Assert.Equal("Error.Access.Denied", refused.MessageKey);
    }

    [Theory]
    [InlineData("capacity:0", "Error.CatalogEditor.GroupCapacityInvalid")]
    [InlineData("capacity:101", "Error.CatalogEditor.GroupCapacityInvalid")]
    [InlineData("max:8", "Error.CatalogEditor.GroupAgesInvalid")]
    [InlineData("min:4", "Error.CatalogEditor.GroupAgesInvalid")]
    [InlineData("group-name:", "Error.CatalogEditor.GroupNameRequired")]
    [InlineData("group-language:en", "Error.CatalogEditor.GroupLanguageInvalid")]
    [InlineData("sanatorium:", "Error.CatalogEditor.GroupRehabilitationRequired")]
    [InlineData("name-kk: ", "Error.CatalogEditor.NameRequired")]
    [InlineData("district:astana-yesil", "Error.CatalogEditor.DistrictRequired")]
    [InlineData("address:", "Error.CatalogEditor.AddressRequired")]
    [InlineData("phone:12-34", "Error.CatalogEditor.PhoneInvalid")]
    [InlineData("number:abc", "Error.CatalogEditor.NumberInvalid")]
    [InlineData("number:102", "Error.CatalogEditor.NumberTaken")]
    [InlineData("languages:", "Error.CatalogEditor.LanguageRequired")]
    public async Task SaveAsync_InvalidDraft_IsRefusedWithItsKeyAndChangesNothing(string change, string expectedKey)
    {
        var operatorActor = await ActorAsync("operator.almaty");
        var before = await KindergartenCatalogEditing.GetAsync(Grains, operatorActor, "almaty-007");
        var draft = KindergartenDraft.From(before);
        draft.Phone = "+7 (727) 311-11-11";
        var (field, value) = (change.Split(':')[0], change.Split(':')[1]);
        var group = draft.Groups[^1];
        switch (field)
        {
            case "capacity": group.Capacity = value; break;
            case "max": group.MaxAge = value; break;
            case "min": group.MinAge = value; group.MaxAge = "3"; break;
            case "group-name": group.Name = value; break;
            case "group-language": group.Language = value; break;
            case "sanatorium": group.QueueType = nameof(QueueType.Sanatorium); group.RehabilitationTypeId = null; break;
            case "name-kk": draft.NameKk = value; break;
            case "district": draft.DistrictId = value; break;
            case "address": draft.Address = value; break;
            case "phone": draft.Phone = value; break;
            case "number": draft.Number = value; break;
            case "languages": draft.Kazakh = false; draft.Russian = false; break;
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, operatorActor, draft));

        Assert.Equal(expectedKey, refused.MessageKey);
        Assert.Equivalent(before, await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-007")).GetAsync(), strict: true);
    }

    [Fact]
    public async Task SaveAsync_GroupWithPublishedPlaces_CannotBeRemovedNorShrunkBelowThem()
    {
        var (profile, group, year) = await GroupWithoutWaitingApplicationsAsync("astana-003");
        var operatorActor = await ActorAsync("operator.astana");
        await Grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(profile.CityId, group.QueueType, group.RehabilitationTypeId, group.Language, year))
            .PublishAsync(operatorActor, profile.Id, group.Id, 3);
        await EventuallyAsync(
            () => Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync(),
            pools => Published(pools, profile.Id, group.Id) == 3);
        var removed = KindergartenDraft.From(profile);
        removed.Groups.RemoveAll(g => g.Id == group.Id);
        var shrunk = KindergartenDraft.From(profile);
        shrunk.Groups.Single(g => g.Id == group.Id).Capacity = "2";
        var older = KindergartenDraft.From(profile);
        older.Groups.Single(g => g.Id == group.Id).MaxAge = (group.MaxAgeYears + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var removing = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, operatorActor, removed));
        var shrinking = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, operatorActor, shrunk));
        var moving = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, operatorActor, older));

        Assert.Equal("Error.CatalogEditor.GroupHasPlaces", removing.MessageKey);
        Assert.Equal("Error.CatalogEditor.CapacityBelowPublished", shrinking.MessageKey);
        Assert.Equal("Error.CatalogEditor.GroupHasPlaces", moving.MessageKey);
        Assert.Equivalent(profile, await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(profile.Id)).GetAsync(), strict: true);
    }

    [Fact]
    public async Task EditorPage_OperatorOfAnotherCity_SeesAccessDeniedAndNoForm()
    {
        var (astana, _) = await portal.SignedInClientAsync("operator.astana");
        var (almaty, _) = await portal.SignedInClientAsync("operator.almaty");

        var refused = await astana.GetStringAsync("/operator/catalog?kindergarten=almaty-001");
        var own = await almaty.GetStringAsync("/operator/catalog?kindergarten=almaty-001");

        Assert.Contains("data-testid=\"form-error\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"editor-form-card\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("data-id=\"almaty-001\"", refused, StringComparison.Ordinal);
        Assert.All(Values(refused, "editor-row", "data-id"), id => Assert.StartsWith("astana-", id, StringComparison.Ordinal));
        Assert.Equal(["almaty-001"], Values(own, "editor-form-card", "data-id"));
        Assert.Equal((await AlmatyAsync()).Select(k => k.Id), Values(own, "editor-row", "data-id"));
    }

    [Fact]
    public async Task EditorPage_OperatorEditsThePhoneAndAGroup_SavesThroughTheForm()
    {
        var operatorActor = await ActorAsync("operator.almaty");
        await using var context = EditorContext(operatorActor);
        context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/operator/catalog?kindergarten=almaty-005");
        var page = context.Render<OperatorCatalogEditor>();
        page.WaitForElement("#editor-phone");

        page.Find("#editor-phone").Input("+7 (727) 355-55-55");
        var capacity = page.FindAll("input[id$='-capacity']")[0];
        capacity.Input("0");
        page.Find("form[data-testid=editor-form]").Submit();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=form-error]")));
        var unchanged = (await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-005")).GetAsync())!;

        page.FindAll("input[id$='-capacity']")[0].Input("24");
        page.Find("form[data-testid=editor-form]").Submit();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=form-success]")), TimeSpan.FromSeconds(10));
        var saved = (await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-005")).GetAsync())!;

        Assert.NotEqual("+7 (727) 355-55-55", unchanged.Phone);
        Assert.Equal("+7 (727) 355-55-55", saved.Phone);
        Assert.Equal(24, saved.Groups[0].Capacity);
        Assert.Equal(unchanged.Groups.Skip(1), saved.Groups.Skip(1));
        Assert.Contains("+7 (727) 355-55-55", page.Find("tr[data-id=almaty-005]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditorPage_NewKindergartenWithAGroup_IsAddedToTheOperatorsCity()
    {
        var operatorActor = await ActorAsync("operator.shymkent");
        await using var context = EditorContext(operatorActor);
        context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/operator/catalog?kindergarten=new");
        var page = context.Render<OperatorCatalogEditor>();
        page.WaitForElement("#editor-number");

        page.Find("#editor-number").Input("901");
        page.Find("#editor-name-kk").Input("№901 балабақша");
        page.Find("#editor-name-ru").Input("Детский сад №901");
        page.Find("#editor-name-en").Input("Kindergarten No. 901");
        page.Find("#editor-district").Change("shymkent-abay");
        page.Find("#editor-address").Input("пр. Тауке хана, 5");
        page.Find("#editor-phone").Input("+7 (7252) 90-10-01");
        page.Find("[data-testid=editor-add-group]").Click();
        page.WaitForElement("input[id$='-name'][id^='editor-row-']").Input("Средняя");
        page.Find("select[id$='-queue']").Change(nameof(QueueType.Sanatorium));
        page.Find("select[id$='-rehabilitation']").Change("rehab-tb-contact");
        page.Find("form[data-testid=editor-form]").Submit();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=form-success]")), TimeSpan.FromSeconds(10));

        var added = Assert.Single(await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens("shymkent")).GetAllAsync(), k => k.Number == 901);
        var group = Assert.Single(added.Groups);
        Assert.Equal(("Средняя", QueueType.Sanatorium, "rehab-tb-contact", "kk", 2, 3, 20), (group.Name, group.QueueType, group.RehabilitationTypeId, group.Language, group.MinAgeYears, group.MaxAgeYears, group.Capacity));
        Assert.Equal("shymkent-abay", added.DistrictId);
        Assert.Equal(["kk", "ru"], added.Languages);
    }

    [Fact]
    public async Task Cabinet_Operator_LinksTheCatalogEditor()
    {
        var (client, _) = await portal.SignedInClientAsync("operator.shymkent");

        var cabinet = await client.GetStringAsync("/cabinet");

        Assert.Contains("href=\"/operator/catalog\"", cabinet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffGroupsPage_NoAddButton_EditLinkStaysOnTheStaffPage()
    {
        var (client, _) = await portal.SignedInClientAsync("staff.5");

        var page = await client.GetStringAsync(StaffGroupsEditor.StaffPath);

        Assert.Equal(["almaty-005"], Values(page, "editor-row", "data-id"));
        Assert.DoesNotContain("data-testid=\"editor-add\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/kindergarten/groups?kindergarten=almaty-005\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_StaffChangeTheAddress_RefusedAsGroupsOnlyAndChangesNothing()
    {
        var staff = await ActorAsync("staff.8");
        var before = await KindergartenCatalogEditing.GetAsync(Grains, staff, "almaty-008");
        var draft = KindergartenDraft.From(before);
        draft.Address = "ул. Другая, 1";
        draft.Groups[0].Capacity = (before.Groups[0].Capacity + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var refused = await Assert.ThrowsAsync<DomainException>(() => KindergartenCatalogEditing.SaveAsync(Grains, staff, draft));

        Assert.Equal("Error.CatalogEditor.StaffGroupsOnly", refused.MessageKey);
        Assert.Equivalent(before, await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("almaty-008")).GetAsync(), strict: true);
    }

    /// <summary>A bUnit context rendering interactively (as the given operator, if any), on the portal's grains and resources.</summary>
    private Bunit.BunitContext EditorContext(Domain.Applications.Actor? actor)
    {
        var context = new Bunit.BunitContext();
        context.JSInterop.Mode = Bunit.JSRuntimeMode.Loose;
        context.Services.AddSingleton(Grains);
        context.Services.AddSingleton(portal.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>());
        context.Services.AddHttpContextAccessor();
        context.Services.AddScoped<Services.PortalPreferences>();
        context.Services.AddLogging();
        context.Services.AddFluentUIComponents();
        context.Services.AddSingleton(portal.Services.GetRequiredService<Services.LiveStatistics>());
        var authorization = context.AddAuthorization();
        if (actor is null)
        {
            context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
            return context;
        }


        authorization.SetAuthorized(actor.FullName);
        authorization.SetRoles(actor.Role.ToString());
        authorization.SetClaims(
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, actor.Iin),
            new System.Security.Claims.Claim(Endpoints.AccountEndpoints.CityClaim, actor.CityId!));
        context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return context;
    }

    private async Task<IReadOnlyList<KindergartenProfile>> AlmatyAsync() =>
        [.. (await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens("almaty")).GetAllAsync()).OrderBy(k => k.Number)];

    /// <summary>A general group of a kindergarten and a birth year it takes for which nobody waits, so published places stay free.</summary>
    private async Task<(KindergartenProfile Profile, KindergartenGroup Group, int BirthYear)> GroupWithoutWaitingApplicationsAsync(string kindergartenId)
    {
        var profile = (await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync())!;
        var queue = Grains.GetGrain<IQueueGrain>(QueueKeys.For(profile.CityId, QueueType.General, null));
        foreach (var group in profile.Groups.Where(g => g.QueueType == QueueType.General).OrderByDescending(g => g.MaxAgeYears))
        {
            for (var year = ThisYear - group.MaxAgeYears; year <= ThisYear - group.MinAgeYears; year++)
            {
                if ((await queue.FindEligibleAsync(year, group.Language, [], 1)).Count == 0)
                {
                    return (profile, group, year);
                }
            }
        }

        throw new InvalidOperationException($"Every birth year of {kindergartenId} has someone waiting.");
    }

    /// <summary>A demo family that said «Да» to its voucher and may choose, with a group its pool offers.</summary>
    private async Task<(Domain.Applications.Actor Parent, string Number, string CityId, PlaceChoice Choice)> ChoosingFamilyAsync()
    {
        foreach (var login in portal.Services.GetRequiredService<DemoSeeder>().ParentLogins)
        {
            var parent = await ActorAsync(login);
            var choosing = (await Grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parent.Iin)).GetApplicationsAsync(parent))
                .FirstOrDefault(a => a.Status == ApplicationStatus.ChoosingKindergarten);
            if (choosing is not null
                && (await Grains.GetGrain<IVoucherPoolGrain>(choosing.Voucher!.PoolKey).GetChoicesAsync()).FirstOrDefault() is { } choice)
            {
                return (parent, choosing.Number, choosing.CityId, choice);
            }
        }

        throw new InvalidOperationException("No demo family chooses a kindergarten after demo seeding.");
    }

    private async Task<Domain.Applications.Actor> ActorAsync(string login)
    {
        var outcome = await Grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, login, DemoSeeder.DemoPassword);
        var account = outcome.Account!;
        return new Domain.Applications.Actor(account.Iin, account.Role, account.FullName, account.CityId, account.KindergartenId);
    }

    private static int Published(IEnumerable<PoolView> pools, string kindergartenId, string groupId) =>
        pools.SelectMany(p => p.Publications).Where(p => p.KindergartenId == kindergartenId && p.GroupId == groupId).Sum(p => p.Places);

    private static int Count(string page) =>
        int.Parse(Values(page, "catalog-count", "data-value").Single(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The values of an attribute of every element with a test id, in document order.</summary>
    private static List<string> Values(string page, string testId, string attribute) =>
    [
        .. Tag().Matches(page)
            .Select(m => m.Value)
            .Where(tag => tag.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal))
            .Select(tag => Regex.Match(tag, $"\\s{Regex.Escape(attribute)}=\"([^\"]*)\"").Groups[1].Value),
    ];

    /// <summary>The data-value of a cell (by test id) in the row of one group.</summary>
    private static string GroupValue(string page, string groupId, string testId)
    {
        var start = page.IndexOf($"data-group=\"{groupId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row of {groupId}");
        var end = page.IndexOf("</tr>", start, StringComparison.Ordinal);
        return Values(page[start..end], testId, "data-value").Single();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex("<[a-zA-Z][^>]*>")]
    private static partial Regex Tag();
}
