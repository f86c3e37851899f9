using Balabaqsha.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Balabaqsha.Grains.Tests.Infrastructure;

/// <summary>
/// A SQLite file of its own with the portal's schema applied, shared by the tests of one class; a subclass makes
/// the database under test over <see cref="DataSource"/>.
/// </summary>
public abstract class SqliteSchemaFixture(string name) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"bq-{name}-" + Guid.NewGuid().ToString("N"));

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "balabaqsha.db")};Pooling=True";

    protected SqlitePragmaDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await SchemaInstaller.ApplySqliteAsync(ConnectionString);
        DataSource = new SqlitePragmaDataSource(ConnectionString);
        Created();
    }

    /// <summary>The schema is in place: make the database under test.</summary>
    protected abstract void Created();

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }

        return Task.CompletedTask;
    }
}
