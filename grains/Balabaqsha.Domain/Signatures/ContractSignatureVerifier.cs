using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace Balabaqsha.Domain.Signatures;

/// <summary>
/// Checks a detached CAdES-BES signature (CMS SignedData without the content) over a contract:
/// the signature over the exact bytes, the signed attributes, the chain to the configured roots at
/// the signing time, the key usage, and that the certificate names the expected signer by IIN.
/// RSA only; a GOST 34.10 key is refused with its own message until a GOST verifier exists.
/// </summary>
/// <remarks>
/// CAdES-BES has no time-stamp: the signing time is what the signer's software says. It must lie
/// inside the certificate's validity and not in the future, but an old certificate could be
/// back-dated; a caller that knows when the document was issued should also compare the returned
/// <see cref="SignerIdentity.SigningTime"/> with that.
/// </remarks>
public sealed class ContractSignatureVerifier
{
    public const string ContentTypeOid = "1.2.840.113549.1.9.3";
    public const string MessageDigestOid = "1.2.840.113549.1.9.4";
    public const string SigningTimeOid = "1.2.840.113549.1.9.5";
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string SubjectSerialNumberOid = "2.5.4.5";
    public const string CommonNameOid = "2.5.4.3";
    public const string IinPrefix = "IIN";
    public const int MinimumRsaKeySize = 2048;

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string IdDataOid = "1.2.840.113549.1.7.1";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    private const string Sha512Oid = "2.16.840.1.101.3.4.2.3";

    // Kazakh GOST 34.310/34.311 (public keys under 1.2.398.3.10.1.1, digests under 1.2.398.3.10.1.3)
    // and the Russian GOST R 34.10/34.11 family.
    private static readonly string[] GostKeyPrefixes = ["1.2.398.3.10.1.1.", "1.2.643."];
    private static readonly string[] GostAlgorithmPrefixes = ["1.2.398.3.10.", "1.2.643."];

    private readonly X509Certificate2Collection _roots;

    /// <param name="trustedRoots">The roots a signer's certificate must chain to (custom trust: the system store plays no part).</param>
    /// <param name="clockSkew">How far in the future a signing time may lie (the signer's clock may run ahead); 5 minutes by default.</param>
    public ContractSignatureVerifier(IEnumerable<X509Certificate2> trustedRoots, Duration? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(trustedRoots);
        TrustedRoots = [.. trustedRoots];
        _roots = [.. TrustedRoots];
        ClockSkew = clockSkew ?? Duration.FromMinutes(5);
    }

    public Duration ClockSkew { get; }

    public IReadOnlyList<X509Certificate2> TrustedRoots { get; }

    /// <summary>True for a GOST 34.10 public key algorithm (Kazakh 1.2.398.3.10.1.1.* or Russian 1.2.643.*).</summary>
    public static bool IsGostKeyAlgorithm(string? oid) =>
        oid is not null && GostKeyPrefixes.Any(prefix => oid.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The IIN in a certificate's subject serial number ("IIN" + 12 digits), or null.</summary>
    public static string? IinOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = SubjectAttribute(certificate, SubjectSerialNumberOid);
        return serial is { Length: 15 } && serial.StartsWith(IinPrefix, StringComparison.Ordinal) && !serial.AsSpan(IinPrefix.Length).ContainsAnyExceptInRange('0', '9')
            ? serial[IinPrefix.Length..]
            : null;
    }

    /// <summary>Checks <paramref name="cmsSignature"/> over exactly <paramref name="content"/>, made by the person with <paramref name="expectedIin"/>.</summary>
    public SignatureCheck Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> cmsSignature, string expectedIin, Instant now)
    {
        ArgumentNullException.ThrowIfNull(expectedIin);
        if (content.IsEmpty || cmsSignature.IsEmpty || !TryDecode(content, cmsSignature, out var cms))
        {
            return SignatureCheck.Refused(SignatureErrors.Malformed);
        }

        if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0] is not { Certificate: { } certificate } signer)
        {
            return SignatureCheck.Refused(SignatureErrors.Malformed);
        }

        // Before any cryptography: .NET cannot verify GOST, and "invalid" would be the wrong thing to say.
        if (IsGostKeyAlgorithm(certificate.PublicKey.Oid.Value) || IsGostAlgorithm(signer.DigestAlgorithm.Value) || IsGostAlgorithm(signer.SignatureAlgorithm.Value))
        {
            return SignatureCheck.Refused(SignatureErrors.Gost);
        }

        if (certificate.PublicKey.Oid.Value != RsaOid || !IsAcceptedDigest(signer.DigestAlgorithm.Value) || !HasStrongRsaKey(certificate))
        {
            return SignatureCheck.Refused(SignatureErrors.Invalid);
        }

        var contentType = SingleValue(signer, ContentTypeOid);
        var messageDigest = SingleValue(signer, MessageDigestOid);
        var signingTimeValue = SingleValue(signer, SigningTimeOid);
        var signingCertificate = SingleValue(signer, SigningCertificateV2Oid);
        if (contentType is null || messageDigest is null || signingTimeValue is null || signingCertificate is null)
        {
            return SignatureCheck.Refused(SignatureErrors.MissingAttributes);
        }

        // Checks the message digest against the content and the signature over the signed attributes.
        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return SignatureCheck.Refused(SignatureErrors.Invalid);
        }

        if (!TryReadContentType(contentType, out var contentTypeOid) || !TryReadTime(signingTimeValue, out var signingTime))
        {
            return SignatureCheck.Refused(SignatureErrors.Malformed);
        }

        if (contentTypeOid != IdDataOid || signingTime > now + ClockSkew)
        {
            return SignatureCheck.Refused(SignatureErrors.Invalid);
        }

        switch (NamesCertificate(signingCertificate, certificate))
        {
            case null:
                return SignatureCheck.Refused(SignatureErrors.Malformed);
            case false:
                return SignatureCheck.Refused(SignatureErrors.Invalid);
        }

        if (CheckChain(certificate, cms.Certificates, signingTime) is { } chainProblem)
        {
            return SignatureCheck.Refused(chainProblem);
        }

        var at = signingTime.ToDateTimeUtc();
        if (at < certificate.NotBefore.ToUniversalTime() || at > certificate.NotAfter.ToUniversalTime())
        {
            return SignatureCheck.Refused(SignatureErrors.Expired);
        }

        if (!AllowsSigning(certificate))
        {
            return SignatureCheck.Refused(SignatureErrors.KeyUsage);
        }

        var iin = IinOf(certificate);
        if (iin is null || !string.Equals(iin, expectedIin.Trim(), StringComparison.Ordinal))
        {
            return SignatureCheck.Refused(SignatureErrors.WrongSigner);
        }

        var commonName = SubjectAttribute(certificate, CommonNameOid) ?? certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var thumbprint = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
        return SignatureCheck.Accepted(new SignerIdentity(iin, commonName, signingTime, thumbprint));
    }

    private static bool TryDecode(ReadOnlySpan<byte> content, ReadOnlySpan<byte> cmsSignature, out SignedCms cms)
    {
        cms = new SignedCms(new ContentInfo(content.ToArray()), detached: true);
        try
        {
            cms.Decode(cmsSignature);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool IsGostAlgorithm(string? oid) =>
        oid is not null && GostAlgorithmPrefixes.Any(prefix => oid.StartsWith(prefix, StringComparison.Ordinal));

    private static bool IsAcceptedDigest(string? oid) => oid is Sha256Oid or Sha384Oid or Sha512Oid;

    private static bool HasStrongRsaKey(X509Certificate2 certificate)
    {
        using var key = certificate.GetRSAPublicKey();
        return key is not null && key.KeySize >= MinimumRsaKeySize;
    }

    /// <summary>The DER of the attribute's only value; null when the attribute is absent or has no or several values.</summary>
    private static byte[]? SingleValue(SignerInfo signer, string oid)
    {
        var found = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Where(a => a.Oid.Value == oid).ToList();
        return found is [{ Values: [var value] }] ? value.RawData : null;
    }

    private static bool TryReadContentType(byte[] value, out string oid)
    {
        try
        {
            oid = AsnDecoder.ReadObjectIdentifier(value, AsnEncodingRules.DER, out var consumed);
            return consumed == value.Length;
        }
        catch (AsnContentException)
        {
            oid = string.Empty;
            return false;
        }
    }

    // Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
    private static bool TryReadTime(byte[] value, out Instant time)
    {
        time = default;
        try
        {
            var reader = new AsnReader(value, AsnEncodingRules.DER);
            var tag = reader.PeekTag();
            DateTimeOffset moment;
            if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
            {
                moment = reader.ReadUtcTime();
            }
            else if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
            {
                moment = reader.ReadGeneralizedTime();
            }
            else
            {
                return false;
            }

            reader.ThrowIfNotEmpty();
            time = Instant.FromDateTimeOffset(moment);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the first ESSCertIDv2 of the signing-certificate-v2 attribute names
    /// <paramref name="certificate"/> (hash, and issuer and serial number when given); null when the
    /// attribute cannot be read.
    /// </summary>
    /// <remarks>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
    /// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT id-sha256,
    ///                            certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
    /// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }
    /// </remarks>
    private static bool? NamesCertificate(byte[] value, X509Certificate2 certificate)
    {
        try
        {
            var attribute = new AsnReader(value, AsnEncodingRules.DER);
            var certIds = attribute.ReadSequence().ReadSequence();
            var certId = certIds.ReadSequence();

            var hashOid = Sha256Oid;
            if (certId.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var algorithm = certId.ReadSequence();
                hashOid = algorithm.ReadObjectIdentifier();
            }

            var expectedHash = certId.ReadOctetString();
            HashAlgorithmName? hash = hashOid switch
            {
                Sha256Oid => HashAlgorithmName.SHA256,
                Sha384Oid => HashAlgorithmName.SHA384,
                Sha512Oid => HashAlgorithmName.SHA512,
                _ => null,
            };
            if (hash is null || !CryptographicOperations.FixedTimeEquals(expectedHash, certificate.GetCertHash(hash.Value)))
            {
                return false;
            }

            if (certId.HasData)
            {
                var issuerSerial = certId.ReadSequence();
                var generalNames = issuerSerial.ReadSequence();
                var issuerMatches = false;
                var directoryName = new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true);
                while (generalNames.HasData)
                {
                    if (generalNames.PeekTag() == directoryName)
                    {
                        var name = generalNames.ReadSequence(directoryName).ReadEncodedValue();
                        issuerMatches |= name.Span.SequenceEqual(certificate.IssuerName.RawData);
                    }
                    else
                    {
                        generalNames.ReadEncodedValue();
                    }
                }

                var serial = issuerSerial.ReadIntegerBytes();
                if (!issuerMatches || !serial.Span.SequenceEqual(certificate.SerialNumberBytes.Span))
                {
                    return false;
                }
            }

            return true;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>Null when the certificate chains to a configured root and every certificate of the chain was valid at the signing time.</summary>
    private string? CheckChain(X509Certificate2 certificate, X509Certificate2Collection carried, Instant signingTime)
    {
        if (_roots.Count == 0)
        {
            return SignatureErrors.Untrusted;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ExtraStore.AddRange(carried);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.VerificationTime = signingTime.ToDateTimeUtc();
        if (chain.Build(certificate))
        {
            return null;
        }

        // Only a chain that would be trusted at another time is "expired"; anything else is untrusted.
        var problems = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        return problems is X509ChainStatusFlags.NotTimeValid ? SignatureErrors.Expired : SignatureErrors.Untrusted;
    }

    private static bool AllowsSigning(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault() is { } usage
        && (usage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) != 0;

    private static string? SubjectAttribute(X509Certificate2 certificate, string oid)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }
}
