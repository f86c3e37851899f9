using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Signatures;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Vouchers;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Silo.Signatures;
using Balabaqsha.Silo.Storage;
using Balabaqsha.Silo.Storage.Documents;
using Balabaqsha.Silo.Storage.Vouchers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using Orleans.TestingHost;

namespace Balabaqsha.Grains.Tests.Infrastructure;

/// <summary>
/// An in-process cluster wired as the embedded default wires its silo: ADO.NET storage and reminders on
/// a SQLite file with our schema, the JSON storage serializer, the development SMS outbox. The portal
/// clock runs on a fake clock the tests move.
/// </summary>
public sealed class PortalClusterFixture : IAsyncLifetime
{
    public FakeClock Time { get; } = new(Instant.FromUtc(2026, 11, 24, 6, 0));

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "bq-grains-" + Guid.NewGuid().ToString("N"));

    private readonly string _serviceId = "bq-test-" + Guid.NewGuid().ToString("N")[..8];

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public JsonPopulationRegistry Registry { get; } = JsonPopulationRegistry.BuiltIn();

    /// <summary>The CA the silo's signature verifier trusts; it issues the tests' signing keys.</summary>
    public TestCertificateAuthority SigningAuthority { get; } = TestCertificateAuthority.CreateInMemory("Balabaqsha grain tests CA");

    /// <summary>The documents (contracts, attachments) the grains store, as the embedded default keeps them.</summary>
    public IDocumentStore Documents { get; private set; } = null!;

    /// <summary>The voucher pools' database of the silo, which remembers every pool's writes across restarts.</summary>
    public RecordingVoucherPoolDatabase VoucherPools { get; } = new();

    private string ConnectionString => $"Data Source={Path.Combine(DataFolder, "balabaqsha.db")};Pooling=True";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        Documents = new FileDocumentStore(Path.Combine(DataFolder, DocumentStoreSetup.FolderName));
        await SchemaInstaller.ApplySqliteAsync(ConnectionString);
        Cluster = await StartAsync();
    }

    /// <summary>Stops the cluster and starts a new one on the same database, as a restart would.</summary>
    public async Task RestartAsync(Action? whileStopped = null)
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        whileStopped?.Invoke();
        Cluster = await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        SigningAuthority.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is left for the system to clean when SQLite still holds it.
        }
    }

    private async Task<InProcessTestCluster> StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);

        // Storage rows are keyed by service id: a restart must come back as the same service.
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddBalabaqshaStorage(StorageBackend.Sqlite, ConnectionString);

            // The pool tables as StorageSetup registers them for SQLite, seen through the recorder.
            VoucherPools.Inner = new SqliteVoucherPoolDatabase(new SqlitePragmaDataSource(ConnectionString));
            silo.Services.Replace(ServiceDescriptor.Singleton<IVoucherPoolDatabase>(VoucherPools));
            silo.Services.AddSingleton(new PortalClock(Time));
            silo.Services.AddSingleton<IClock>(sp => sp.GetRequiredService<PortalClock>());
            silo.Services.AddSingleton<IPopulationRegistry>(Registry);
            silo.Services.AddBalabaqshaGrainServices(new PortalOptions());
            silo.Services.AddSingleton(Documents);
            silo.Services.AddSingleton(new ContractSignatureVerifier([SigningAuthority.RootCertificate]));
            silo.Services.AddSingleton<DeadlineSweeper>();
            silo.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

[CollectionDefinition(Name)]
public sealed class PortalClusterCollection : ICollectionFixture<PortalClusterFixture>
{
    public const string Name = "Portal cluster";
}
