using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Balabaqsha.Domain.Time;
using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using NodaTime;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>
/// The guide's «Процесс получения ваучера» in the parent's browser: a kindergarten publishes free places,
/// the voucher reaches a fresh application, and the parent answers it while the development clock moves
/// the deadlines; every change after a clock move arrives on the open card without a reload.
/// </summary>
// A portal of their own: the free places these tests publish would otherwise give vouchers to the
// applications other browser tests expect to wait in the queue.
[Collection(VoucherPortalCollection.Name)]
public sealed partial class VoucherFlowTests(EmbeddedPortalFixture portal)
{
    private const string StaffPassword = "Balabaqsha-2026";

    // Deadline enforcement is a sweep after the clock moves, then a notice, then the card reads itself again.
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 20_000 };

    [Fact]
    public async Task Voucher_AcceptedThenExtendedOnLastDay_ArchivedLiveWhenTheDeadlinePasses()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        var (_, birthYear, language) = await ApplyAsync(page);

        await PublishPlacesAsync("staff.4", birthYear, language);

        var voucher = page.GetByTestId("voucher");
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "VoucherOffered", Live);
        await Assertions.Expect(voucher).ToContainTextAsync("Выдан ваучер");
        await Assertions.Expect(voucher.GetByTestId("deadline")).ToContainTextAsync(DeadlineText());
        Assert.True(await DaysLeftAsync(page) > 0);

        // «Выбрать» → «Да»: five business days to choose a kindergarten and conclude the contract.
        await page.GetByRole(AriaRole.Button, new() { Name = "Выбрать" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("voucher-answer")).ToContainTextAsync("если вы нажмёте «Нет», ваша заявка будет архивирована");
        await page.GetByRole(AriaRole.Button, new() { Name = "Да", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("Выбор детского сада");
        var deadline = page.GetByTestId("deadline");
        await Assertions.Expect(deadline).ToHaveAttributeAsync("data-kind", "Enrollment");
        var expectedLastDay = BusinessCalendar.Kazakhstan().LastDay(BusinessCalendar.Kazakhstan().DeadlineAfter(await NowAsync(page), 5));
        await Assertions.Expect(deadline).ToHaveAttributeAsync("data-last-day", expectedLastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(5, await DaysLeftAsync(page));

        // The clock walks to the last (5th) business day: only then may the parent extend, once.
        var extend = page.GetByRole(AriaRole.Button, new() { Name = "Продлить на 2 рабочих дня" });
        for (var step = 0; step < 10 && !await extend.IsVisibleAsync(); step++)
        {
            var left = await DaysLeftAsync(page);
            await AdvanceAsync(page, left > 1 ? new { businessDays = left - 1 } : new { days = 1 });
            await page.ReloadAsync();
            await PortalFlows.WaitForButtonAsync(page, "Отказаться от ваучера");
        }

        Assert.Equal(1, await DaysLeftAsync(page));
        await extend.ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-success")).ToContainTextAsync("Ваучер продлён до");
        await Assertions.Expect(extend).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("voucher-extended")).ToBeVisibleAsync();
        Assert.Equal(2, await DaysLeftAsync(page));

        // Past the extended deadline the voucher is annulled: the open card turns to the archive by itself.
        await AdvancePastAsync(page, deadline);
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "Archived", Live);
        await Assertions.Expect(page.GetByTestId("archive-reason")).ToContainTextAsync("срок ваучера истек");
        await Assertions.Expect(page.GetByTestId("voucher")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=history-row][data-event='History.VoucherExpired']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Voucher_NotAnswered_StopListedLive_ReturnedToTheQueue()
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        var (number, birthYear, language) = await ApplyAsync(page);

        await PublishPlacesAsync("staff.7", birthYear, language);
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "VoucherOffered", Live);

        // No answer within two business days: the stop list, with 28 days to come back.
        await AdvancePastAsync(page, page.GetByTestId("deadline"));
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "StopList", Live);
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("Стоп-лист");
        await Assertions.Expect(page.GetByTestId("deadline")).ToContainTextAsync("Вернуть в очередь можно до");

        await page.GotoAsync("/applications");
        var row = page.Locator($"[data-testid=application-row][data-number='{number}']");
        await Assertions.Expect(row.GetByTestId("application-deadline")).ToContainTextAsync(DeadlineText());

        await page.GotoAsync($"/applications/{number}");
        await PortalFlows.WaitForButtonAsync(page, "Вернуть в очередь");
        await page.GetByRole(AriaRole.Button, new() { Name = "Вернуть в очередь" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-success")).ToContainTextAsync("возвращено в очередь");
        await Assertions.Expect(page.Locator("[data-testid=history-row][data-event='History.ReturnedFromStopList']")).ToHaveCountAsync(1);

        // Back at its original place; the group still has free places, so the voucher comes again at once.
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", new Regex("^(InQueue|VoucherOffered)$"), Live);
    }

    /// <summary>A fresh family applies to Almaty's general queue; the card is open at the end.</summary>
    private static async Task<(string Number, int BirthYear, string Language)> ApplyAsync(IPage page)
    {
        var (parent, child) = PortalFlows.NextFreeFamilyWithPreschooler();
        await PortalFlows.RegisterAsync(page, parent);
        await PortalFlows.SignInAsync(page, "ИИН", "ИИН", parent.Iin);
        await page.WaitForURLAsync("**/cabinet");
        await PortalFlows.AddChildAsync(page, child.Iin, child.Surname);
        var number = await PortalFlows.SubmitGeneralAsync(page);

        // A free place left over by another test may already have offered it a voucher: either status is fine here.
        await Assertions.Expect(page.GetByTestId("application-language")).ToBeVisibleAsync();
        var language = (await page.GetByTestId("application-language").InnerTextAsync()).Trim() == "Русский" ? "ru" : "kk";
        return (number, child.BirthDate.Year, language);
    }

    /// <summary>
    /// The kindergarten's staff publish a whole group's capacity for the child's birth year and language:
    /// more places than the demo queue holds applications of one birth year and language, so the offers
    /// reach the new application, which entered last.
    /// </summary>
    private async Task PublishPlacesAsync(string staffLogin, int birthYear, string language)
    {
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await PortalFlows.SignInAsync(page, "ЛОГИН", "Логин", staffLogin, StaffPassword);
        await page.WaitForURLAsync("**/cabinet");
        await page.GotoAsync("/kindergarten/places");

        var year = birthYear.ToString(CultureInfo.InvariantCulture);
        var rows = $"tr[data-testid^='places-group-g-{language}-'][data-testid$='-{year}']";
        var card = page.Locator("[data-testid^='places-card-']", new() { Has = page.Locator(rows) }).First;
        var row = card.Locator(rows).First;
        await Assertions.Expect(row.GetByTestId("places-save")).ToBeEnabledAsync();
        var capacity = await card.GetByTestId("places-capacity").GetAttributeAsync("data-value") ?? throw new InvalidOperationException("No capacity.");
        await row.GetByTestId("places-input").FillAsync(capacity);
        await row.GetByTestId("places-save").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-published", capacity);
    }

    [GeneratedRegex(@"до \d\d\.\d\d\.\d{4} 24:00")]
    private static partial Regex DeadlineText();

    private static async Task<int> DaysLeftAsync(IPage page) =>
        int.Parse(await page.GetByTestId("deadline").GetAttributeAsync("data-days-left") ?? "-1", CultureInfo.InvariantCulture);

    private static async Task<Instant> NowAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/dev/clock/now");
        Assert.True(response.Ok);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return Instant.FromDateTimeOffset(DateTimeOffset.Parse(json.RootElement.GetProperty("now").GetString()!, CultureInfo.InvariantCulture));
    }

    private static async Task AdvanceAsync(IPage page, object by)
    {
        var response = await page.APIRequest.PostAsync("/dev/clock/advance", new() { DataObject = by });
        Assert.True(response.Ok, await response.TextAsync());
    }

    /// <summary>Moves the clock an hour past the deadline the card shows (whatever weekends and holidays lie between).</summary>
    private static async Task AdvancePastAsync(IPage page, ILocator deadline)
    {
        var at = Instant.FromDateTimeOffset(DateTimeOffset.Parse(await deadline.GetAttributeAsync("data-at") ?? string.Empty, CultureInfo.InvariantCulture));
        var hours = (int)Math.Ceiling((at - await NowAsync(page)).TotalHours) + 1;
        await AdvanceAsync(page, new { hours });
    }
}
