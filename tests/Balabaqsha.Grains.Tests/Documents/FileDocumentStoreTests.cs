using Balabaqsha.Domain;
using Balabaqsha.Silo.Storage.Documents;

namespace Balabaqsha.Grains.Tests.Documents;

public sealed class FileDocumentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bq-docs-" + Guid.NewGuid().ToString("N"));

    private FileDocumentStore Store => new(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string[] FilesOnDisk() =>
        Directory.Exists(_root) ? Directory.GetFiles(_root, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task SaveAsync_KnownPdf_ReturnsItsSha256AndWritesItUnderTheFirstTwoHexDigits()
    {
        var sha256 = await Store.SaveAsync(SampleDocuments.KnownPdf);

        Assert.Equal(SampleDocuments.KnownPdfSha256, sha256);
        var file = Assert.Single(FilesOnDisk());
        Assert.Equal(Path.Combine(_root, "1e", SampleDocuments.KnownPdfSha256), file);
        Assert.Equal(SampleDocuments.KnownPdf, await File.ReadAllBytesAsync(file));
    }

    [Theory]
    [InlineData("pdf", "application/pdf")]
    [InlineData("png", "image/png")]
    [InlineData("jpeg", "image/jpeg")]
    public async Task ReadAsync_SavedByAnotherInstance_ReturnsSameBytesAndTypeFromContent(string kind, string contentType)
    {
        var content = kind switch
        {
            "pdf" => SampleDocuments.Pdf(),
            "png" => SampleDocuments.Png(),
            _ => SampleDocuments.Jpeg(),
        };
        var sha256 = await Store.SaveAsync(content);

        var read = await new FileDocumentStore(_root).ReadAsync(sha256);

        Assert.NotNull(read);
        Assert.Equal(sha256, read.Sha256);
        Assert.Equal(contentType, read.ContentType);
        Assert.Equal(content, read.Content);
    }

    [Fact]
    public async Task SaveAsync_SameContentTwice_SameHashAndOneFile()
    {
        var content = SampleDocuments.Pdf();

        var first = await Store.SaveAsync(content);
        var second = await Store.SaveAsync([.. content]);

        Assert.Equal(first, second);
        Assert.Single(FilesOnDisk());
    }

    [Fact]
    public async Task SaveAsync_SameContentConcurrently_OneFileAndNoTempFilesLeft()
    {
        var content = SampleDocuments.Png();

        var hashes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.SaveAsync(content))));

        Assert.Single(hashes.Distinct());
        Assert.Equal(Path.Combine(_root, hashes[0][..2], hashes[0]), Assert.Single(FilesOnDisk()));
    }

    [Fact]
    public async Task SaveAsync_ExecutableNamedPdf_RefusedAndNothingWritten()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Store.SaveAsync(SampleDocuments.ExeNamedPdf()));

        Assert.Equal("Error.Document.UnsupportedType", error.MessageKey);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task SaveAsync_Empty_RefusedAndNothingWritten()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Store.SaveAsync([]));

        Assert.Equal("Error.Document.Empty", error.MessageKey);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task ReadAsync_NeverStored_Null()
    {
        await Store.SaveAsync(SampleDocuments.Pdf());

        Assert.Null(await Store.ReadAsync(SampleDocuments.RandomSha256()));
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("1E7313ACE78F0FB481A486939B4885902663102818090805515553D84E0BBFD3")]
    [InlineData("1e7313ace78f0fb481a486939b4885902663102818090805515553d84e0bbfd")]
    [InlineData("1e7313ace78f0fb481a486939b4885902663102818090805515553d84e0bbfd3/")]
    [InlineData("")]
    public async Task ReadAsync_NotAHashAsStored_NullEvenWhenTheDocumentExists(string sha256)
    {
        await Store.SaveAsync(SampleDocuments.KnownPdf);

        Assert.Null(await Store.ReadAsync(sha256));
    }
}
