using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Balabaqsha.Silo.Storage;

/// <summary>
/// Applies the project's own SQL schema (embedded <c>Sql/sqlite/*.sql</c> and <c>Sql/postgres/*.sql</c>)
/// in file-name order. Every script is idempotent, so this runs at each start; a changed query text
/// replaces the stored one.
/// </summary>
public static class SchemaInstaller
{
    // Any constant works; it only has to be the same for every installer of this schema.
    private const long PostgresAdvisoryLockKey = 0x42616C61_62617173; // "Balabaqs"

    /// <summary>
    /// Creates the SQLite file (and its folder) if missing, switches it to WAL and applies the scripts
    /// in one transaction.
    /// </summary>
    public static async Task ApplySqliteAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        EnsureSqliteFolder(connectionString);

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, $"PRAGMA busy_timeout = {SqlitePragmaDataSource.DefaultBusyTimeoutMilliseconds};", ct);

        // WAL is a property of the file: set once here, it holds for every later connection. It
        // cannot be changed inside a transaction. An in-memory database answers "memory".
        await using (var journal = connection.CreateCommand())
        {
            journal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = Convert.ToString(await journal.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused journal_mode=WAL (it reports '{mode}').");
            }
        }

        // BEGIN IMMEDIATE: concurrent installers on the same file take turns instead of failing
        // when they upgrade a read transaction.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        foreach (var script in Scripts("sqlite"))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = script.Text;
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Applies the scripts in one transaction that first takes a transaction-scoped advisory lock,
    /// so silos and web servers starting at the same moment install one after another
    /// (concurrent <c>CREATE TABLE IF NOT EXISTS</c> can otherwise fail on PostgreSQL's catalog).
    /// </summary>
    public static async Task ApplyPostgresAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", PostgresAdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        foreach (var script in Scripts("postgres"))
        {
            await using var command = new NpgsqlCommand(script.Text, connection, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The embedded scripts of one database, in the order they run.</summary>
    internal static IReadOnlyList<(string Name, string Text)> Scripts(string database)
    {
        var assembly = typeof(SchemaInstaller).Assembly;
        var prefix = $"{assembly.GetName().Name}.Sql.{database}.";
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (Name: name[prefix.Length..], Text: ReadResource(assembly, name)))
            .ToList();
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No embedded SQL scripts found under '{prefix}'.");
        }

        return scripts;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrWhiteSpace(dataSource)
            || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
