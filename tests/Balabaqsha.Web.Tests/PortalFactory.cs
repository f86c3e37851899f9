using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>
/// The real web host with its co-hosted silo on a throw-away SQLite folder and its own ports, so
/// several factories can run side by side.
/// </summary>
// Any type of the web assembly names it for the test host; Program exists in the silo assembly too.
public class PortalFactory : WebApplicationFactory<SharedResource>
{
    private readonly Dictionary<string, string?> _settings;

    public PortalFactory()
        : this([])
    {
    }

    protected PortalFactory(Dictionary<string, string?> settings)
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "bq-web-tests-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Balabaqsha:DataFolder"] = DataFolder,
            ["Balabaqsha:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Balabaqsha:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string DataFolder { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Signs a demo account in over HTTP (the real cookie hand-over); the client then carries its cookie.</summary>
    public async Task<(HttpClient Client, string Iin)> SignedInClientAsync(string login, string password = Silo.Demo.DemoSeeder.DemoPassword)
    {
        _ = Server; // starts the host (and the demo seeding) on first use
        var outcome = await Services.GetRequiredService<IGrainFactory>().GetGrain<Abstractions.Identity.IIdentityGrain>(0)
            .SignInAsync(Abstractions.Identity.LoginKind.Login, login, password);
        Assert.True(outcome.Succeeded, $"{login} did not sign in: {outcome.MessageKey}");
        var client = CreateNoRedirectClient();
        using var completion = await client.GetAsync(Services.GetRequiredService<Services.SignInTickets>().CreateCompletionUrl(outcome, remember: false, "/cabinet"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, completion.StatusCode);
        return (client, outcome.Account!.Iin);
    }

    public HttpClient CreateNoRedirectClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the system.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The production configuration: no development controls, an SMS gateway configured.</summary>
public sealed class ProductionPortalFactory() : PortalFactory(new Dictionary<string, string?>
{
    ["Balabaqsha:DevelopmentControls"] = "false",
    ["Balabaqsha:SeedDemoData"] = "false",
    ["Balabaqsha:Sms:Url"] = "http://127.0.0.1:9/unused",
});
