using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain.Documents;
using Npgsql;
using NpgsqlTypes;

namespace Balabaqsha.Silo.Storage.Documents;

/// <summary>
/// Documents in the <c>documents</c> table of the cluster's PostgreSQL database (created by
/// <see cref="SchemaInstaller.ApplyPostgresAsync"/>), so every silo and web server reads what any
/// of them stored.
/// </summary>
public sealed class PostgresDocumentStore : IDocumentStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource dataSource;

    public PostgresDocumentStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task<string> SaveAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var kind = DocumentCheck.Check(content);
        var sha256 = DocumentHashes.Of(content);

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO documents (sha256, content_type, content, size) VALUES (@sha256, @contentType, @content, @size)
            ON CONFLICT (sha256) DO NOTHING;
            """);
        command.Parameters.AddWithValue("sha256", sha256);
        command.Parameters.AddWithValue("contentType", DocumentCheck.ContentType(kind));
        command.Parameters.AddWithValue("content", NpgsqlDbType.Bytea, content);
        command.Parameters.AddWithValue("size", content.Length);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return sha256;
    }

    public async Task<StoredDocument?> ReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        if (!DocumentHashes.IsValid(sha256))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("SELECT content_type, content FROM documents WHERE sha256 = @sha256;");
        command.Parameters.AddWithValue("sha256", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredDocument(sha256, reader.GetString(0), reader.GetFieldValue<byte[]>(1));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();
}
