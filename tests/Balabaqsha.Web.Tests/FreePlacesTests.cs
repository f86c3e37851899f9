using System.Net;
using System.Text.Json;
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
using Balabaqsha.Web.Endpoints;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>Free places (SPEC §6): staff publish for their kindergarten, the operator for one of their city; a place offers a voucher.</summary>
public sealed class FreePlacesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string OwnKindergarten = "almaty-001";
    private static readonly string AlmatyGeneral = QueueKeys.For("almaty", QueueType.General, null);

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
    public async Task PublishAsync_StaffOfAnotherKindergarten_IsRefusedAndChangesNothing()
    {
        var staff = await ActorAsync("staff.1");
        var (profile, group) = await GroupAsync("almaty-002", g => g.QueueType == QueueType.General);
        var pool = PoolOf(profile, group, ThisYear - group.MinAgeYears);
        var before = Published(await pool.GetAsync(), profile, group);

        var refused = await Assert.ThrowsAsync<DomainException>(() => pool.PublishAsync(staff, profile.Id, group.Id, before + 1));

        Assert.Equal("Error.Access.Denied", refused.MessageKey);
        Assert.Equal(before, Published(await pool.GetAsync(), profile, group));
    }

    [Fact]
    public async Task PublishAsync_OperatorOfAnotherCity_IsRefused()
    {
        var astana = await ActorAsync("operator.astana");
        var (profile, group) = await GroupAsync(OwnKindergarten, g => g.QueueType == QueueType.General);
        var pool = PoolOf(profile, group, ThisYear - group.MinAgeYears);

        var refused = await Assert.ThrowsAsync<DomainException>(() => pool.PublishAsync(astana, profile.Id, group.Id, 1));

        Assert.Equal("Error.Access.Denied", refused.MessageKey);
    }

    [Fact]
    public async Task PublishAsync_OperatorOfTheCity_PublishesOnBehalfOfAKindergarten()
    {
        var almaty = await ActorAsync("operator.almaty");
        var (profile, group) = await GroupAsync("almaty-003", g => g.QueueType == QueueType.Sanatorium);
        var pool = PoolOf(profile, group, ThisYear - group.MaxAgeYears);

        var view = await pool.PublishAsync(almaty, profile.Id, group.Id, 2);

        Assert.Equal(2, Assert.Single(view.Publications, p => p.KindergartenId == profile.Id && p.GroupId == group.Id).Places);
    }

    [Fact]
    public async Task PublishAsync_GroupRules_RefusedWithTheirKeys()
    {
        var staff = await ActorAsync("staff.1");
        var (profile, group) = await GroupAsync(OwnKindergarten, g => g.QueueType == QueueType.General);
        var fits = PoolOf(profile, group, ThisYear - group.MinAgeYears);
        var tooOld = PoolOf(profile, group, ThisYear - group.MaxAgeYears - 1);
        var before = Published(await fits.GetAsync(), profile, group);

        var overCapacity = await Assert.ThrowsAsync<DomainException>(() => fits.PublishAsync(staff, profile.Id, group.Id, group.Capacity + 1));
        var unknownGroup = await Assert.ThrowsAsync<DomainException>(() => fits.PublishAsync(staff, profile.Id, "g-none", 1));
        var notFitting = await Assert.ThrowsAsync<DomainException>(() => tooOld.PublishAsync(staff, profile.Id, group.Id, 1));

        Assert.Equal("Error.Places.OverCapacity", overCapacity.MessageKey);
        Assert.Equal("Error.Places.UnknownGroup", unknownGroup.MessageKey);
        Assert.Equal("Error.Places.GroupDoesNotFit", notFitting.MessageKey);
        Assert.Equal(before, Published(await fits.GetAsync(), profile, group));
    }

    [Fact]
    public async Task PublishAsync_YearWithWaitingApplications_OffersAVoucherToTheHeadAndTheStatisticsShowIt()
    {
        var staff = await ActorAsync("staff.1");
        var (profile, group, pool, head) = await UnpublishedPoolWithWaitingHeadAsync();

        await pool.PublishAsync(staff, profile.Id, group.Id, 1);

        var view = await EventuallyAsync(pool.GetAsync, v => v.Outstanding == 1);
        Assert.Equal(1, view.Published);
        Assert.Equal(0, view.Free);
        var application = await EventuallyAsync(
            () => Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(head)).GetPublicAsync(),
            a => a?.Status == ApplicationStatus.VoucherOffered);
        Assert.Equal(ApplicationStatus.VoucherOffered, application!.Status);

        // The queue's figures are its pools' (the demo data publish a few places too), ours among them.
        using var client = portal.CreateClient();
        var statistics = Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All);
        var (shown, expected) = await EventuallyAsync(async () =>
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/statistics?city=almaty"));
            var general = json.RootElement.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queueKey").GetString() == AlmatyGeneral);
            var pools = (await statistics.GetPoolsAsync()).Where(p => VoucherPoolKeys.QueueOf(p.PoolKey) == AlmatyGeneral).ToList();
            var expected = new VoucherFigures(
                pools.Sum(p => p.Published), pools.Sum(p => p.Outstanding), pools.Sum(p => p.Free),
                pools.Sum(p => p.Offered), pools.Sum(p => p.Accepted), pools.Sum(p => p.Annulled));
            var ours = pools.SingleOrDefault(p => p.PoolKey == view.PoolKey);
            return (Shown: Figures(general.GetProperty("vouchers")), Expected: ours is { Offered: 1, Outstanding: 1 } ? expected : null);
        }, f => f.Shown == f.Expected);
        Assert.Equal(expected, shown);
        Assert.True(shown.Published >= 1 && shown.Offered >= 1 && shown.Outstanding >= 1, shown.ToString());
        using var totals = JsonDocument.Parse(await client.GetStringAsync("/api/statistics?city=almaty"));
        var total = Figures(totals.RootElement.GetProperty("totals").GetProperty("vouchers"));
        Assert.True(total.Published >= shown.Published && total.Offered >= shown.Offered, total.ToString());
    }

    [Fact]
    public async Task Page_Staff_ShowsEveryGroupAndBirthYearOfTheirKindergarten()
    {
        var (profile, _) = await GroupAsync(OwnKindergarten, _ => true);
        var (client, _) = await portal.SignedInClientAsync("staff.1");
        using (client)
        {
            var html = await client.GetStringAsync("/kindergarten/places");

            Assert.Contains($"data-kindergarten=\"{OwnKindergarten}\"", html, StringComparison.Ordinal);
            foreach (var group in profile.Groups)
            {
                for (var year = ThisYear - group.MaxAgeYears; year <= ThisYear - group.MinAgeYears; year++)
                {
                    Assert.Contains($"data-testid=\"places-group-{group.Id}-{year}\"", html, StringComparison.Ordinal);
                }
            }

            Assert.Contains("data-testid=\"places-input\"", html, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"places-save\"", html, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"places-outstanding\"", html, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"places-free\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_Operator_ShowsAKindergartenOfTheirCityButNotOfAnother()
    {
        var (client, _) = await portal.SignedInClientAsync("operator.almaty");
        using (client)
        {
            var own = await client.GetStringAsync($"/operator/places?kindergarten={OwnKindergarten}");
            using var other = await client.GetAsync("/operator/places?kindergarten=astana-001");
            var otherHtml = await other.Content.ReadAsStringAsync();

            Assert.Contains($"data-kindergarten=\"{OwnKindergarten}\"", own, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"places-group-", own, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.DoesNotContain("data-testid=\"places-group-", otherHtml, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"form-error\"", otherHtml, StringComparison.Ordinal);
        }
    }

    private static VoucherFigures Figures(JsonElement vouchers) => new(
        vouchers.GetProperty("published").GetInt32(),
        vouchers.GetProperty("outstanding").GetInt32(),
        vouchers.GetProperty("free").GetInt32(),
        vouchers.GetProperty("offered").GetInt32(),
        vouchers.GetProperty("accepted").GetInt32(),
        vouchers.GetProperty("annulled").GetInt32());

    /// <summary>
    /// A general group of the staff's kindergarten and a birth year it takes, whose pool has no places yet
    /// (the demo data publish some) and for which an application waits: the one a place goes to.
    /// </summary>
    private async Task<(KindergartenProfile Profile, KindergartenGroup Group, IVoucherPoolGrain Pool, string Head)> UnpublishedPoolWithWaitingHeadAsync()
    {
        var (profile, _) = await GroupAsync(OwnKindergarten, _ => true);
        var queue = Grains.GetGrain<IQueueGrain>(AlmatyGeneral);
        foreach (var group in profile.Groups.Where(g => g.QueueType == QueueType.General))
        {
            for (var year = ThisYear - group.MaxAgeYears; year <= ThisYear - group.MinAgeYears; year++)
            {
                var pool = PoolOf(profile, group, year);
                if ((await pool.GetAsync()).Published == 0 && (await queue.FindEligibleAsync(year, group.Language, [], 1)) is [var head])
                {
                    return (profile, group, pool, head);
                }
            }
        }

        throw new InvalidOperationException($"No unpublished pool of a general group of {OwnKindergarten} has an application waiting.");
    }

    private static int Published(PoolView pool, KindergartenProfile profile, KindergartenGroup group) =>
        pool.Publications.Where(p => p.KindergartenId == profile.Id && p.GroupId == group.Id).Sum(p => p.Places);

    private async Task<(KindergartenProfile Profile, KindergartenGroup Group)> GroupAsync(string kindergartenId, Func<KindergartenGroup, bool> which)
    {
        var profile = await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync();
        Assert.NotNull(profile);
        return (profile, profile.Groups.First(which));
    }

    private IVoucherPoolGrain PoolOf(KindergartenProfile profile, KindergartenGroup group, int year) =>
        Grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(profile.CityId, group.QueueType, group.RehabilitationTypeId, group.Language, year));

    private async Task<Actor> ActorAsync(string login)
    {
        var outcome = await Grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Login, login, DemoSeeder.DemoPassword);
        var account = outcome.Account!;
        return new Actor(account.Iin, account.Role, account.FullName, account.CityId, account.KindergartenId);
    }

    /// <summary>Offers follow a publication a moment later (a one-way call): polls briefly instead of sleeping.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < until, $"Still not so after 15 s: {value}");
            await Task.Delay(100);
        }
    }
}
