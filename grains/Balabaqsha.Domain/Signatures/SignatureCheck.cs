using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace Balabaqsha.Domain.Signatures;

/// <summary>Who signed, as the verified certificate says.</summary>
/// <param name="Iin">The signer's IIN from the certificate's subject serial number (without the "IIN" prefix).</param>
/// <param name="CommonName">The subject's common name (the person's full name on Kazakh certificates).</param>
/// <param name="SigningTime">The signing time the signer put into the signed attributes.</param>
/// <param name="Thumbprint">SHA-256 of the signer's certificate, lower-case hex.</param>
public sealed record SignerIdentity(string Iin, string CommonName, Instant SigningTime, string Thumbprint);

/// <summary>The outcome of checking a detached signature: the signer, or a message key that the UI localizes.</summary>
public sealed record SignatureCheck
{
    private SignatureCheck(SignerIdentity? signer, string? messageKey)
    {
        Signer = signer;
        MessageKey = messageKey;
    }

    public SignerIdentity? Signer { get; }

    /// <summary>One of <see cref="SignatureErrors"/>; null when the signature was accepted.</summary>
    public string? MessageKey { get; }

    [MemberNotNullWhen(true, nameof(Signer))]
    [MemberNotNullWhen(false, nameof(MessageKey))]
    public bool IsValid => Signer is not null;

    public static SignatureCheck Accepted(SignerIdentity signer) => new(signer, null);

    public static SignatureCheck Refused(string messageKey) => new(null, messageKey);
}

/// <summary>The message keys of a refused signature.</summary>
public static class SignatureErrors
{
    /// <summary>Not a CMS SignedData with exactly one signer and its certificate.</summary>
    public const string Malformed = "Error.Signature.Malformed";

    /// <summary>
    /// The signature does not match the content (tampered file), signing-certificate-v2 names another
    /// certificate, the signing time lies in the future, or the algorithm or key is not one we accept
    /// (RSA of at least 2048 bits with SHA-2).
    /// </summary>
    public const string Invalid = "Error.Signature.Invalid";

    /// <summary>The certificate belongs to someone else than the expected signer.</summary>
    public const string WrongSigner = "Error.Signature.WrongSigner";

    /// <summary>The certificate does not chain to a configured trusted root.</summary>
    public const string Untrusted = "Error.Signature.Untrusted";

    /// <summary>The certificate (or one above it) was not valid at the signing time.</summary>
    public const string Expired = "Error.Signature.Expired";

    /// <summary>The certificate is not meant for signatures (neither digitalSignature nor nonRepudiation).</summary>
    public const string KeyUsage = "Error.Signature.KeyUsage";

    /// <summary>A GOST 34.10 key: the portal cannot verify those yet.</summary>
    public const string Gost = "Error.Signature.Gost";

    /// <summary>A CAdES-BES attribute is missing: messageDigest, signingTime or signing-certificate-v2.</summary>
    public const string MissingAttributes = "Error.Signature.MissingAttributes";
}
