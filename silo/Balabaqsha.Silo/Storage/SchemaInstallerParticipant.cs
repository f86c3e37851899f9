namespace Balabaqsha.Silo.Storage;

/// <summary>
/// Applies the schema before any Orleans provider reads its queries: reminders and membership
/// initialize at stage 8000, grain storage at 10000.
/// </summary>
internal sealed class SchemaInstallerParticipant(StorageBackend backend, string connectionString) : ILifecycleParticipant<ISiloLifecycle>
{
    public StorageBackend Backend { get; } = backend;

    public string ConnectionString { get; } = connectionString;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstaller), ServiceLifecycleStage.RuntimeInitialize - 1, ApplyAsync);

    private Task ApplyAsync(CancellationToken ct) => Backend switch
    {
        StorageBackend.Sqlite => SchemaInstaller.ApplySqliteAsync(ConnectionString, ct),
        StorageBackend.Postgres => SchemaInstaller.ApplyPostgresAsync(ConnectionString, ct),
        _ => throw new InvalidOperationException($"Unknown storage backend {Backend}."),
    };
}
