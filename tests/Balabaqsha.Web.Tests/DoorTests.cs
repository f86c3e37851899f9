using System.Net;
using System.Net.Http.Json;
using Balabaqsha.Silo.Hosting;

namespace Balabaqsha.Web.Tests;

/// <summary>Every HTTP door of the portal: what a guest, a forger and a script get.</summary>
public sealed class DoorTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/cabinet")]
    [InlineData("/profile")]
    public async Task ProtectedPage_Guest_RedirectedToLogin(string path)
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/register")]
    [InlineData("/recover")]
    [InlineData("/contacts")]
    [InlineData("/lookup")]
    [InlineData("/lookup?number=ALA-000001")]
    [InlineData("/statistics")]
    [InlineData("/catalog")]
    [InlineData("/catalog/almaty-001")]
    public async Task PublicPage_Guest_Renders(string path)
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task CompleteSignIn_ForgedTicket_NoCookieAndBackToLogin(string ticket)
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync($"/account/complete-signin?t={Uri.EscapeDataString(ticket)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("bq.auth", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task SetCulture_ForeignRedirect_GoesHomeInstead(string target)
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync($"/culture/set?culture=kk&redirectUri={Uri.EscapeDataString(target)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains("c%3Dkk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetCity_UnknownCity_NoCookie()
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync("/city/set?city=atlantis&redirectUri=/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("bq.city", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SetCity_KnownCity_RemembersIt()
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync("/city/set?city=astana&redirectUri=/catalog");

        Assert.Equal("/catalog", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bq.city=astana", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"hours":1,"days":1}""")]
    [InlineData("""{"hours":-3}""")]
    [InlineData("""{"days":0}""")]
    public async Task AdvanceClock_BadBody_RefusedAndClockUnchanged(string body)
    {
        using var client = portal.CreateClient();
        var before = await client.GetFromJsonAsync<ClockDto>("/dev/clock/now");

        using var response = await client.PostAsync("/dev/clock/advance", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await client.GetFromJsonAsync<ClockDto>("/dev/clock/now");
        Assert.Equal(before!.Offset, after!.Offset);
    }

    [Fact]
    public async Task AdvanceClock_Hours_MovesThePortalClock()
    {
        using var client = portal.CreateClient();
        var before = await client.GetFromJsonAsync<ClockDto>("/dev/clock/now");

        using var response = await client.PostAsJsonAsync("/dev/clock/advance", new { hours = 2 });

        response.EnsureSuccessStatusCode();
        var after = await client.GetFromJsonAsync<ClockDto>("/dev/clock/now");
        Assert.NotEqual(before!.Offset, after!.Offset);
        var moved = DateTimeOffset.Parse(after.Now, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(before.Now, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(moved.TotalHours, 2, 2.1);
    }

    private sealed record ClockDto(string Now, string Offset);
}

public sealed class ProductionDoorTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    [Theory]
    [InlineData("/dev/sms/latest")]
    [InlineData("/dev/clock/now")]
    public async Task DevEndpoint_ProductionConfiguration_NotFound(string path)
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AdvanceClock_ProductionConfiguration_Refused()
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.PostAsJsonAsync("/dev/clock/advance", new { hours = 1 });

        // No endpoint takes it: the request falls to the pages, which refuse a form post without a token.
        Assert.False(response.IsSuccessStatusCode);
        Assert.DoesNotContain("offset", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SmsOutboxPage_ProductionConfiguration_ShowsNoMessages()
    {
        using var client = portal.CreateNoRedirectClient();

        using var response = await client.GetAsync("/dev/sms");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("sms-row", html, StringComparison.Ordinal);
    }
}

public sealed class PortalOptionsTests
{
    [Fact]
    public void Problems_DevelopmentControlsWithGateway_Refused()
    {
        var options = new PortalOptions { DevelopmentControls = true, Sms = { Url = "http://gateway.example/send" } };

        Assert.NotEmpty(PortalOptionsRules.Problems(options));
    }

    [Fact]
    public void Problems_ClusterWithoutGatewayOrDevControls_Refused()
    {
        var options = new PortalOptions { PostgresConnectionString = "Host=db", DevelopmentControls = false };

        Assert.NotEmpty(PortalOptionsRules.Problems(options));
    }

    [Fact]
    public void Problems_ProductionClusterWithTheDevelopmentPseudonymKey_Refused()
    {
        var options = new PortalOptions { PostgresConnectionString = "Host=db", DevelopmentControls = false, Sms = { Url = "http://gateway.example/send" } };

        Assert.Contains(PortalOptionsRules.Problems(options), p => p.Contains("PseudonymKey", StringComparison.Ordinal));
        options.PseudonymKey = "a-long-secret-of-this-deployment";
        Assert.Empty(PortalOptionsRules.Problems(options));
    }

    [Fact]
    public void Problems_EmbeddedDefault_Accepted()
    {
        var options = new PortalOptions();

        Assert.Empty(PortalOptionsRules.Problems(options));
        Assert.True(options.DevelopmentControlsOn);
        Assert.True(options.SeedDemoDataOn);
    }

    [Fact]
    public void Start_DevelopmentControlsWithGateway_PortalRefusesToStart()
    {
        using var portal = new MisconfiguredPortalFactory();

        Assert.ThrowsAny<Exception>(() => portal.CreateClient());
    }

    private sealed class MisconfiguredPortalFactory() : PortalFactory(new Dictionary<string, string?>
    {
        ["Balabaqsha:DevelopmentControls"] = "true",
        ["Balabaqsha:Sms:Url"] = "http://127.0.0.1:9/unused",
    });
}
