using System.Text.RegularExpressions;
using Balabaqsha.Domain.Registry;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests.Infrastructure;

/// <summary>The guide's flows as a person performs them, by labels and the Russian button texts.</summary>
public static partial class PortalFlows
{
    public const string Password = "Balabaqsha-e2e-1";

    private static readonly JsonPopulationRegistry Registry = JsonPopulationRegistry.BuiltIn();
    private static int _next;

    /// <summary>An adult with a phone from a family the demo data leaves free; a different one on every call.</summary>
    public static RegistryPerson NextFreeAdult()
    {
        var free = Registry.Families.Where(f => !f.Demo).SelectMany(f => f.Guardians).Distinct()
            .Select(iin => Registry.Find(iin)!).Where(p => p.Phone is not null).ToList();
        return free[(Interlocked.Increment(ref _next) * 7) % free.Count];
    }

    /// <summary>A free family's parent (with a phone) and a child between one and six: a different one on every call.</summary>
    public static (RegistryPerson Parent, RegistryPerson Child) NextFreeFamilyWithPreschooler()
    {
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InUtc().Date;
        var families = Registry.Families.Where(f => !f.Demo)
            .Select(f => (Parent: f.Guardians.Select(Registry.Find).FirstOrDefault(p => p!.Phone is not null), Child: f.Children.Select(Registry.Find).FirstOrDefault(c => c!.BirthDate.PlusYears(1) < today && c.BirthDate.PlusYears(6) > today)))
            .Where(f => f.Parent is not null && f.Child is not null)
            .ToList();
        var pick = families[(Interlocked.Increment(ref _nextFamily) * 5 + 3) % families.Count];
        return (pick.Parent!, pick.Child!);
    }

    private static int _nextFamily;

    public static async Task RegisterAsync(IPage page, RegistryPerson person, string password = Password)
    {
        await page.GotoAsync("/register");
        await WaitForButtonAsync(page, "Запросить код");
        await page.GetByLabel("Номер телефона").FillAsync(person.Phone!);
        await page.GetByLabel("ИИН родителя или законного представителя").FillAsync(person.Iin);
        await page.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Запросить код" }).ClickAsync();
        await page.GetByTestId("code-countdown").WaitForAsync();
        await page.GetByLabel("Код из SMS").FillAsync(await LatestCodeAsync(page, person.Phone!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await page.GetByText(person.Surname, new() { Exact = false }).First.WaitForAsync();
        await page.GetByLabel("Пароль для входа").FillAsync(password);
        await page.GetByLabel("Подтвердите пароль").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await page.GetByText("Регистрация завершена").WaitForAsync();
    }

    public static async Task SignInAsync(IPage page, string tab, string fieldLabel, string identifier, string password = Password)
    {
        await page.GotoAsync("/login");
        await WaitForButtonAsync(page, "Войти в систему");
        await page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
        await page.GetByLabel(fieldLabel, new() { Exact = true }).FillAsync(identifier);
        await page.GetByLabel("Пароль", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти в систему" }).ClickAsync();
    }

    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Выйти" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    /// <summary>
    /// Buttons stay disabled until the page's circuit is interactive: typing before that would be lost
    /// when the interactive render takes over.
    /// </summary>
    public static Task WaitForButtonAsync(IPage page, string name) =>
        Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = name })).ToBeEnabledAsync();

    /// <summary>Reads the newest code sent to a phone from the development outbox page, /dev/sms.</summary>
    public static async Task<string> LatestCodeAsync(IPage page, string phone)
    {
        var outbox = await page.Context.NewPageAsync();
        try
        {
            await outbox.GotoAsync("/dev/sms");
            var row = outbox.Locator($"[data-testid=sms-row][data-phone='{phone}']").First;
            await row.WaitForAsync();
            var text = await row.GetByTestId("sms-text").InnerTextAsync();
            return SixDigits().Match(text).Value;
        }
        finally
        {
            await outbox.CloseAsync();
        }
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
