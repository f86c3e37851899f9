namespace Balabaqsha.Grains.Tests.Infrastructure;

/// <summary>An xunit fixture around <see cref="PostgresDatabase"/>: one fresh database with the schema applied.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresDatabase? database;

    public PostgresDatabase Database => database ?? throw new InvalidOperationException("The database fixture has not been initialized.");

    public string ConnectionString => Database.ConnectionString;

    public async Task InitializeAsync() => database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
