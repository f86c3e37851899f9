using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Balabaqsha.Domain.Signatures;

namespace Balabaqsha.Silo.Signatures;

/// <summary>
/// Makes a detached CAdES-BES signature the way a signer's software does, with a key the test CA
/// issued. Only the demo seeder (and tests) sign on the server: real people sign on their own side,
/// and the private key never reaches the portal (SPEC §7).
/// </summary>
public static class DemoSigner
{
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>CMS SignedData without the content: signing time and ESS signing-certificate-v2 among the signed attributes.</summary>
    public static byte[] SignDetached(byte[] content, X509Certificate2 signerWithKey, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(signerWithKey);
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerWithKey)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };

        // CmsSigner adds contentType and messageDigest itself once there are signed attributes.
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        signer.SignedAttributes.Add(new AsnEncodedData(ContractSignatureVerifier.SigningCertificateV2Oid, SigningCertificateV2(signerWithKey)));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>
    /// The demo person's signature: a key issued to them by the test CA, valid around
    /// <paramref name="signingTime"/>, used once.
    /// </summary>
    public static byte[] Sign(TestCertificateAuthority authority, string iin, string fullName, byte[] content, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(authority);
        using var certificate = authority.Issue(iin, fullName, signingTime.AddDays(-1), signingTime.AddYears(1));
        return SignDetached(content, certificate, signingTime);
    }

    /// <summary>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }: one ESSCertIDv2 with the
    /// certificate's SHA-256 (the default hash, so no algorithm) and its issuer and serial number.
    /// </summary>
    private static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(certificate.GetCertHash(HashAlgorithmName.SHA256));
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    writer.WriteEncodedValue(certificate.IssuerName.RawData);
                }

                writer.WriteInteger(certificate.SerialNumberBytes.Span);
            }
        }

        return writer.Encode();
    }
}
