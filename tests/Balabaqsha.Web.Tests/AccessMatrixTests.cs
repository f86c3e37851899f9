using System.Net;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>Every page of the signed-in portal against every role: role and scope are checked at each door.</summary>
public sealed class AccessMatrixTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PortalFactory, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<HttpClient>>>> SignedInClients = new();

    public static TheoryData<string, string, bool> Doors()
    {
        var data = new TheoryData<string, string, bool>();
        var pages = new Dictionary<string, string[]>
        {
            ["/children"] = ["parent.1"],
            ["/applications"] = ["parent.1"],
            ["/applications/new"] = ["parent.1"],
            ["/notifications"] = ["parent.1"],
            ["/doctor"] = ["doctor.almaty", "doctor.astana"],
            ["/operator"] = ["operator.almaty"],
            ["/admin/catalogs"] = ["admin"],
            ["/kindergarten/places"] = ["staff.1"],
            ["/kindergarten/requests"] = ["staff.1"],
            ["/operator/places"] = ["operator.almaty"],
            ["/admin/calendar"] = ["admin"],
            ["/operator/catalog"] = ["operator.almaty"],
            ["/kindergarten/groups"] = ["staff.1"],
            ["/operator/overdue"] = ["operator.almaty"],
        };
        var logins = new[] { "parent.1", "doctor.almaty", "doctor.astana", "operator.almaty", "admin", "staff.1" };
        foreach (var (page, allowed) in pages)
        {
            foreach (var login in logins)
            {
                data.Add(page, login, allowed.Contains(login));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task Page_Role_AllowedOnlyForItsRole(string page, string login, bool allowed)
    {
        var client = await SignedInAsync(login);

        using var response = await client.GetAsync(page);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!;
            Assert.Equal("/forbidden", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
        }
    }

    [Theory]
    [InlineData("/children")]
    [InlineData("/applications/ALM-000001")]
    [InlineData("/doctor")]
    [InlineData("/operator")]
    [InlineData("/admin/catalogs")]
    [InlineData("/kindergarten/places")]
    [InlineData("/kindergarten/requests")]
    [InlineData("/operator/places")]
    [InlineData("/admin/calendar")]
    [InlineData("/operator/catalog")]
    [InlineData("/kindergarten/groups")]
    [InlineData("/operator/overdue")]
    [InlineData("/notifications")]
    public async Task Page_Guest_RedirectedToLogin(string page)
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplicationCard_AnotherParentsNumber_ShowsNothingOfIt()
    {
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var owner = await grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, "parent.2", DemoSeeder.DemoPassword);
        var applications = await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(owner.Account!.Iin)).GetApplicationsAsync(AsParent(owner.Account));
        var theirs = applications.First();
        var stranger = await SignedInAsync("parent.1");
        var doctorOfAnotherCity = await SignedInAsync("doctor.astana");

        var asStranger = await stranger.GetStringAsync($"/applications/{theirs.Number}");
        var asDoctor = await doctorOfAnotherCity.GetStringAsync($"/applications/{theirs.Number}");

        Assert.DoesNotContain(theirs.ChildName, asStranger, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.ChildName, asDoctor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplicationCard_Owner_SeesTheChild()
    {
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var owner = await grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, "parent.3", DemoSeeder.DemoPassword);
        var theirs = (await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(owner.Account!.Iin)).GetApplicationsAsync(AsParent(owner.Account))).First();
        var client = await SignedInAsync("parent.3");

        var page = await client.GetStringAsync($"/applications/{theirs.Number}");

        Assert.Contains(System.Net.WebUtility.HtmlEncode(theirs.Number), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorInbox_OtherCitysApplications_NotListed()
    {
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var almaty = await grains.GetGrain<IReviewInboxGrain>(ApplicationKeys.DoctorInbox("almaty")).GetAsync();
        var client = await SignedInAsync("doctor.astana");

        var page = await client.GetStringAsync("/doctor");

        Assert.NotEmpty(almaty);
        Assert.All(almaty, item => Assert.DoesNotContain(item.Number, page, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookup_AnotherFamilysNumber_ShowsThePlaceButNoPersonalData()
    {
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var owner = await grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, "parent.2", DemoSeeder.DemoPassword);
        var waiting = (await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(owner.Account!.Iin)).GetApplicationsAsync(AsParent(owner.Account)))
            .First(a => a.Status == ApplicationStatus.InQueue);
        using var guest = portal.CreateNoRedirectClient();

        var page = await guest.GetStringAsync($"/lookup?number={waiting.Number}");

        Assert.Contains($"data-place=\"{waiting.Place!.Place}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(waiting.ChildName, page, StringComparison.Ordinal);
        Assert.DoesNotContain(waiting.ChildIin, page, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Account.FullName, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaceHistory_OnlyForWhomMaySeeTheCard()
    {
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var owner = await grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, "parent.2", DemoSeeder.DemoPassword);
        var stranger = await grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, "parent.1", DemoSeeder.DemoPassword);
        var waiting = (await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(owner.Account!.Iin)).GetApplicationsAsync(AsParent(owner.Account)))
            .First(a => a.Status == ApplicationStatus.InQueue);
        var application = grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(waiting.Number));

        var history = await application.GetPlaceHistoryAsync(AsParent(owner.Account), 10);
        var refused = await Assert.ThrowsAsync<Domain.DomainException>(() => application.GetPlaceHistoryAsync(AsParent(stranger.Account!), 10));

        Assert.NotEmpty(history);
        Assert.Equal("Error.Access.Denied", refused.MessageKey);
    }

    private static Actor AsParent(AccountView account) => new(account.Iin, Role.Parent, account.FullName, null, null);

    // One sign-in per login for the whole class, its client shared (not disposed by a test): the sign-in door
    // admits 60 a minute from one address, fewer than the matrix's cells.
    private Task<HttpClient> SignedInAsync(string login) =>
        SignedInClients.GetOrCreateValue(portal)
            .GetOrAdd(login, l => new Lazy<Task<HttpClient>>(async () => (await portal.SignedInClientAsync(l)).Client))
            .Value;
}
