using Balabaqsha.Domain.Applications;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Silo.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>The embedded default's first start: what a person who runs the portal finds in it.</summary>
public sealed class DemoDataTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private IGrainFactory Grains
    {
        get
        {
            _ = portal.Server; // starts the host (and the seeding) on first use
            return portal.Services.GetRequiredService<IGrainFactory>();
        }
    }

    [Fact]
    public async Task Cities_Seeded_AlmatyHasItsEightDistricts()
    {
        var cities = await Grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();

        Assert.Equal(["almaty", "astana", "shymkent"], cities.Select(c => c.Id));
        Assert.Equal(8, cities[0].Districts.Count);
        Assert.Equal("Алматы қ.", cities[0].Name.Kk);
    }

    [Fact]
    public async Task Kindergartens_Seeded_AtLeastFortyInAlmatyWithGeneralAndSanatoriumGroups()
    {
        var kindergartens = await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens("almaty")).GetAllAsync();

        Assert.True(kindergartens.Count >= 40);
        var groups = kindergartens.SelectMany(k => k.Groups).ToList();
        Assert.Contains(groups, g => g.QueueType == QueueType.General && g.Language == "kk");
        Assert.Contains(groups, g => g.QueueType == QueueType.General && g.Language == "ru");
        Assert.All(groups.Where(g => g.QueueType == QueueType.Sanatorium), g => Assert.NotNull(g.RehabilitationTypeId));
        Assert.True(groups.Count(g => g.QueueType == QueueType.Sanatorium) >= 10);
        Assert.Equal(8, kindergartens.Select(k => k.DistrictId).Distinct().Count());
    }

    [Fact]
    public async Task Catalogs_Seeded_RehabilitationTypesAndPriorityCategories()
    {
        var lists = Grains.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs);

        Assert.NotEmpty(await lists.GetRehabilitationTypesAsync());
        Assert.Equal(1, (await lists.GetPriorityCategoriesAsync())[0].Rank);
    }

    [Theory]
    [InlineData("admin", Role.Administrator, null, null)]
    [InlineData("doctor.almaty", Role.Doctor, "almaty", null)]
    [InlineData("operator.almaty", Role.Operator, "almaty", null)]
    [InlineData("staff.1", Role.KindergartenStaff, "almaty", "almaty-001")]
    [InlineData("staff.42", Role.KindergartenStaff, "almaty", "almaty-042")]
    [InlineData("parent.1", Role.Parent, null, null)]
    public async Task DemoAccount_DemoPassword_SignsInWithRoleAndScope(string login, Role role, string? city, string? kindergarten)
    {
        var outcome = await Grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, login, DemoSeeder.DemoPassword);

        Assert.True(outcome.Succeeded, outcome.MessageKey);
        Assert.Equal(role, outcome.Account!.Role);
        Assert.Equal(city, outcome.Account.CityId);
        Assert.Equal(kindergarten, outcome.Account.KindergartenId);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Account.FullName));
    }

    [Fact]
    public async Task DemoApplications_QueuesAndInboxesLookReal()
    {
        var general = await Grains.GetGrain<IQueueGrain>(QueueKeys.For("almaty", QueueType.General, null)).CountAsync();
        var doctorInbox = await Grains.GetGrain<IReviewInboxGrain>(ApplicationKeys.DoctorInbox("almaty")).GetAsync();
        var operatorInbox = await Grains.GetGrain<IReviewInboxGrain>(ApplicationKeys.OperatorInbox("almaty")).GetAsync();
        var sanatorium = 0;
        foreach (var rehabilitation in DemoCatalog.RehabilitationTypes)
        {
            sanatorium += await Grains.GetGrain<IQueueGrain>(QueueKeys.For("almaty", QueueType.Sanatorium, rehabilitation.Id)).CountAsync();
        }

        Assert.True(general >= 40, $"general queue: {general}");
        Assert.True(sanatorium >= 5, $"sanatorium queues: {sanatorium}");
        Assert.NotEmpty(doctorInbox);
        Assert.NotEmpty(operatorInbox);
    }

    [Fact]
    public async Task DemoQueues_HaveMoved_SoCardsExplainPlaceChanges()
    {
        var reasons = new HashSet<Domain.Queues.QueueChangeReason>();
        foreach (var login in new[] { "parent.10", "parent.12", "parent.14" })
        {
            var account = (await Grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, login, DemoSeeder.DemoPassword)).Account!;
            var actor = new Actor(account.Iin, Role.Parent, account.FullName, null, null);
            foreach (var application in await Grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(account.Iin)).GetApplicationsAsync(actor))
            {
                if (application is { QueueType: QueueType.General, Status: ApplicationStatus.InQueue })
                {
                    var history = await Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(application.Number)).GetPlaceHistoryAsync(actor, 50);
                    reasons.UnionWith(history.Where(l => !l.Own).Select(l => l.Reason));
                }
            }
        }

        Assert.Contains(Domain.Queues.QueueChangeReason.Withdrawn, reasons);
        Assert.Contains(Domain.Queues.QueueChangeReason.PriorityConfirmed, reasons);
    }

    [Fact]
    public async Task DemoVouchers_PlacesPublished_VouchersOfferedAndOneAccepted()
    {
        IReadOnlyList<Abstractions.Vouchers.PoolView> pools = [];
        for (var i = 0; i < 100 && pools.Sum(p => p.Accepted) == 0; i++)
        {
            pools = await Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync();
            await Task.Delay(50);
        }

        Assert.True(pools.Sum(p => p.Published) >= 2, string.Join("; ", pools));
        Assert.True(pools.Sum(p => p.Outstanding) >= 1);
        // One accepted voucher still choosing a kindergarten, four more taken through enrollment.
        Assert.Equal(5, pools.Sum(p => p.Accepted));
    }

    [Fact]
    public async Task DemoEnrollment_InboxesHoldEachStep_AndOneChildIsEnrolled()
    {
        var kindergartens = await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens("almaty")).GetAllAsync();
        var items = new List<Abstractions.Enrollment.EnrollmentItem>();
        foreach (var kindergarten in kindergartens)
        {
            items.AddRange(await Grains.GetGrain<Abstractions.Enrollment.IKindergartenInboxGrain>(Abstractions.Enrollment.EnrollmentKeys.Inbox(kindergarten.Id)).GetAsync());
        }

        var pools = await Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync();

        Assert.Contains(items, i => i.Status == ApplicationStatus.AwaitingContract);
        Assert.Contains(items, i => i is { Status: ApplicationStatus.ContractSigning, ParentSignedAt: null });
        Assert.Contains(items, i => i is { Status: ApplicationStatus.ContractSigning, ParentSignedAt: not null });
        Assert.Equal(1, pools.Sum(p => p.Enrolled));
        Assert.Equal(3, pools.Sum(p => p.Holds));

        // The public statistics count them too.
        using var client = portal.CreateClient();
        using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/statistics?city=almaty"));
        var vouchers = json.RootElement.GetProperty("totals").GetProperty("vouchers");
        Assert.Equal((1, 3), (vouchers.GetProperty("enrolled").GetInt32(), vouchers.GetProperty("held").GetInt32()));
    }

    [Fact]
    public async Task DemoParents_AreTheRegistrysDemoFamilies()
    {
        var registry = Balabaqsha.Domain.Registry.JsonPopulationRegistry.BuiltIn();
        var demoGuardian = registry.Families.First(f => f.Demo).Guardians.Select(registry.Find).First(p => p!.Phone is not null)!;
        var freeGuardian = registry.Families.First(f => !f.Demo).Guardians.Select(registry.Find).First(p => p!.Phone is not null)!;

        Assert.NotNull(await Grains.GetGrain<IAccountGrain>(GrainKeys.Account(demoGuardian.Iin)).GetAsync());
        Assert.Null(await Grains.GetGrain<IAccountGrain>(GrainKeys.Account(freeGuardian.Iin)).GetAsync());
    }
}
