using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain.Documents;

namespace Balabaqsha.Silo.Storage.Documents;

/// <summary>
/// Documents as files, <c>&lt;root&gt;/&lt;first 2 hex&gt;/&lt;sha256&gt;</c> (the embedded default keeps
/// them under <c>&lt;DataFolder&gt;/documents</c>). A file appears under its final name only once it
/// is complete, so a reader never sees half a document and a crash leaves at most a stray temp file.
/// </summary>
public sealed class FileDocumentStore : IDocumentStore
{
    private const string TempSuffix = ".tmp";

    public FileDocumentStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public async Task<string> SaveAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        DocumentCheck.Check(content);
        var sha256 = DocumentHashes.Of(content);
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            return sha256;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                // On disk before the rename makes it visible: a power cut must not leave a named, empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Someone stored the same content meanwhile; same name, same bytes.
        }
        finally
        {
            File.Delete(temp);
        }

        return sha256;
    }

    public async Task<StoredDocument?> ReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        if (!DocumentHashes.IsValid(sha256))
        {
            return null;
        }

        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(PathOf(sha256), cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // The type is not kept beside the file: it is what the content says it is.
        return new StoredDocument(sha256, DocumentCheck.ContentType(DocumentCheck.Check(content)), content);
    }

    private string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);
}
