using System.Text.RegularExpressions;
using Balabaqsha.Domain.Registry;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests.Infrastructure;

/// <summary>The guide's flows as a person performs them, by labels and the Russian button texts.</summary>
public static partial class PortalFlows
{
    public const string Password = "Balabaqsha-e2e-1";

    private static readonly JsonPopulationRegistry Registry = JsonPopulationRegistry.BuiltIn();

    private static readonly HashSet<string> Used = [];

    /// <summary>An adult with a phone from a family the demo data leaves free; nobody is handed out twice in a run.</summary>
    public static RegistryPerson NextFreeAdult()
    {
        var free = Registry.Families.Where(f => !f.Demo).SelectMany(f => f.Guardians).Distinct()
            .Select(iin => Registry.Find(iin)!).Where(p => p.Phone is not null);
        return Take(free, p => p.Iin);
    }

    /// <summary>A free family's parent (with a phone) and a child between one and six; nobody is handed out twice in a run.</summary>
    public static (RegistryPerson Parent, RegistryPerson Child) NextFreeFamilyWithPreschooler()
    {
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InUtc().Date;
        var families = Registry.Families.Where(f => !f.Demo)
            .Select(f => (Parent: f.Guardians.Select(Registry.Find).FirstOrDefault(p => p!.Phone is not null), Child: f.Children.Select(Registry.Find).FirstOrDefault(c => c!.BirthDate.PlusYears(1) < today && c.BirthDate.PlusYears(6) > today)))
            .Where(f => f.Parent is not null && f.Child is not null)
            .Select(f => (f.Parent!, f.Child!));
        return Take(families, f => f.Item1.Iin);
    }

    private static T Take<T>(IEnumerable<T> candidates, Func<T, string> iin)
    {
        lock (Used)
        {
            var pick = candidates.First(c => !Used.Contains(iin(c)));
            Used.Add(iin(pick));
            return pick;
        }
    }

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

    public static async Task AddChildAsync(IPage page, string iin, string surname)
    {
        await page.GotoAsync("/children");
        await WaitForButtonAsync(page, "Добавить ребенка");
        await page.GetByRole(AriaRole.Button, new() { Name = "Добавить ребенка" }).ClickAsync();
        await page.GetByLabel("ИИН ребенка").FillAsync(iin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Проверить ИИН" }).ClickAsync();
        await Assertions.Expect(page.GetByText(surname).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("child-row")).Not.ToHaveCountAsync(0);
    }

    public static async Task<string> SubmitSanatoriumAsync(IPage page, string childName, string file)
    {
        await page.GotoAsync("/applications/new");
        await WaitForButtonAsync(page, "Отправить");
        await page.GetByLabel("Санаторная").CheckAsync();
        await page.GetByLabel("Ребенок").SelectOptionAsync(new SelectOptionValue { Label = null, Index = 1 });
        await page.GetByLabel("Тип реабилитации").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Заключение врача-фтизиатра").SetInputFilesAsync(file);
        await page.GetByTestId("upload-done").First.WaitForAsync();
        await page.GetByLabel("Дошкольная организация").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Язык обучения").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Checkbox).Last.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/applications/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        _ = childName;
        return new Uri(page.Url).AbsolutePath["/applications/".Length..];
    }

    public static async Task<string> SubmitGeneralAsync(IPage page)
    {
        await page.GotoAsync("/applications/new");
        await WaitForButtonAsync(page, "Отправить");
        await page.GetByLabel("Общая").CheckAsync();
        await page.GetByLabel("Ребенок").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Дошкольная организация").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Язык обучения").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Checkbox).Last.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/applications/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        return new Uri(page.Url).AbsolutePath["/applications/".Length..];
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
