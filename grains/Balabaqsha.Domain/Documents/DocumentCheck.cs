namespace Balabaqsha.Domain.Documents;

public enum DocumentKind
{
    Pdf,
    Jpeg,
    Png,
}

/// <summary>Uploads are judged by their content, never by their name or declared type.</summary>
public static class DocumentCheck
{
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The kind of a document from its first bytes, or a <see cref="DomainException"/>.</summary>
    public static DocumentKind Check(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
        {
            throw new DomainException("Error.Document.Empty");
        }

        if (content.Length > MaxBytes)
        {
            throw new DomainException("Error.Document.TooLarge", MaxBytes / (1024 * 1024));
        }

        if (content.StartsWith(PdfMagic))
        {
            return DocumentKind.Pdf;
        }

        if (content.StartsWith(PngMagic))
        {
            return DocumentKind.Png;
        }

        if (content.StartsWith(JpegMagic))
        {
            return DocumentKind.Jpeg;
        }

        throw new DomainException("Error.Document.UnsupportedType");
    }

    public static string ContentType(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Jpeg => "image/jpeg",
        _ => "image/png",
    };
}
