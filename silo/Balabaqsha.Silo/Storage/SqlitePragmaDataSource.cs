using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Balabaqsha.Silo.Storage;

/// <summary>
/// Hands the Orleans ADO.NET providers SQLite connections that have <c>busy_timeout</c> set.
/// </summary>
/// <remarks>
/// Without it Microsoft.Data.Sqlite answers a locked database by retrying with
/// <c>Thread.Sleep(150)</c> for up to the command timeout, which stalls grain calls for seconds under
/// write contention; with it SQLite's own busy handler waits in fine steps. The pragma is per
/// connection, so it is set on every open, including pooled connections and connections created
/// through <see cref="DbDataSource.CreateConnection"/> and opened by the caller.
/// <c>synchronous</c> stays at SQLite's default (FULL): a committed grain write survives a power cut.
/// Orleans 10.4.2 opens every connection through <see cref="DbDataSource.OpenConnectionAsync"/> when
/// <c>DataSource</c> is set, and checks at start that the connection type derives from the
/// invariant's <see cref="SqliteConnection"/>.
/// </remarks>
public sealed class SqlitePragmaDataSource : DbDataSource
{
    /// <summary>How long a statement waits for another writer before SQLite reports the database busy.</summary>
    public const int DefaultBusyTimeoutMilliseconds = 5000;

    private readonly string connectionString;
    private readonly int busyTimeoutMilliseconds;

    public SqlitePragmaDataSource(string connectionString, int busyTimeoutMilliseconds = DefaultBusyTimeoutMilliseconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfNegative(busyTimeoutMilliseconds);
        this.connectionString = connectionString;
        this.busyTimeoutMilliseconds = busyTimeoutMilliseconds;
    }

    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new PragmaSqliteConnection(connectionString, busyTimeoutMilliseconds);

    private sealed class PragmaSqliteConnection(string connectionString, int busyTimeoutMilliseconds) : SqliteConnection(connectionString)
    {
        // DbConnection.OpenAsync calls Open: Microsoft.Data.Sqlite has no asynchronous I/O.
        public override void Open()
        {
            base.Open();
            try
            {
                using var command = CreateCommand();
                command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyTimeoutMilliseconds};");
                command.ExecuteNonQuery();
            }
            catch
            {
                Close();
                throw;
            }
        }
    }
}
