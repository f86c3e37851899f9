using System.Globalization;
using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>
/// The guide's «Процесс зачисления в ДО» and «Процесс заключения электронного договора» in two browsers: a
/// parent with an accepted voucher chooses the kindergarten whose staff published places, requests a place in a
/// group, gets the contract, attaches the documents and signs it with a test key in the browser; the staff send
/// the contract and sign it from their live inbox; the child is enrolled.
/// </summary>
// The voucher portal: the places published here would otherwise give vouchers to applications other tests expect to wait.
[Collection(VoucherPortalCollection.Name)]
public sealed class EnrollmentFlowTests(EmbeddedPortalFixture portal)
{
    // Kindergartens of Almaty whose staff may publish the places; the first with a group for the child is taken.
    private static readonly string[] StaffLogins = ["staff.5", "staff.6", "staff.8", "staff.9", "staff.4", "staff.7"];
    private const string KeyPassword = "Balabaqsha-2026";

    // The card and the inbox follow notices and inbox observers: allow for the round trips.
    private static readonly LocatorAssertionsToBeVisibleOptions Live = new() { Timeout = 20_000 };

    private static readonly string Pdf = WriteTemp("document.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray());

    private static readonly string Png = WriteTemp("document.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]);

    private static readonly (string Label, string Kind, string File)[] Documents =
    [
        ("Справка 027/у", "027u", Pdf),
        ("Свидетельство о рождении", "birth-certificate", Png),
        ("Удостоверение личности родителя", "parent-id", Pdf),
        ("Справка 052-2/у «Паспорт здоровья ребенка»", "052-2u", Pdf),
        ("Карта прививок 065/у", "065u", Png),
        ("Заключение ПМПК (при наличии)", "pmpk", Pdf),
    ];

    [Fact]
    public async Task Enrollment_ChooseRequestContractSignedByBoth_ChildEnrolled()
    {
        // A fresh family with a login of its own: the development key door hands out keys by login.
        await using var parentContext = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var parent = await parentContext.NewPageAsync();
        var (family, child) = PortalFlows.NextFreeFamilyWithPreschooler();
        await PortalFlows.RegisterAsync(parent, family);
        await PortalFlows.SignInAsync(parent, "ИИН", "ИИН", family.Iin);
        await parent.WaitForURLAsync("**/cabinet");
        var login = "enroll." + Guid.NewGuid().ToString("N")[..10];
        await SetLoginAsync(parent, login);
        await PortalFlows.AddChildAsync(parent, child.Iin, child.Surname);
        var number = await PortalFlows.SubmitGeneralAsync(parent);
        await Assertions.Expect(parent.GetByTestId("application-language")).ToBeVisibleAsync();
        var language = (await parent.GetByTestId("application-language").InnerTextAsync()).Trim() == "Русский" ? "ru" : "kk";

        // The kindergarten's staff publish places for the child's birth year: the voucher comes at once.
        var (staffContext, staff, staffLogin, kindergartenId) = await PublishPlacesAsync(child.BirthDate.Year, language);
        await using var staffContextScope = staffContext;

        await Assertions.Expect(parent.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "VoucherOffered", new() { Timeout = 20_000 });
        await parent.GetByRole(AriaRole.Button, new() { Name = "Выбрать", Exact = true }).ClickAsync();
        await parent.GetByRole(AriaRole.Button, new() { Name = "Да", Exact = true }).ClickAsync();
        await Assertions.Expect(parent.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "ChoosingKindergarten");

        // «Выбрать ДО» → the kindergarten → «Зачислиться» → the child → the group → «Подтвердить».
        var enrollment = parent.GetByTestId("enrollment");
        await enrollment.GetByRole(AriaRole.Button, new() { Name = "Выбрать ДО" }).ClickAsync();
        var choice = enrollment.Locator($"[data-testid=enrollment-choice][data-kindergarten='{kindergartenId}']");
        await Assertions.Expect(choice).ToBeVisibleAsync();
        await choice.GetByRole(AriaRole.Button, new() { Name = "Зачислиться" }).ClickAsync();
        await Assertions.Expect(enrollment.GetByTestId("enrollment-child")).ToContainTextAsync(child.Surname);
        await enrollment.GetByRole(AriaRole.Radio).First.CheckAsync();
        // The pools report to the statistics a moment after a change: the published places show up shortly.
        var freeBefore = await CatalogFreeWhenAsync(staffContext, kindergartenId, free => free > 0);
        await enrollment.GetByRole(AriaRole.Button, new() { Name = "Подтвердить" }).ClickAsync();
        await Assertions.Expect(enrollment.GetByTestId("enrollment-awaiting")).ToHaveTextAsync("Ожидайте договор от ДО");
        await Assertions.Expect(parent.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "AwaitingContract");
        // The request holds one of the group's places: the catalog shows one free place fewer at once.
        Assert.Equal(freeBefore - 1, await CatalogFreeWhenAsync(staffContext, kindergartenId, free => free == freeBefore - 1));

        // The staff's live inbox shows the request: «Принять и отправить договор».
        await staff.GotoAsync("/kindergarten/requests");
        var request = staff.GetByTestId($"inbox-request-{number}");
        await Assertions.Expect(request).ToBeVisibleAsync(Live);
        await Assertions.Expect(request.GetByTestId("request-child")).ToContainTextAsync(child.Surname);
        await request.GetByRole(AriaRole.Button, new() { Name = "Принять и отправить договор" }).ClickAsync();
        await Assertions.Expect(request).ToHaveAttributeAsync("data-status", "ContractSigning");

        // The parent's open card turns to the contract by itself: their part first («Внести в договор»),
        // then documents, key, «Подписать и отправить».
        await Assertions.Expect(enrollment.GetByTestId("enrollment-entries-form")).ToBeVisibleAsync(Live);
        var sent = await (await parent.APIRequest.GetAsync($"/applications/{number}/contract.pdf")).BodyAsync();
        await enrollment.GetByRole(AriaRole.Button, new() { Name = "Внести в договор" }).ClickAsync();
        await Assertions.Expect(enrollment.GetByTestId("form-error")).ToContainTextAsync("адрес проживания");
        await enrollment.GetByLabel("Адрес проживания").FillAsync("Алматы, ул. Жандосова, 98, кв. 12");
        await enrollment.GetByRole(AriaRole.Button, new() { Name = "Внести в договор" }).ClickAsync();
        await Assertions.Expect(enrollment.GetByTestId("enrollment-entry-address")).ToHaveTextAsync("Алматы, ул. Жандосова, 98, кв. 12");
        await Assertions.Expect(enrollment.GetByTestId("enrollment-sign-form")).ToBeVisibleAsync();
        var contract = await parent.APIRequest.GetAsync($"/applications/{number}/contract.pdf");
        Assert.True(contract.Ok);
        Assert.Equal("application/pdf", contract.Headers["content-type"]);
        Assert.NotEqual(sent, await contract.BodyAsync());
        foreach (var (label, kind, file) in Documents)
        {
            await enrollment.GetByLabel(label, new() { Exact = true }).SetInputFilesAsync(file);
            await Assertions.Expect(enrollment.Locator($"[data-testid=upload-done][data-field='enrollment-doc-{kind}']")).ToBeVisibleAsync();
        }

        await enrollment.GetByLabel("Файл ключа ЭЦП (.p12)").SetInputFilesAsync(await KeyFileAsync(parent, login));
        await enrollment.GetByLabel("Пароль ключа").FillAsync(KeyPassword);
        await enrollment.GetByRole(AriaRole.Button, new() { Name = "Подписать и отправить" }).ClickAsync();
        await Assertions.Expect(enrollment.GetByTestId("enrollment-signed")).ToHaveTextAsync("Договор на подписании", new() { Timeout = 20_000 });

        // The staff sign with their key: the child is enrolled and the request leaves the inbox.
        await Assertions.Expect(request).ToHaveAttributeAsync("data-signed-by-parent", "true", new() { Timeout = 20_000 });

        // The staff read what the parent attached to their contract.
        await Assertions.Expect(request.GetByTestId("request-document")).ToHaveCountAsync(Documents.Length);
        var attached = await staff.APIRequest.GetAsync((await request.GetByTestId("request-document").First.GetAttributeAsync("href"))!);
        Assert.True(attached.Ok);
        await request.GetByLabel("Файл ключа ЭЦП (.p12)").SetInputFilesAsync(await KeyFileAsync(staff, staffLogin));
        await request.GetByLabel("Пароль ключа").FillAsync(KeyPassword);
        await request.GetByRole(AriaRole.Button, new() { Name = "Подписать" }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("form-success")).ToContainTextAsync("ребенок зачислен", new() { Timeout = 20_000 });
        await Assertions.Expect(request).ToHaveCountAsync(0);
        var staffCopy = await staff.RunAndWaitForDownloadAsync(() => staff.GetByTestId("inbox-signed-contract").ClickAsync());
        Assert.Equal($"{number}-contract-signed.zip", staffCopy.SuggestedFilename);

        await Assertions.Expect(parent.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "Enrolled", new() { Timeout = 20_000 });
        await Assertions.Expect(parent.GetByTestId("application-status")).ToContainTextAsync("Зачислен");

        // The signed contract can be downloaded from the card: the PDF and both signatures.
        var download = await parent.RunAndWaitForDownloadAsync(() => enrollment.GetByTestId("enrollment-signed-contract").ClickAsync());
        Assert.Equal($"{number}-contract-signed.zip", download.SuggestedFilename);

        // The place stays taken: the enrollment neither frees the held place nor takes a second one.
        Assert.Equal(freeBefore - 1, await CatalogFreeAsync(staffContext, kindergartenId));
    }

    /// <summary>The catalog's free places once they meet <paramref name="expected"/>, or as they are after 15 s.</summary>
    private static async Task<int> CatalogFreeWhenAsync(IBrowserContext context, string kindergartenId, Func<int, bool> expected)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        var free = await CatalogFreeAsync(context, kindergartenId);
        while (!expected(free) && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
            free = await CatalogFreeAsync(context, kindergartenId);
        }

        return free;
    }

    private static async Task SetLoginAsync(IPage page, string login)
    {
        await page.GotoAsync("/profile");
        await PortalFlows.WaitForButtonAsync(page, "Сохранить логин");
        await page.GetByLabel("Логин", new() { Exact = true }).FillAsync(login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить логин" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-success").First).ToBeVisibleAsync();
    }

    /// <summary>The test key of a login from the development key door, saved where the file input can take it.</summary>
    private static async Task<string> KeyFileAsync(IPage page, string login)
    {
        var response = await page.APIRequest.GetAsync($"/dev/keys/{login}.p12");
        Assert.True(response.Ok, $"No test key for {login}: HTTP {response.Status}");
        return WriteTemp($"{login}.p12", await response.BodyAsync());
    }

    /// <summary>
    /// The staff of a kindergarten with a general group for the birth year and language publish its whole
    /// capacity; returns their signed-in browser and their kindergarten.
    /// </summary>
    private async Task<(IBrowserContext Context, IPage Page, string Login, string KindergartenId)> PublishPlacesAsync(int birthYear, string language)
    {
        var year = birthYear.ToString(CultureInfo.InvariantCulture);
        var rows = $"tr[data-testid^='places-group-g-{language}-'][data-testid$='-{year}']";
        foreach (var login in StaffLogins)
        {
            var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
            var page = await context.NewPageAsync();
            await PortalFlows.SignInAsync(page, "ЛОГИН", "Логин", login, KeyPassword);
            await page.WaitForURLAsync("**/cabinet");
            await page.GotoAsync("/kindergarten/places");
            await Assertions.Expect(page.GetByTestId("places-kindergarten-name")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid^='places-card-']").First).ToBeVisibleAsync();
            if (await page.Locator(rows).CountAsync() == 0)
            {
                await context.DisposeAsync();
                continue;
            }

            var card = page.Locator("[data-testid^='places-card-']", new() { Has = page.Locator(rows) }).First;
            var row = card.Locator(rows).First;
            await Assertions.Expect(row.GetByTestId("places-save")).ToBeEnabledAsync();
            var capacity = await card.GetByTestId("places-capacity").GetAttributeAsync("data-value") ?? throw new InvalidOperationException("No capacity.");
            await row.GetByTestId("places-input").FillAsync(capacity);
            await row.GetByTestId("places-save").ClickAsync();
            await Assertions.Expect(row).ToHaveAttributeAsync("data-published", capacity);
            var kindergartenId = await page.GetByTestId("places-page").GetAttributeAsync("data-kindergarten") ?? throw new InvalidOperationException("No kindergarten.");
            return (context, page, login, kindergartenId);
        }

        throw new InvalidOperationException($"No kindergarten of {string.Join(", ", StaffLogins)} has a {language} group for {year}.");
    }

    /// <summary>The free places of the kindergarten's groups as the public catalog shows them.</summary>
    private static async Task<int> CatalogFreeAsync(IBrowserContext context, string kindergartenId)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync($"/catalog/{kindergartenId}");
            await Assertions.Expect(page.GetByTestId("kindergarten-groups")).ToBeVisibleAsync();
            var total = 0;
            foreach (var cell in await page.GetByTestId("group-free").AllAsync())
            {
                total += int.Parse(await cell.GetAttributeAsync("data-value") ?? "0", CultureInfo.InvariantCulture);
            }

            return total;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static string WriteTemp(string name, byte[] content)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bq-e2e-enrollment-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
