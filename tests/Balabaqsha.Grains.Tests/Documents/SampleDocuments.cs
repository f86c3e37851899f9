using System.Text;

namespace Balabaqsha.Grains.Tests.Documents;

/// <summary>Small documents with real signatures; each call makes different content, so tests never share a hash.</summary>
internal static class SampleDocuments
{
    /// <summary>A minimal PDF whose SHA-256 was computed outside .NET (sha256sum).</summary>
    public static readonly byte[] KnownPdf = "%PDF-1.7\n%%EOF\n"u8.ToArray();

    public const string KnownPdfSha256 = "1e7313ace78f0fb481a486939b4885902663102818090805515553d84e0bbfd3";

    public static byte[] Pdf() => Encoding.ASCII.GetBytes($"%PDF-1.7\n% {Guid.NewGuid():N}\n%%EOF\n");

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Guid.NewGuid().ToByteArray()];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray()];

    /// <summary>A Windows executable, whatever name it is uploaded under ("заключение.pdf").</summary>
    public static byte[] ExeNamedPdf() => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. Guid.NewGuid().ToByteArray()];

    public static string RandomSha256() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
}
