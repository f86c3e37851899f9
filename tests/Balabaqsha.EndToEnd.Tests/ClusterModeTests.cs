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
        var (applicant, child) = PortalFlows.NextFreeFamilyWithPreschooler();
        var people = new[] { applicant, PortalFlows.NextFreeAdult(), PortalFlows.NextFreeAdult() };
        foreach (var person in people)
        {
            await PortalFlows.RegisterAsync(page, person);
        }

        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", applicant.Iin);
        await page.WaitForURLAsync("**/cabinet");
        await PortalFlows.AddChildAsync(page, child.Iin, child.Surname);
        var number = await PortalFlows.SubmitGeneralAsync(page);
        await Assertions.Expect(page.GetByTestId("application-card")).ToHaveAttributeAsync("data-status", "InQueue");
        await page.GetByRole(AriaRole.Button, new() { Name = "Выйти" }).ClickAsync();

        cluster.Silos[0].Kill();
        var killedAt = DateTime.UtcNow;

        // Until the survivors declare the killed silo dead (seconds), a call may be refused and the page
        // says so; a person tries again. What must never happen is a lost account.
        foreach (var person in people)
        {
            await SignInWithRetriesAsync(page, person.Iin, until: killedAt.AddSeconds(90));
            await Assertions.Expect(page.GetByTestId("cabinet-greeting")).ToContainTextAsync(person.Name);
        }

        // The application survived too, with its place in the queue.
        await SignInWithRetriesAsync(page, applicant.Iin, until: killedAt.AddSeconds(90));
        await page.GotoAsync($"/applications/{number}");
        await Assertions.Expect(page.GetByTestId("application-card")).ToHaveAttributeAsync("data-status", "InQueue");

        // The same cookie on the second web server: Data Protection keys are shared through PostgreSQL.
        await page.GotoAsync($"{cluster.WebUrls[1]}/cabinet");
        await Assertions.Expect(page.GetByTestId("cabinet-greeting")).ToContainTextAsync(applicant.Name);
    }

    private async Task SignInWithRetriesAsync(IPage page, string iin, DateTime until)
    {
        while (true)
        {
            try
            {
                await PortalFlows.SignInAsync(page, "ИИН", "ИИН", iin);
                await page.WaitForURLAsync("**/cabinet", new() { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(1000);
            }
            catch (TimeoutException ex)
            {
                throw new Xunit.Sdk.XunitException($"Not signed in after the silo was killed.\nWEB:\n{cluster.WebOutput}\nSURVIVING SILO:\n{cluster.Silos[1].Output}", ex);
            }
        }
    }
}
