using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>The administrator's catalogs feed the application form: nothing offered is a constant in code.</summary>
[Collection(EmbeddedPortalCollection.Name)]
public sealed class CatalogEditorTests(EmbeddedPortalFixture portal)
{
    [Fact]
    public async Task Admin_AddsRehabilitationType_ParentsSeeItInTheApplicationForm()
    {
        var id = "rehab-e2e-" + Guid.NewGuid().ToString("N")[..6];
        await using var adminContext = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var admin = await adminContext.NewPageAsync();
        await PortalFlows.SignInAsync(admin, "ЛОГИН", "Логин", "admin", "Balabaqsha-2026");
        await admin.WaitForURLAsync("**/cabinet");
        await admin.GotoAsync("/admin/catalogs");
        await PortalFlows.WaitForButtonAsync(admin, "Добавить тип реабилитации");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Добавить тип реабилитации" }).ClickAsync();
        await admin.GetByLabel("Код").FillAsync(id);
        await admin.GetByLabel("Название на казахском").FillAsync("Сынақ оңалту түрі");
        await admin.GetByLabel("Название на русском").FillAsync("Тестовый тип реабилитации");
        await admin.GetByLabel("Название на английском").FillAsync("Test rehabilitation type");
        await admin.GetByLabel("Порядок").FillAsync("9");
        await admin.GetByTestId("catalog-save").ClickAsync();
        await Assertions.Expect(admin.Locator($"[data-testid=catalog-row][data-id='{id}']")).ToBeVisibleAsync();

        await using var parentContext = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var parent = await parentContext.NewPageAsync();
        await PortalFlows.SignInAsync(parent, "ЛОГИН", "Логин", "parent.5", "Balabaqsha-2026");
        await parent.WaitForURLAsync("**/cabinet");
        await parent.GotoAsync("/applications/new");
        await PortalFlows.WaitForButtonAsync(parent, "Отправить");
        await parent.GetByLabel("Санаторная").CheckAsync();

        await Assertions.Expect(parent.GetByLabel("Тип реабилитации").Locator("option", new() { HasText = "Тестовый тип реабилитации" })).ToHaveCountAsync(1);
    }
}
