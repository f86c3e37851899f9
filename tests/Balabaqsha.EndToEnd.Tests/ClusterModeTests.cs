using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>Two silo processes and two web servers on PostgreSQL; a silo is killed outright.</summary>
public sealed class ClusterModeTests(ClusterPortalFixture cluster) : IClassFixture<ClusterPortalFixture>
{
    [Fact]
    public async Task SiloKilled_RegisteredParents_StillSignInAndCookieWorksOnTheOtherWebServer()
    {
        await using var context = await cluster.Browser.NewContextAsync(cluster.WebUrls[0]);
        var page = await context.NewPageAsync();
        var people = new[] { PortalFlows.NextFreeAdult(), PortalFlows.NextFreeAdult(), PortalFlows.NextFreeAdult() };
        foreach (var person in people)
        {
            await PortalFlows.RegisterAsync(page, person);
        }

        cluster.Silos[0].Kill();

        foreach (var person in people)
        {
            await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin);
            await page.WaitForURLAsync("**/cabinet", new() { Timeout = 60_000 });
            await Assertions.Expect(page.GetByTestId("cabinet-greeting")).ToContainTextAsync(person.Name);
        }

        // The same cookie on the second web server: Data Protection keys are shared through PostgreSQL.
        await page.GotoAsync($"{cluster.WebUrls[1]}/cabinet");
        await Assertions.Expect(page.GetByTestId("cabinet-greeting")).ToContainTextAsync(people[^1].Name);
    }
}
