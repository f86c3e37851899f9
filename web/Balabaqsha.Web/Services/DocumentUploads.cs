using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Documents;
using Microsoft.AspNetCore.Components.Forms;

namespace Balabaqsha.Web.Services;

/// <summary>
/// Stores a file a parent picked in a page and makes them its owner. The file's name and declared
/// type are never looked at: <see cref="DocumentCheck"/> judges the bytes.
/// </summary>
public sealed class DocumentUploads(IDocumentStore store, IGrainFactory grains)
{
    /// <summary>
    /// Reads at most <see cref="DocumentCheck.MaxBytes"/>, stores the content and grants its owner
    /// access for <paramref name="purpose"/>; no city yet, so only the owner can read it until an
    /// application attaches it. Returns the SHA-256 to put in the application form. Throws a
    /// <see cref="DomainException"/> (Error.Document.*) for an empty, oversize or unsupported file.
    /// </summary>
    public async Task<string> UploadAsync(IBrowserFile file, string ownerIin, DocumentPurpose purpose, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerIin);

        var content = await ReadAsync(file, ct);
        var sha256 = await store.SaveAsync(content, ct);
        await grains.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha256))
            .GrantAsync(new DocumentGrant(purpose, ownerIin, string.Empty, null));
        return sha256;
    }

    private static async Task<byte[]> ReadAsync(IBrowserFile file, CancellationToken ct)
    {
        // One byte over the limit is enough to tell an oversize file, whatever size the browser claims.
        const long Limit = DocumentCheck.MaxBytes + 1;
        if (file.Size > DocumentCheck.MaxBytes)
        {
            throw TooLarge();
        }

        try
        {
            await using var stream = file.OpenReadStream(maxAllowedSize: Limit, ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while (buffer.Length < Limit && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, Limit - buffer.Length)), ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (IOException)
        {
            // The browser file stream refuses more than maxAllowedSize with an IOException.
            throw TooLarge();
        }
    }

    private static DomainException TooLarge() =>
        new("Error.Document.TooLarge", DocumentCheck.MaxBytes / (1024 * 1024));
}
