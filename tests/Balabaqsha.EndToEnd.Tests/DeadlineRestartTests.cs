using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;
using Orleans.Configuration;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>
/// A voucher's answer deadline passes while the portal is down: the start-up sweep enforces it within
/// seconds of the next start — in the embedded default (SQLite, co-hosted silo) and in cluster mode
/// (a silo process on PostgreSQL). The test drives the grains as an Orleans client of the running portal.
/// </summary>
public sealed class DeadlineRestartTests
{
    private const string DefaultAdmin = "Host=127.0.0.1;Port=5432;Username=balabaqsha;Password=balabaqsha;Database=postgres";

    [Theory]
    [InlineData("embedded")]
    [InlineData("cluster")]
    public async Task DeadlinePassesWhileStopped_EnforcedAtStart(string mode)
    {
        var id = "bq_restart_" + Guid.NewGuid().ToString("N")[..10];
        var dataFolder = Path.Combine(Path.GetTempPath(), id);
        var admin = Environment.GetEnvironmentVariable("BALABAQSHA_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultAdmin;
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = id }.ConnectionString;
        var gatewayPort = PortalProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Balabaqsha__SeedDemoData"] = "false",
            ["Balabaqsha__DevelopmentControls"] = "true",
            ["Balabaqsha__ClusterId"] = id,
            ["Balabaqsha__ServiceId"] = id,
            ["Balabaqsha__SiloPort"] = PortalProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Balabaqsha__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (mode == "cluster")
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {id}", connection);
            await create.ExecuteNonQueryAsync();
            settings["Balabaqsha__PostgresConnectionString"] = connectionString;
            settings["Balabaqsha__AdvertisedIPAddress"] = "127.0.0.1";
        }
        else
        {
            settings["Balabaqsha__DataFolder"] = dataFolder;
        }

        Task<PortalProcess> Start() => mode == "cluster"
            ? PortalProcess.StartSiloAsync(settings)
            : PortalProcess.StartWebAsync(PortalProcess.FreePort(), settings);

        try
        {
            string number;
            Actor parentActor;
            var portal = await Start();
            try
            {
                await using var client = await ConnectAsync(mode, id, gatewayPort, connectionString);
                (number, parentActor) = await OfferAVoucherAsync(client.Grains);
                var application = client.Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));
                var offered = await application.GetAsync(parentActor);
                Assert.Equal(ApplicationStatus.VoucherOffered, offered.Status);

                // The portal's clock to a few seconds before the deadline; then the portal dies.
                var clock = client.Grains.GetGrain<IDevClockGrain>(GrainKeys.DevClock);
                var portalNow = SystemClock.Instance.GetCurrentInstant() + await clock.GetOffsetAsync();
                await clock.AdvanceAsync(offered.Deadline!.At - portalNow - Duration.FromSeconds(6));
                await Task.Delay(1000);
                Assert.Equal(ApplicationStatus.VoucherOffered, (await application.GetAsync(parentActor)).Status);
            }
            finally
            {
                portal.Kill();
                await portal.DisposeAsync();
            }

            // The deadline passes while nothing runs.
            await Task.Delay(TimeSpan.FromSeconds(8));

            await using var restarted = await Start();
            await using var again = await ConnectAsync(mode, id, gatewayPort, connectionString);
            var after = again.Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));
            var status = ApplicationStatus.VoucherOffered;
            for (var i = 0; i < 60 && status != ApplicationStatus.StopList; i++)
            {
                status = (await after.GetAsync(parentActor)).Status;
                await Task.Delay(250);
            }

            Assert.Equal(ApplicationStatus.StopList, status);
        }
        finally
        {
            if (mode == "cluster")
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {id} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            else
            {
                try
                {
                    Directory.Delete(dataFolder, recursive: true);
                }
                catch (IOException)
                {
                    // Left for the system's temp cleaning.
                }
            }
        }
    }

    // A locality of its own, a kindergarten with a group, a family that applies, one free place.
    private static async Task<(string Number, Actor Parent)> OfferAVoucherAsync(IGrainFactory grains)
    {
        var registry = JsonPopulationRegistry.BuiltIn();
        var family = registry.Families.Where(f => !f.Demo).Reverse()
            .Select(f => (Parent: registry.Find(f.Guardians[0])!, Child: f.Children.Select(c => registry.Find(c)!).FirstOrDefault(c => c.BirthDate.Year is >= 2021 and <= 2024)))
            .First(f => f.Child is not null && f.Parent.Phone is not null);
        var city = "restart";
        await grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Actor.System, new City(city, new LocalizedText(city, city, city), [new District("d1", new LocalizedText("d1", "d1", "d1"))]));
        var group = new KindergartenGroup("g1", "Группа 1", 1, 7, "ru", QueueType.General, null, 10);
        await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten("restart-001")).SaveAsync(Actor.System, new KindergartenProfile(
            "restart-001", 1, new LocalizedText("Бала", "Бала", "Bala"), city, "d1", "ул. Тестовая, 1", Ownership.State, ["ru"], "+77270000000", [group]));
        await grains.GetGrain<IAccountGrain>(GrainKeys.Account(family.Parent.Iin)).CreateParentAsync(RegistryPersonSnapshot.From(family.Parent), family.Parent.Phone!, "hash", "ru");
        var actor = new Actor(family.Parent.Iin, Role.Parent, family.Parent.FullName, null, null);
        var parent = grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(family.Parent.Iin));
        await parent.AddChildAsync(actor, family.Child!.Iin);
        var number = await parent.SubmitApplicationAsync(actor, new ApplicationForm(QueueType.General, family.Child.Iin, null, null, city, "restart-001", "ru", null, null, true));
        var staff = new Actor("staff-restart", Role.KindergartenStaff, "Сотрудник", city, "restart-001");
        await grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(city, QueueType.General, null, "ru", family.Child.BirthDate.Year)).PublishAsync(staff, "restart-001", "g1", 1);
        for (var i = 0; i < 100; i++)
        {
            if ((await grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).GetAsync(actor)).Status == ApplicationStatus.VoucherOffered)
            {
                break;
            }

            await Task.Delay(50);
        }

        return (number, actor);
    }

    private static async Task<ClientHost> ConnectAsync(string mode, string id, int gatewayPort, string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = id;
                o.ServiceId = id;
            });
            if (mode == "cluster")
            {
                client.UseBalabaqshaPostgresClustering(connectionString);
            }
            else
            {
                client.UseStaticClustering(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, gatewayPort));
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClientHost(host);
    }

    private sealed class ClientHost(IHost host) : IAsyncDisposable
    {
        public IGrainFactory Grains => host.Services.GetRequiredService<IClusterClient>();

        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await host.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // A client whose silo was killed may not stop gracefully.
            }

            host.Dispose();
        }
    }
}
