using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>A parent watches their place move live, with the reason, and a guest finds it by number.</summary>
[Collection(EmbeddedPortalCollection.Name)]
public sealed class QueueLiveTests(EmbeddedPortalFixture portal)
{
    [Fact]
    public async Task ParentWatchesPlace_ApplicationAheadLeaves_PlaceMovesLiveWithItsExplanation_GuestLooksItUp()
    {
        // B applies first, so B's application stands ahead of A's in Almaty's general queue.
        var (parentB, childB) = PortalFlows.NextFreeFamilyWithPreschooler();
        await using var contextB = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var pageB = await contextB.NewPageAsync();
        await ApplyAsync(pageB, parentB, childB);
        var numberB = new Uri(pageB.Url).AbsolutePath["/applications/".Length..];

        var (parentA, childA) = PortalFlows.NextFreeFamilyWithPreschooler();
        await using var contextA = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var pageA = await contextA.NewPageAsync();
        await ApplyAsync(pageA, parentA, childA);
        var numberA = new Uri(pageA.Url).AbsolutePath["/applications/".Length..];
        await pageA.ReloadAsync();
        await PortalFlows.WaitForButtonAsync(pageA, "Отозвать заявление");
        var placeA = int.Parse(await pageA.GetByTestId("application-place").GetAttributeAsync("data-place") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(placeA > 1);
        await Assertions.Expect(pageA.GetByTestId("place-change").First).ToHaveAttributeAsync("data-own", "true");

        // B withdraws; A's open card moves up by one without a reload, and says why.
        await pageB.GotoAsync($"/applications/{numberB}");
        await PortalFlows.WaitForButtonAsync(pageB, "Отозвать заявление");
        await pageB.GetByRole(AriaRole.Button, new() { Name = "Отозвать заявление" }).ClickAsync();
        await pageB.GetByRole(AriaRole.Button, new() { Name = "Да, отозвать" }).ClickAsync();

        var expected = (placeA - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(pageA.GetByTestId("application-place")).ToHaveAttributeAsync("data-place", expected);
        var change = pageA.GetByTestId("place-change").First;
        await Assertions.Expect(change).ToHaveAttributeAsync("data-reason", "Withdrawn");
        await Assertions.Expect(change.GetByTestId("place-change-delta")).ToHaveTextAsync("\u22121");
        await Assertions.Expect(change).ToContainTextAsync("заявление впереди вашего отозвано");
        await Assertions.Expect(change).Not.ToContainTextAsync(childB.Name);

        // A guest finds the place by the public number, with no personal data on the page.
        await using var guestContext = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var guest = await guestContext.NewPageAsync();
        await guest.GotoAsync($"/lookup?number={numberA}");
        await Assertions.Expect(guest.GetByTestId("application-place")).ToHaveAttributeAsync("data-place", expected);
        var result = guest.GetByTestId("lookup-result");
        await Assertions.Expect(result).Not.ToContainTextAsync(childA.Surname);
        await Assertions.Expect(result).Not.ToContainTextAsync(childA.Iin);
    }

    [Fact]
    public async Task Lookup_MalformedOrUnknownNumber_ClearMessage()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/lookup?number=%3Cscript%3E");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("ALA-000123");

        await page.GotoAsync("/lookup?number=ALA-999999");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Заявления с таким номером нет");
        await Assertions.Expect(page.GetByTestId("lookup-result")).ToHaveCountAsync(0);
    }

    private static async Task ApplyAsync(IPage page, Domain.Registry.RegistryPerson parent, Domain.Registry.RegistryPerson child)
    {
        await PortalFlows.RegisterAsync(page, parent);
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", parent.Iin);
        await page.WaitForURLAsync("**/cabinet");
        await PortalFlows.AddChildAsync(page, child.Iin, child.Surname);
        await PortalFlows.SubmitGeneralAsync(page);
    }
}
