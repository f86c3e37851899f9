using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>
/// The browser signing module (cades-sign.js) against the server's verifier: a demo parent's test
/// key from /dev/keys signs a PDF in Chromium, and the server accepts it — and refuses the same
/// signature over a changed file.
/// </summary>
[Collection(EmbeddedPortalCollection.Name)]
public sealed class SignatureModuleTests(EmbeddedPortalFixture portal)
{
    private const string SignButton = "Подписать и проверить";

    private static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task TrySigning_DemoParentsKey_ServerAcceptsThenRefusesATamperedFile()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dev/keys");
        await PortalFlows.WaitForButtonAsync(page, SignButton);

        var row = page.Locator("[data-testid=devkeys-row][data-login='parent.1']");
        var iin = await row.GetAttributeAsync("data-iin");
        Assert.Matches("^[0-9]{12}$", iin);
        var password = await page.GetByTestId("devkeys-password").InnerTextAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByTestId("devkeys-download").ClickAsync());
        Assert.Equal("parent.1.p12", download.SuggestedFilename);
        var keyFile = Path.Combine(Path.GetTempPath(), $"bq-key-{Guid.NewGuid():N}.p12");
        await download.SaveAsAsync(keyFile);
        try
        {
            await page.GetByLabel("Файл ключа (.p12)").SetInputFilesAsync(keyFile);
            await page.GetByLabel("Пароль ключа").FillAsync(password);
            await page.GetByLabel("Файл для подписи").SetInputFilesAsync(new FilePayload { Name = "contract.pdf", MimeType = "application/pdf", Buffer = Pdf });
            await page.GetByRole(AriaRole.Button, new() { Name = SignButton }).ClickAsync();

            var result = page.GetByTestId("devkeys-result");
            await Assertions.Expect(result).ToHaveAttributeAsync("data-valid", "true");
            await Assertions.Expect(result).ToHaveAttributeAsync("data-iin", iin!);
            await Assertions.Expect(result).ToContainTextAsync("Подпись действительна");

            // The same key and file, but the server gets the file with one byte changed after signing.
            await page.GetByLabel("Изменить один байт файла после подписания").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = SignButton }).ClickAsync();
            await Assertions.Expect(result).ToHaveAttributeAsync("data-valid", "false");
            await Assertions.Expect(result).ToHaveAttributeAsync("data-key", "Error.Signature.Invalid");
            await Assertions.Expect(result.GetByRole(AriaRole.Alert)).ToContainTextAsync("Подпись не соответствует документу");

            // Someone else's IIN as the expected signer.
            await page.GetByLabel("Изменить один байт файла после подписания").UncheckAsync();
            await page.GetByLabel("ИИН ожидаемого подписанта").FillAsync(await page.Locator("[data-testid=devkeys-row][data-login='parent.2']").GetAttributeAsync("data-iin") ?? string.Empty);
            await page.GetByRole(AriaRole.Button, new() { Name = SignButton }).ClickAsync();
            await Assertions.Expect(result).ToHaveAttributeAsync("data-key", "Error.Signature.WrongSigner");
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task TrySigning_WrongKeyPassword_SaidInThePage()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        var key = await context.APIRequest.GetAsync("/dev/keys/parent.2.p12");
        Assert.True(key.Ok, key.StatusText);
        var keyBytes = await key.BodyAsync();

        await page.GotoAsync("/dev/keys");
        await PortalFlows.WaitForButtonAsync(page, SignButton);
        await page.GetByLabel("Файл ключа (.p12)").SetInputFilesAsync(new FilePayload { Name = "parent.2.p12", MimeType = "application/x-pkcs12", Buffer = keyBytes });
        await page.GetByLabel("Пароль ключа").FillAsync("not-the-password");
        await page.GetByLabel("Файл для подписи").SetInputFilesAsync(new FilePayload { Name = "contract.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = SignButton }).ClickAsync();

        var result = page.GetByTestId("devkeys-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-key", "DevKeys.Error.WrongPassword");
        await Assertions.Expect(result).ToContainTextAsync("Пароль не подходит");
    }
}
