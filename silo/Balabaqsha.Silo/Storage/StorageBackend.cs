namespace Balabaqsha.Silo.Storage;

/// <summary>The database behind grain state and reminders.</summary>
public enum StorageBackend
{
    /// <summary>The embedded single-node default: one SQLite file (Microsoft.Data.Sqlite).</summary>
    Sqlite,

    /// <summary>Cluster mode: PostgreSQL, shared by every silo.</summary>
    Postgres,
}
