using Balabaqsha.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Balabaqsha.Benchmarks;

/// <summary>
/// A silo of the cluster mode in this process, configured exactly as <c>silo/</c> configures one
/// (PostgreSQL clustering, storage, reminders, the queue journal). Grain calls from here are in-process,
/// as they are for the embedded default's co-hosted web server; web servers started as processes join it
/// as Orleans clients through PostgreSQL membership.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host, int gatewayPort)
    {
        _host = host;
        GatewayPort = gatewayPort;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public int GatewayPort { get; }

    /// <summary>
    /// A cluster-mode silo on <paramref name="database"/>; <paramref name="configure"/> runs after the silo's own
    /// registrations, so it may replace a service (the voucher benchmark's synthetic population registry).
    /// </summary>
    public static Task<BenchSilo> StartAsync(BenchDatabase database, Action<IServiceCollection>? configure = null) => StartAsync(
        new Dictionary<string, string?>
        {
            ["Balabaqsha:PostgresConnectionString"] = database.ConnectionString,
            ["Balabaqsha:ClusterId"] = database.Name,
            ["Balabaqsha:ServiceId"] = database.Name,
            ["Balabaqsha:AdvertisedIPAddress"] = "127.0.0.1",
        },
        configure);

    /// <summary>A silo as the embedded default runs it: SQLite in <paramref name="dataFolder"/>, localhost clustering.</summary>
    public static Task<BenchSilo> StartEmbeddedAsync(string dataFolder) => StartAsync(new Dictionary<string, string?>
    {
        ["Balabaqsha:DataFolder"] = dataFolder,
    });

    private static async Task<BenchSilo> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var gatewayPort = FreePort();
        settings["Balabaqsha:DevelopmentControls"] = "true";
        settings["Balabaqsha:SeedDemoData"] = "false";
        settings["Balabaqsha:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Balabaqsha:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.AddBalabaqshaSilo();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping is best effort at the end of a run.
        }

        _host.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
