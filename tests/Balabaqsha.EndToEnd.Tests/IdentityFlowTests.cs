using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>Registration, sign-in, recovery and the language switch in a real browser against the running portal.</summary>
[Collection(EmbeddedPortalCollection.Name)]
public sealed class IdentityFlowTests(EmbeddedPortalFixture portal)
{
    [Fact]
    public async Task Parent_RegistersSignsOutSignsInByIinAndPhoneAndRecoversPassword()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        var person = PortalFlows.NextFreeAdult();

        await PortalFlows.RegisterAsync(page, person);

        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin);
        await page.WaitForURLAsync("**/cabinet");
        await Assertions.Expect(page.GetByTestId("cabinet-greeting")).ToContainTextAsync(person.Name);
        await PortalFlows.SignOutAsync(page);

        await PortalFlows.SignInAsync(page, "НОМЕР ТЕЛЕФОНА", "Номер телефона", person.Phone!);
        await page.WaitForURLAsync("**/cabinet");
        await PortalFlows.SignOutAsync(page);

        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin, "Wrong-password-1");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);

        await page.GotoAsync("/login");
        await page.GetByText("Забыли пароль?").ClickAsync();
        await PortalFlows.WaitForButtonAsync(page, "Запросить код");
        await page.GetByLabel("Номер телефона").FillAsync(person.Phone!);
        await page.GetByLabel("ИИН родителей или законного представителя").FillAsync(person.Iin);
        await page.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Запросить код" }).ClickAsync();
        await page.GetByTestId("code-countdown").WaitForAsync();
        await page.GetByLabel("Код из SMS").FillAsync(await PortalFlows.LatestCodeAsync(page, person.Phone!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await page.GetByLabel("Новый пароль", new() { Exact = true }).FillAsync("Recovered-2026");
        await page.GetByLabel("Повторите новый пароль").FillAsync("Recovered-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await page.GetByText("Пароль изменён").WaitForAsync();

        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin, PortalFlows.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin, "Recovered-2026");
        await page.WaitForURLAsync("**/cabinet");
    }

    [Fact]
    public async Task Parent_SetsLoginAndEmailInProfile_SignsInOnThoseTabsInTheirLanguage()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        var person = PortalFlows.NextFreeAdult();
        var login = "mama" + person.Iin[..6];
        await PortalFlows.RegisterAsync(page, person);
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin);
        await page.WaitForURLAsync("**/cabinet");

        await page.GotoAsync("/profile");
        await PortalFlows.WaitForButtonAsync(page, "Сохранить логин");
        await page.GetByLabel("Логин", new() { Exact = true }).FillAsync(login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить логин" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Сохранено.").First).ToBeVisibleAsync();
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync("not-an-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить e-mail" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync($"{login}@mail.kz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить e-mail" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Сохранено.").Nth(1)).ToBeVisibleAsync();
        await page.GotoAsync("/culture/set?culture=en&redirectUri=/profile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await context.ClearCookiesAsync();

        await PortalFlows.SignInAsync(page, "ЛОГИН", "Логин", login);
        await page.WaitForURLAsync("**/cabinet");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync("/culture/set?culture=ru&redirectUri=/login");
        await PortalFlows.SignInAsync(page, "E-MAIL", "E-mail", $"{login}@mail.kz");
        await page.WaitForURLAsync("**/cabinet");
    }

    [Fact]
    public async Task DevClock_Advanced_CodeExpiresAndLockoutLifts()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        var person = PortalFlows.NextFreeAdult();
        await PortalFlows.RegisterAsync(page, person);
        for (var i = 0; i < 5; i++)
        {
            await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin, "Wrong-password-1");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("15");
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("заблокирован");

        await page.GotoAsync("/recover");
        await PortalFlows.WaitForButtonAsync(page, "Запросить код");
        await page.GetByLabel("Номер телефона").FillAsync(person.Phone!);
        await page.GetByLabel("ИИН родителей или законного представителя").FillAsync(person.Iin);
        await page.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Запросить код" }).ClickAsync();
        await page.GetByTestId("code-countdown").WaitForAsync();
        var advanced = await page.APIRequest.PostAsync("/dev/clock/advance", new() { DataObject = new { hours = 1 } });
        Assert.True(advanced.Ok);

        // The countdown runs on the portal clock: the page sees the code expire and offers a new one.
        await Assertions.Expect(page.GetByText("Срок действия кода истёк").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Код из SMS")).ToHaveCountAsync(0);
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", person.Iin);
        await page.WaitForURLAsync("**/cabinet");
    }

    [Fact]
    public async Task Registration_PhoneOfSomeoneElse_RefusedWithAClearMessage()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        var person = PortalFlows.NextFreeAdult();
        var other = PortalFlows.NextFreeAdult();

        await page.GotoAsync("/register");
        await PortalFlows.WaitForButtonAsync(page, "Запросить код");
        await page.GetByLabel("Номер телефона").FillAsync(other.Phone!);
        await page.GetByLabel("ИИН родителя или законного представителя").FillAsync(person.Iin);
        await page.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Запросить код" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("не зарегистрирован");
        await Assertions.Expect(page.GetByTestId("code-countdown")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Language_SwitchedToKazakh_KazakhTextAndRemembered()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Регистрация" }).First).ToBeVisibleAsync();

        await page.GotoAsync("/culture/set?culture=kk&redirectUri=/login");
        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "kk");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Кіру" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Жүйеге кіру" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Language_SwitchedInTheHeader_ShowsKazakh()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await PortalFlows.WaitForButtonAsync(page, "Войти в систему");

        await page.GetByLabel("Язык: Русский").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Қазақша" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Тіркелу" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Staff_SignsInByLogin_SeesRoleAndScope()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();

        await PortalFlows.SignInAsync(page, "ЛОГИН", "Логин", "doctor.almaty", "Balabaqsha-2026");

        await page.WaitForURLAsync("**/cabinet");
        await Assertions.Expect(page.GetByTestId("cabinet-greeting")).ToContainTextAsync("Алматы");
    }

    [Fact]
    public async Task Home_PhoneSizedScreen_ShowsContactsWithoutHorizontalScroll()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl, width: 390, height: 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await Assertions.Expect(page.GetByText("8 (727) 339-72-22").First).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow);
    }
}
