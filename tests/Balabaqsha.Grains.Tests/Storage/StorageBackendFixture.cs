using System.Data.Common;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Balabaqsha.Grains.Tests.Storage;

/// <summary>
/// One database with the schema applied and a one-silo cluster on it, configured as the portal
/// configures its silos (<see cref="StorageSetup.AddBalabaqshaStorage"/>), plus a second grain
/// storage provider with <c>DeleteStateOnClear</c> to exercise the delete query.
/// </summary>
public abstract class StorageBackendFixture : IAsyncLifetime
{
    public const string DeletingStorageName = "delete-on-clear";

    public abstract StorageBackend Backend { get; }

    public abstract string ConnectionString { get; }

    /// <summary>The cluster shared by the tests of one class; its service id keeps its rows apart.</summary>
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Cluster = await StartClusterAsync("shared-" + Guid.NewGuid().ToString("N"));
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    /// <summary>
    /// Starts a cluster on this database. Grain state and reminders are keyed by service id, so a
    /// second cluster with the same service id sees what the first one wrote.
    /// </summary>
    public async Task<InProcessTestCluster> StartClusterAsync(string serviceId, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddBalabaqshaStorage(Backend, ConnectionString);
            silo.AddAdoNetGrainStorage(DeletingStorageName, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
                options.Configure<IServiceProvider>((storage, services) =>
                {
                    storage.DeleteStateOnClear = true;
                    storage.GrainStorageSerializer = GrainStateJson.CreateSerializer();
                    if (Backend == StorageBackend.Sqlite)
                    {
                        storage.Invariant = StorageSetup.SqliteInvariant;
                        storage.DataSource = new SqlitePragmaDataSource(ConnectionString);
                    }
                    else
                    {
                        storage.Invariant = StorageSetup.PostgresInvariant;
                        storage.ConnectionString = ConnectionString;
                    }
                }));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Runs a statement against the database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    public Task ApplySchemaAsync() => Backend == StorageBackend.Sqlite
        ? SchemaInstaller.ApplySqliteAsync(ConnectionString)
        : SchemaInstaller.ApplyPostgresAsync(ConnectionString);

    protected abstract Task CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    protected abstract DbConnection CreateConnection();
}

public sealed class SqliteStorageFixture : StorageBackendFixture
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "bq-storage-" + Guid.NewGuid().ToString("N"));

    public override StorageBackend Backend => StorageBackend.Sqlite;

    // The folder does not exist yet: the installer creates it.
    public override string ConnectionString => $"Data Source={Path.Combine(folder, "db", "balabaqsha.db")};Pooling=True";

    protected override Task CreateDatabaseAsync() => SchemaInstaller.ApplySqliteAsync(ConnectionString);

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }

        return Task.CompletedTask;
    }

    protected override DbConnection CreateConnection() => new SqlitePragmaDataSource(ConnectionString).CreateConnection();
}

public sealed class PostgresStorageFixture : StorageBackendFixture
{
    private PostgresDatabase? database;

    public override StorageBackend Backend => StorageBackend.Postgres;

    public override string ConnectionString => database?.ConnectionString ?? throw new InvalidOperationException("The database has not been created.");

    protected override async Task CreateDatabaseAsync() => database = await PostgresDatabase.CreateAsync();

    protected override async Task DropDatabaseAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    protected override DbConnection CreateConnection() => new NpgsqlConnection(ConnectionString);
}
