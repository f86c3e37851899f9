using Balabaqsha.Grains.Queues;
using Balabaqsha.Silo.Storage.Queues;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace Balabaqsha.Silo.Storage;

/// <summary>Storage, reminders, clustering and Data Protection keys on the project's own schema.</summary>
public static class StorageSetup
{
    /// <summary>The ADO.NET invariant for PostgreSQL.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// The ADO.NET invariant for SQLite. Orleans maps it to Microsoft.Data.Sqlite; the invariant
    /// "Microsoft.Data.Sqlite" itself is unknown to Orleans 10.4.2.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>
    /// Registers the ADO.NET grain storage as the default provider (so <c>[PersistentState("name")]</c>
    /// without a storage name uses it) and the ADO.NET reminder table, both on the given database,
    /// and applies the schema early in the silo's start (idempotent).
    /// </summary>
    public static ISiloBuilder AddBalabaqshaStorage(this ISiloBuilder silo, StorageBackend backend, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // One data source per silo: SQLite connections get busy_timeout on every open.
        var sqliteDataSource = backend == StorageBackend.Sqlite ? new SqlitePragmaDataSource(connectionString) : null;
        var invariant = backend switch
        {
            StorageBackend.Sqlite => SqliteInvariant,
            StorageBackend.Postgres => PostgresInvariant,
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown storage backend."),
        };

        silo.AddSchemaInstaller(backend, connectionString);
        silo.AddAdoNetGrainStorageAsDefault(options => options.Configure<IServiceProvider>((storage, services) =>
        {
            storage.Invariant = invariant;
            if (sqliteDataSource is null)
            {
                storage.ConnectionString = connectionString;
            }
            else
            {
                storage.DataSource = sqliteDataSource;
            }

            storage.GrainStorageSerializer = GrainStateJson.CreateSerializer();
        }));
        silo.UseAdoNetReminderService(options => options.Configure(reminders =>
        {
            reminders.Invariant = invariant;
            if (sqliteDataSource is null)
            {
                reminders.ConnectionString = connectionString;
            }
            else
            {
                reminders.DataSource = sqliteDataSource;
            }
        }));

        // The queues' own tables, written through one group-committing journal per silo.
        silo.Services.TryAddSingleton<IQueueDatabase>(_ => sqliteDataSource is null
            ? new PostgresQueueDatabase(connectionString)
            : new SqliteQueueDatabase(sqliteDataSource));
        silo.Services.TryAddSingleton<QueueJournal>();
        silo.Services.TryAddSingleton<Grains.Vouchers.IDeadlineDatabase>(_ => sqliteDataSource is null
            ? new Deadlines.PostgresDeadlineDatabase(connectionString)
            : new Deadlines.SqliteDeadlineDatabase(sqliteDataSource));

        // The voucher pools' own tables: one row per pool and per voucher, so a change writes only what it touched.
        silo.Services.TryAddSingleton<Grains.Vouchers.IVoucherPoolDatabase>(_ => sqliteDataSource is null
            ? new Vouchers.PostgresVoucherPoolDatabase(connectionString)
            : new Vouchers.SqliteVoucherPoolDatabase(sqliteDataSource));
        return silo;
    }

    /// <summary>ADO.NET clustering on PostgreSQL; applies the schema before membership starts.</summary>
    public static ISiloBuilder UseBalabaqshaPostgresClustering(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        silo.AddSchemaInstaller(StorageBackend.Postgres, connectionString);
        return silo.UseAdoNetClustering((AdoNetClusteringSiloOptions options) =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// ADO.NET clustering on PostgreSQL for an Orleans client (a web server in cluster mode). The
    /// client does not install the schema: a silo or <see cref="SchemaInstaller.ApplyPostgresAsync"/> does.
    /// </summary>
    public static IClientBuilder UseBalabaqshaPostgresClustering(this IClientBuilder client, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return client.UseAdoNetClustering((AdoNetClusteringClientOptions options) =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Keeps the Data Protection key ring in the <c>dataprotectionkeys</c> table, shared by all web
    /// servers. The table comes from <see cref="SchemaInstaller.ApplyPostgresAsync"/>.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysToBalabaqshaPostgres(this IDataProtectionBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var repository = new PostgresXmlRepository(connectionString);
        builder.Services.Configure<KeyManagementOptions>(options => options.XmlRepository = repository);
        return builder;
    }

    private static void AddSchemaInstaller(this ISiloBuilder silo, StorageBackend backend, string connectionString)
    {
        var alreadyAdded = silo.Services.Any(descriptor =>
            descriptor.ImplementationInstance is SchemaInstallerParticipant participant
            && participant.Backend == backend
            && participant.ConnectionString == connectionString);
        if (!alreadyAdded)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SchemaInstallerParticipant(backend, connectionString));
        }
    }
}
