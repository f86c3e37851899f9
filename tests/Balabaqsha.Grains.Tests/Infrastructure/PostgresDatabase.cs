using Balabaqsha.Silo.Storage;
using Npgsql;

namespace Balabaqsha.Grains.Tests.Infrastructure;

/// <summary>
/// A fresh, uniquely named PostgreSQL database for one fixture, dropped on dispose. The server comes
/// from <c>BALABAQSHA_TEST_POSTGRES</c> (an admin connection string whose role may create databases),
/// by default the one <c>scripts/ensure-postgres.sh</c> prints. An unreachable server fails the test
/// with a message that says what to do: tests that need PostgreSQL never skip silently.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "BALABAQSHA_TEST_POSTGRES";

    public const string DefaultAdminConnectionString = "Host=127.0.0.1;Port=5432;Username=balabaqsha;Password=balabaqsha;Database=postgres";

    private readonly string adminConnectionString;

    private PostgresDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The database's name, <c>bq_test_…</c>.</summary>
    public string Name { get; }

    /// <summary>A connection string to this database, with the admin role's credentials.</summary>
    public string ConnectionString { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultAdminConnectionString;

    /// <summary>Creates the database and, unless told otherwise, applies the schema.</summary>
    public static async Task<PostgresDatabase> CreateAsync(bool applySchema = true, CancellationToken ct = default)
    {
        var admin = AdminConnectionString;
        var database = new PostgresDatabase(admin, "bq_test_" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var connection = await OpenAdminAsync(admin, ct))
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {database.Name}", connection))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            if (applySchema)
            {
                await SchemaInstaller.ApplyPostgresAsync(database.ConnectionString, ct);
            }

            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled idle connections of this process, then anyone else's, so that the drop succeeds.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        try
        {
            await using var connection = await OpenAdminAsync(adminConnectionString, CancellationToken.None);
            await using (var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection))
            {
                terminate.Parameters.AddWithValue("name", Name);
                await terminate.ExecuteNonQueryAsync();
            }

            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name}", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (InvalidOperationException)
        {
            // The server went away: nothing left to drop that this run can reach.
        }
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync(string admin, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(admin);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            var shown = new NpgsqlConnectionStringBuilder(admin) { Password = null };
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable with '{shown.ConnectionString}' ({ex.Message}). " +
                $"Start it with 'sudo scripts/ensure-postgres.sh', or point {EnvironmentVariable} at a server whose role may create databases.",
                ex);
        }
    }
}
