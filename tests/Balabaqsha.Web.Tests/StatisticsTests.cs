using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>The public statistics (SPEC §9): the JSON for other dashboards and the page, on the demo data.</summary>
public sealed partial class StatisticsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string AlmatyGeneral = QueueKeys.For("almaty", QueueType.General, null);

    private IGrainFactory Grains
    {
        get
        {
            _ = portal.Server; // starts the host (and the seeding) on first use
            return portal.Services.GetRequiredService<IGrainFactory>();
        }
    }

    [Fact]
    public async Task Api_AlmatyGeneralQueue_WaitingMatchesTheQueueAndBirthYearsAddUp()
    {
        var count = await ReportedCountAsync(AlmatyGeneral);
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("/api/statistics");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var root = json.RootElement;
        Assert.Matches(IsoInstant(), root.GetProperty("asOf").GetString());
        var general = root.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queueKey").GetString() == AlmatyGeneral);
        Assert.Equal("almaty", general.GetProperty("cityId").GetString());
        Assert.Equal("general", general.GetProperty("queueType").GetString());
        Assert.Equal(JsonValueKind.Null, general.GetProperty("rehabilitationTypeId").ValueKind);
        Assert.Equal(count, general.GetProperty("waiting").GetInt32());
        Assert.True(count > 0);
        Assert.Equal(count, general.GetProperty("byBirthYear").EnumerateArray().Sum(b => b.GetProperty("waiting").GetInt32()));
        Assert.All(general.GetProperty("byBirthYear").EnumerateArray(), b => Assert.InRange(b.GetProperty("birthYear").GetInt32(), 2000, 2100));
        Assert.True(general.GetProperty("medianWaitingDays").GetDouble() >= 0);
        Assert.True(general.GetProperty("enteredThisWeek").GetInt32() >= 0);
        Assert.True(general.GetProperty("leftThisWeek").GetInt32() >= 0);
        var totals = root.GetProperty("totals");
        Assert.Equal(root.GetProperty("queues").EnumerateArray().Sum(q => q.GetProperty("waiting").GetInt32()), totals.GetProperty("waiting").GetInt32());
        Assert.Equal(totals.GetProperty("waiting").GetInt32(), totals.GetProperty("byBirthYear").EnumerateArray().Sum(b => b.GetProperty("waiting").GetInt32()));
    }

    [Theory]
    [InlineData("almaty")]
    [InlineData("astana")]
    public async Task Api_CityFilter_GivesOnlyThatCitysQueuesGeneralFirst(string city)
    {
        await ReportedCountAsync(AlmatyGeneral);
        using var client = portal.CreateClient();

        using var response = await client.GetAsync($"/api/statistics?city={city}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queues = json.RootElement.GetProperty("queues").EnumerateArray().ToList();
        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.Equal(city, q.GetProperty("cityId").GetString()));
        Assert.Equal(QueueKeys.For(city, QueueType.General, null), queues[0].GetProperty("queueKey").GetString());
        Assert.All(queues.Skip(1), q => Assert.Equal("sanatorium", q.GetProperty("queueType").GetString()));
        Assert.Equal(queues.Sum(q => q.GetProperty("waiting").GetInt32()), json.RootElement.GetProperty("totals").GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task Api_UnknownCity_GivesNoQueues()
    {
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("/api/statistics?city=atlantis");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(json.RootElement.GetProperty("queues").EnumerateArray());
        Assert.Equal(0, json.RootElement.GetProperty("totals").GetProperty("waiting").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("asOf").ValueKind);
    }

    [Theory]
    [InlineData("Almaty")]
    [InlineData("almaty%3Cscript%3E")]
    [InlineData("al%20maty")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Api_MalformedCity_Gives400WithALocalizedProblemAndNoFigures(string city)
    {
        _ = portal.Server;
        using var client = portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/statistics?city={city}");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dru%7Cuic%3Dru");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Contains("almaty", json.RootElement.GetProperty("detail").GetString());
        Assert.Matches("[\\u0400-\\u04FF]", json.RootElement.GetProperty("detail").GetString());
        Assert.False(json.RootElement.TryGetProperty("queues", out _));
        Assert.DoesNotContain("queue:", body);
    }

    [Fact]
    public async Task Page_DefaultCity_RendersTheFiguresTableWithoutScript()
    {
        var count = await ReportedCountAsync(AlmatyGeneral);
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("/statistics");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"statistics-table\"", html);
        Assert.Contains("data-testid=\"statistics-birth-years\"", html);
        Assert.Contains($"data-testid=\"stat-waiting\" data-queue=\"{AlmatyGeneral}\" data-value=\"{count}\"", html);
        Assert.Contains("data-testid=\"stat-waiting\" data-queue=\"total\"", html);
        Assert.DoesNotContain("data-testid=\"chart-birth-years\"", html); // charts need the circuit
    }

    /// <summary>
    /// The queue's count once the statistics grain holds the same figure: queues report within about a
    /// second of activation or of a change, so this polls briefly instead of sleeping.
    /// </summary>
    private async Task<int> ReportedCountAsync(string queueKey)
    {
        var queue = Grains.GetGrain<IQueueGrain>(queueKey);
        var statistics = Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var count = await queue.CountAsync();
            var reported = (await statistics.GetAllAsync()).FirstOrDefault(q => q.QueueKey == queueKey);
            if (reported?.Waiting == count)
            {
                return count;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex IsoInstant();
}
