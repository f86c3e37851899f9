using Balabaqsha.Domain;
using Balabaqsha.Domain.Documents;

namespace Balabaqsha.Domain.Tests.Documents;

public sealed class DocumentCheckTests
{
    private const int Megabyte = 1024 * 1024;

    /// <summary>How real files begin: a PDF header line, a JFIF JPEG, a PNG signature with its IHDR chunk.</summary>
    public static TheoryData<byte[], DocumentKind, string> RealHeaders => new()
    {
        { Bytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), DocumentKind.Pdf, "application/pdf" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00], DocumentKind.Jpeg, "image/jpeg" },
        { [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x18, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00], DocumentKind.Jpeg, "image/jpeg" },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52], DocumentKind.Png, "image/png" },
    };

    /// <summary>Content that a name or a declared type could disguise.</summary>
    public static TheoryData<byte[]> Disguised => new()
    {
        // A Windows executable (MZ header, then the DOS stub), e.g. saved as "заключение.pdf".
        { [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00] },
        // A text file that talks about PDF without being one.
        { Bytes("Заключение врача: здоров. PDF-1.7") },
        // A PDF signature that does not start the file.
        { Bytes(" %PDF-1.4") },
        // A lower-case "pdf" header and a truncated PNG signature.
        { Bytes("%pdf-1.4") },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A] },
        // Two bytes of a JPEG start marker only.
        { [0xFF, 0xD8] },
        // An HTML page (a stored script would run in the portal's origin if served as HTML).
        { Bytes("<!DOCTYPE html><script>alert(1)</script>") },
    };

    [Theory]
    [MemberData(nameof(RealHeaders))]
    public void Check_RealFileHeader_ReturnsItsKind(byte[] content, DocumentKind kind, string contentType)
    {
        var detected = DocumentCheck.Check(content);

        Assert.Equal(kind, detected);
        Assert.Equal(contentType, DocumentCheck.ContentType(detected));
    }

    [Theory]
    [MemberData(nameof(Disguised))]
    public void Check_ContentOfAnotherType_RefusedAsUnsupported(byte[] content)
    {
        var error = Assert.Throws<DomainException>(() => DocumentCheck.Check(content));

        Assert.Equal("Error.Document.UnsupportedType", error.MessageKey);
    }

    [Fact]
    public void Check_Empty_RefusedAsEmpty()
    {
        var error = Assert.Throws<DomainException>(() => DocumentCheck.Check([]));

        Assert.Equal("Error.Document.Empty", error.MessageKey);
    }

    [Fact]
    public void Check_PdfOfExactlyTenMegabytes_Accepted()
    {
        var content = PdfOfLength(10 * Megabyte);

        Assert.Equal(DocumentKind.Pdf, DocumentCheck.Check(content));
    }

    [Fact]
    public void Check_PdfOfTenMegabytesAndOneByte_RefusedAsTooLargeWithTheLimitInMegabytes()
    {
        var content = PdfOfLength((10 * Megabyte) + 1);

        var error = Assert.Throws<DomainException>(() => DocumentCheck.Check(content));

        Assert.Equal("Error.Document.TooLarge", error.MessageKey);
        Assert.Equal(10L, Convert.ToInt64(Assert.Single(error.Arguments), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MaxBytes_IsTenMebibytes()
    {
        Assert.Equal(10 * Megabyte, DocumentCheck.MaxBytes);
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static byte[] PdfOfLength(int length)
    {
        var content = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(content);
        return content;
    }
}
