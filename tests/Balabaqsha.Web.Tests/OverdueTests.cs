using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>
/// The operator's overdue requests on the demo data: nothing at first; once the portal clock has moved
/// 3 business days, the demo request and the unsigned contract are listed, the contract the parent signed is not.
/// The clock moves for this class's own portal only.
/// </summary>
public sealed class OverdueTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Page_Operator_ListsRequestsAndUnsignedContractsWaiting2BusinessDays()
    {
        var (client, _) = await portal.SignedInClientAsync("operator.almaty");
        using (client)
        {
            var fresh = await client.GetStringAsync("/operator/overdue");
            Assert.Contains("data-testid=\"overdue-empty\"", fresh, StringComparison.Ordinal);

            var items = await DemoInboxAsync();
            var clock = portal.Services.GetRequiredService<DevClockService>();
            await clock.AdvanceAsync(await clock.ToBusinessDaysAheadAsync(3));
            var later = await client.GetStringAsync("/operator/overdue");

            Assert.All(
                items.Where(i => i.ParentSignedAt is null),
                i => Assert.Contains($"data-testid=\"overdue-{i.Number}\"", later, StringComparison.Ordinal));
            Assert.All(
                items.Where(i => i.ParentSignedAt is not null),
                i => Assert.DoesNotContain($"data-testid=\"overdue-{i.Number}\"", later, StringComparison.Ordinal));
            Assert.Contains(items, i => i is { Status: ApplicationStatus.AwaitingContract });
        }
    }

    private async Task<List<EnrollmentItem>> DemoInboxAsync()
    {
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var items = new List<EnrollmentItem>();
        foreach (var kindergarten in await grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens("almaty")).GetAllAsync())
        {
            items.AddRange(await grains.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(kindergarten.Id)).GetAsync());
        }

        return items;
    }
}
