using System.Data.Common;
using Balabaqsha.Grains.Vouchers;
using NodaTime;

namespace Balabaqsha.Silo.Storage.Deadlines;

/// <summary>The deadline index on the embedded default's SQLite file.</summary>
public sealed class SqliteDeadlineDatabase(DbDataSource dataSource) : IDeadlineDatabase
{
    public async Task SetAsync(string number, Instant? dueAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = dueAt is null
            ? "DELETE FROM balabaqsha_deadline WHERE number = @number;"
            : "INSERT INTO balabaqsha_deadline (number, due_at) VALUES (@number, @due_at) ON CONFLICT (number) DO UPDATE SET due_at = excluded.due_at;";
        Add(command, "@number", number);
        if (dueAt is { } due)
        {
            Add(command, "@due_at", due.ToUnixTimeTicks());
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DueAsync(Instant now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT number FROM balabaqsha_deadline WHERE due_at <= @now ORDER BY due_at LIMIT @limit;";
        Add(command, "@now", now.ToUnixTimeTicks());
        Add(command, "@limit", limit);
        var due = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetString(0));
        }

        return due;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
