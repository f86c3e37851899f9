using Balabaqsha.Grains.Vouchers;
using NodaTime;
using Npgsql;

namespace Balabaqsha.Silo.Storage.Deadlines;

/// <summary>The deadline index on PostgreSQL (cluster mode).</summary>
public sealed class PostgresDeadlineDatabase(string connectionString) : IDeadlineDatabase, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task SetAsync(string number, Instant? dueAt, CancellationToken cancellationToken = default)
    {
        await using var command = dueAt is { } due
            ? _dataSource.CreateCommand("INSERT INTO balabaqsha_deadline (number, due_at) VALUES ($1, $2) ON CONFLICT (number) DO UPDATE SET due_at = excluded.due_at")
            : _dataSource.CreateCommand("DELETE FROM balabaqsha_deadline WHERE number = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = number });
        if (dueAt is { } at)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = at.ToUnixTimeTicks() });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DueAsync(Instant now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT number FROM balabaqsha_deadline WHERE due_at <= $1 ORDER BY due_at LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeTicks() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var due = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetString(0));
        }

        return due;
    }

    public void Dispose() => _dataSource.Dispose();
}
