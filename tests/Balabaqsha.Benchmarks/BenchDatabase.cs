using System.Diagnostics;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Silo.Storage;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Balabaqsha.Benchmarks;

/// <summary>A throw-away PostgreSQL database with the portal's schema, and fast loading of synthetic queues.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public static readonly Instant FirstSubmission = Instant.FromUtc(2024, 1, 1, 0, 0);

    private readonly string _admin;

    private BenchDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Creates a fresh database; the server comes from BALABAQSHA_TEST_POSTGRES or scripts/ensure-postgres.sh.</summary>
    public static async Task<BenchDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("BALABAQSHA_TEST_POSTGRES") is { Length: > 0 } configured ? configured : await EnsurePostgresAsync();
        var name = "bq_bench_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new BenchDatabase(admin, name);
        await SchemaInstaller.ApplyPostgresAsync(database.ConnectionString);
        return database;
    }

    /// <summary>The number of a synthetic entry: the same for the loader, the look-ups and the watchers.</summary>
    public static string NumberOf(int i) => "B" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The synthetic entry i: one in twenty has a priority rank; submissions a minute apart; five birth years.</summary>
    public static QueueEntry EntryOf(int i) => new(
        NumberOf(i),
        i % 20 == 0 ? 2 : VoucherApplication.NoPriorityRank,
        FirstSubmission + Duration.FromMinutes(i),
        2020 + (i % 5),
        i % 20 == 0 ? "large-family" : null);

    /// <summary>Loads a queue of <paramref name="count"/> synthetic entries with COPY (no change log: it is a starting state).</summary>
    public async Task LoadQueueAsync(string queueKey, int count)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY balabaqsha_queue_entry (submitted_at, rank, birth_year, queue_key, number, category_id) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var entry = EntryOf(i);
                await import.StartRowAsync();
                await import.WriteAsync(entry.SubmittedAt.ToUnixTimeTicks(), NpgsqlDbType.Bigint);
                await import.WriteAsync(entry.Rank, NpgsqlDbType.Integer);
                await import.WriteAsync(entry.BirthYear, NpgsqlDbType.Integer);
                await import.WriteAsync(queueKey, NpgsqlDbType.Text);
                await import.WriteAsync(entry.Number, NpgsqlDbType.Text);
                if (entry.CategoryId is null)
                {
                    await import.WriteNullAsync();
                }
                else
                {
                    await import.WriteAsync(entry.CategoryId, NpgsqlDbType.Text);
                }
            }

            await import.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE balabaqsha_queue_entry", connection);
        await analyze.ExecuteNonQueryAsync();
        Console.WriteLine($"  (loaded {count:N0} entries into {queueKey} in {watch.Elapsed.TotalSeconds:0.0} s)");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> EnsurePostgresAsync()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts/ensure-postgres.sh")]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim().Split('\n')[^1];
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Balabaqsha.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Balabaqsha.sln not found above the benchmark.");
    }
}
