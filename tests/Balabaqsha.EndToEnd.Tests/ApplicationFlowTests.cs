using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>A parent adds a child and applies; the doctor decides; the parent sees it live.</summary>
[Collection(EmbeddedPortalCollection.Name)]
public sealed class ApplicationFlowTests(EmbeddedPortalFixture portal)
{
    private static readonly string Pdf = WriteTemp("conclusion.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray());
    private static readonly string DisguisedExe = WriteTemp("conclusion-fake.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

    [Fact]
    public async Task Sanatorium_ParentApplies_DoctorConfirms_ParentSeesPlaceLive_SecondRejectedWithDoctorsName()
    {
        var (parent, child) = PortalFlows.NextFreeFamilyWithPreschooler();
        await using var parentContext = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await parentContext.NewPageAsync();
        await PortalFlows.RegisterAsync(page, parent);
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", parent.Iin);
        await page.WaitForURLAsync("**/cabinet");

        await PortalFlows.AddChildAsync(page, child.Iin, child.Surname);
        var number = await PortalFlows.SubmitSanatoriumAsync(page, child.Name, Pdf);
        await Assertions.Expect(page.GetByText("Ожидание подтверждения документов").First).ToBeVisibleAsync();

        // The parent keeps the card open; the doctor decides in another browser.
        await using var doctorContext = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var doctor = await doctorContext.NewPageAsync();
        await PortalFlows.SignInAsync(doctor, "ЛОГИН", "Логин", "doctor.almaty", "Balabaqsha-2026");
        await doctor.WaitForURLAsync("**/cabinet");
        await doctor.GotoAsync("/doctor");
        var item = doctor.GetByTestId($"inbox-item-{number}");
        await Assertions.Expect(item).ToBeVisibleAsync();
        await Assertions.Expect(item.Locator("iframe, object, embed, img").First).ToBeAttachedAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Подтвердить" }).ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);

        await Assertions.Expect(page.GetByText("Ваша заявка на получение ваучера подтверждена. Место в очереди:").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("notice-count")).Not.ToHaveTextAsync("0");

        // The parent withdraws the confirmed application and applies again; the doctor, still on the inbox
        // page, sees the new one arrive without reloading and rejects it with a reason.
        await page.GotoAsync($"/applications/{number}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Отозвать заявление" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Да, отозвать" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Архив").First).ToBeVisibleAsync();
        var second = await PortalFlows.SubmitSanatoriumAsync(page, child.Name, Pdf);

        var secondItem = doctor.GetByTestId($"inbox-item-{second}");
        await Assertions.Expect(secondItem).ToBeVisibleAsync();
        await secondItem.GetByLabel("Причина отклонения").FillAsync("Заключение без печати");
        await secondItem.GetByRole(AriaRole.Button, new() { Name = "Отклонить" }).ClickAsync();
        await Assertions.Expect(secondItem).ToHaveCountAsync(0);

        await Assertions.Expect(page.GetByText("Ваша заявка на получение ваучера отклонена сотрудником:").First).ToBeVisibleAsync();
        await page.GotoAsync($"/applications/{second}");
        await Assertions.Expect(page.GetByText("Заключение без печати").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("Отклон");
    }

    [Fact]
    public async Task Upload_ExecutableNamedPdf_RefusedAndNothingSubmitted()
    {
        var (parent, child) = PortalFlows.NextFreeFamilyWithPreschooler();
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await PortalFlows.RegisterAsync(page, parent);
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", parent.Iin);
        await page.WaitForURLAsync("**/cabinet");
        await PortalFlows.AddChildAsync(page, child.Iin, child.Surname);

        await page.GotoAsync("/applications/new");
        await PortalFlows.WaitForButtonAsync(page, "Отправить");
        await page.GetByLabel("Санаторная").CheckAsync();
        await page.GetByLabel("Заключение врача-фтизиатра").SetInputFilesAsync(DisguisedExe);

        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        await page.GotoAsync("/applications");
        await Assertions.Expect(page.GetByTestId("application-row")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AddChild_SomeoneElsesChild_RefusedWithAClearMessage()
    {
        var (parent, _) = PortalFlows.NextFreeFamilyWithPreschooler();
        var (_, strangersChild) = PortalFlows.NextFreeFamilyWithPreschooler();
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await PortalFlows.RegisterAsync(page, parent);
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", parent.Iin);
        await page.WaitForURLAsync("**/cabinet");

        await page.GotoAsync("/children");
        await page.GetByRole(AriaRole.Button, new() { Name = "Добавить ребенка" }).ClickAsync();
        await page.GetByLabel("ИИН ребенка").FillAsync(strangersChild.Iin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Проверить ИИН" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(strangersChild.Surname)).ToHaveCountAsync(0);
    }

    private static string WriteTemp(string name, byte[] content)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bq-e2e-files");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
