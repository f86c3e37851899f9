using Balabaqsha.Domain;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Balabaqsha.Silo.Storage.Documents;
using Npgsql;

namespace Balabaqsha.Grains.Tests.Documents;

/// <summary>The cluster-mode store on a real PostgreSQL database with the project's schema.</summary>
public sealed class PostgresDocumentStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresDocumentStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new PostgresDocumentStore(database.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<long> RowsAsync(string? sha256 = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM documents WHERE @sha256::text IS NULL OR sha256 = @sha256", connection);
        command.Parameters.AddWithValue("sha256", (object?)sha256 ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task SaveAsync_KnownPdf_ReturnsItsSha256AndStoresTypeAndSize()
    {
        var sha256 = await _store.SaveAsync(SampleDocuments.KnownPdf);

        Assert.Equal(SampleDocuments.KnownPdfSha256, sha256);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT content_type, size, created <= now() FROM documents WHERE sha256 = @sha256", connection);
        command.Parameters.AddWithValue("sha256", sha256);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("application/pdf", reader.GetString(0));
        Assert.Equal(SampleDocuments.KnownPdf.Length, reader.GetInt32(1));
        Assert.True(reader.GetBoolean(2));
    }

    [Theory]
    [InlineData("pdf", "application/pdf")]
    [InlineData("png", "image/png")]
    [InlineData("jpeg", "image/jpeg")]
    public async Task ReadAsync_SavedThroughAnotherServer_ReturnsSameBytesAndType(string kind, string contentType)
    {
        var content = kind switch
        {
            "pdf" => SampleDocuments.Pdf(),
            "png" => SampleDocuments.Png(),
            _ => SampleDocuments.Jpeg(),
        };
        var sha256 = await _store.SaveAsync(content);

        await using var otherServer = new PostgresDocumentStore(database.ConnectionString);
        var read = await otherServer.ReadAsync(sha256);

        Assert.NotNull(read);
        Assert.Equal(sha256, read.Sha256);
        Assert.Equal(contentType, read.ContentType);
        Assert.Equal(content, read.Content);
    }

    [Fact]
    public async Task SaveAsync_SameContentTwiceAndConcurrently_SameHashAndOneRow()
    {
        var content = SampleDocuments.Pdf();

        var first = await _store.SaveAsync(content);
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _store.SaveAsync([.. content])));

        Assert.All(again, sha256 => Assert.Equal(first, sha256));
        Assert.Equal(1, await RowsAsync(first));
    }

    [Fact]
    public async Task SaveAsync_ExecutableNamedPdf_RefusedAndNothingWritten()
    {
        var before = await RowsAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(SampleDocuments.ExeNamedPdf()));

        Assert.Equal("Error.Document.UnsupportedType", error.MessageKey);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task ReadAsync_NeverStoredOrNotAHash_Null()
    {
        await _store.SaveAsync(SampleDocuments.KnownPdf);

        Assert.Null(await _store.ReadAsync(SampleDocuments.RandomSha256()));
        Assert.Null(await _store.ReadAsync(SampleDocuments.KnownPdfSha256.ToUpperInvariant()));
        Assert.Null(await _store.ReadAsync("' OR 1=1 --"));
    }

    [Fact]
    public async Task ApplyPostgresAsync_AppliedAgain_KeepsDocuments()
    {
        var content = SampleDocuments.Png();
        var sha256 = await _store.SaveAsync(content);

        await SchemaInstaller.ApplyPostgresAsync(database.ConnectionString);

        Assert.Equal(content, (await _store.ReadAsync(sha256))?.Content);
    }
}
