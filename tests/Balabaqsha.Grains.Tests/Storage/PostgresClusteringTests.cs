using System.Net;
using System.Net.Sockets;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>
/// Two silos and a client in separate hosts of this process, joined only through the PostgreSQL
/// membership table. (InProcessTestCluster always injects its own in-memory membership table, so
/// it cannot test clustering providers.)
/// </summary>
public sealed class PostgresClusteringTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string ServiceId = "clustering-tests";

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Quick(HostOptions options) => options.ShutdownTimeout = TimeSpan.FromSeconds(15);

    private async Task<IHost> StartSiloAsync(string clusterId, string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = name, EnvironmentName = Environments.Development });
        builder.Services.Configure<HostOptions>(Quick);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort(), listenOnAnyHostAddress: false);
            silo.UseBalabaqshaPostgresClustering(database.ConnectionString);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<IHost> StartClientAsync(string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.Services.Configure<HostOptions>(Quick);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = ServiceId;
            });
            client.UseBalabaqshaPostgresClustering(database.ConnectionString);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<long> ActiveMembersAsync(string clusterId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM orleansmembershiptable WHERE deploymentid = @id AND status = 3", connection);
        command.Parameters.AddWithValue("id", clusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task UseBalabaqshaPostgresClustering_TwoSilosAndAClient_FormOneClusterAndServeCallsOnBothSilos()
    {
        var clusterId = "two-silos-" + Guid.NewGuid().ToString("N");
        var hosts = new List<IHost>();
        try
        {
            hosts.Add(await StartSiloAsync(clusterId, "silo-1"));
            hosts.Add(await StartSiloAsync(clusterId, "silo-2"));
            hosts.Add(await StartClientAsync(clusterId));
            var client = hosts[^1].Services.GetRequiredService<IClusterClient>();

            var activeSilos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            var servingSilos = new HashSet<string>();
            for (var i = 0; i < 40 && servingSilos.Count < 2; i++)
            {
                servingSilos.Add(await client.GetGrain<ISiloProbeGrain>($"probe:{i}").GetSiloAsync());
            }

            Assert.Equal(2, activeSilos.Count);
            Assert.Equal(2, servingSilos.Count);
            Assert.Equal(2, await ActiveMembersAsync(clusterId));
        }
        finally
        {
            // Client first, then the silos, while the database is still there.
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].StopAsync();
                hosts[i].Dispose();
            }
        }
    }
}
