using System.Security.Cryptography;

namespace Balabaqsha.Silo.Storage.Documents;

/// <summary>The content address of a stored document: its SHA-256 in lower-case hex.</summary>
public static class DocumentHashes
{
    public const int Length = 64;

    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Whether the text is a hash as <see cref="Of"/> writes it. Anything else (a path, upper case,
    /// a shorter prefix) never reaches the disk or the database.
    /// </summary>
    public static bool IsValid(string? sha256) =>
        sha256 is { Length: Length } && sha256.All(char.IsAsciiHexDigitLower);
}
