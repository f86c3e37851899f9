using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Balabaqsha.Domain.Signatures;

namespace Balabaqsha.Domain.Tests.Signatures;

/// <summary>
/// A small certification authority for the tests, written here rather than borrowed from the silo's
/// test CA: the Domain tests reference the Domain only.
/// </summary>
public sealed class TestCa : IDisposable
{
    private const X509KeyUsageFlags SigningUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    private readonly RSA _key;

    private TestCa(RSA key, X509Certificate2 root)
    {
        _key = key;
        Root = root;
    }

    /// <summary>The root certificate without its private key, as a verifier would be configured with it.</summary>
    public X509Certificate2 Root { get; }

    public static TestCa Create(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=Balabaqsha tests, C=KZ", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-5), DateTimeOffset.UtcNow.AddYears(5));
        return new TestCa(key, X509CertificateLoader.LoadCertificate(withKey.RawData));
    }

    /// <summary>An RSA certificate with its private key for the person with this IIN.</summary>
    public X509Certificate2 Issue(
        string iin,
        string commonName = "Ахметова Айгерим Бекзатовна",
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        X509KeyUsageFlags usage = SigningUsage,
        int keySize = 2048)
    {
        using var key = RSA.Create(keySize);
        var request = new CertificateRequest(Subject(iin, commonName), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddEndEntityExtensions(request, usage);
        using var certificate = request.Create(
            Root.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1),
            notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1), NewSerial());
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A certificate with a Kazakh GOST 34.10 public key, issued by this CA with the same issuer and
    /// serial number as <paramref name="twin"/>: a CMS signed with the twin's RSA key and carrying
    /// only this certificate looks, to a verifier, like a GOST signature.
    /// </summary>
    public X509Certificate2 IssueGostTwin(X509Certificate2 twin, string iin)
    {
        var parameters = new AsnWriter(AsnEncodingRules.DER);
        using (parameters.PushSequence())
        {
            parameters.WriteObjectIdentifier("1.2.398.3.10.1.1.2.3.1");
        }

        var keyValue = new AsnWriter(AsnEncodingRules.DER);
        keyValue.WriteOctetString(RandomNumberGenerator.GetBytes(64));
        var publicKey = new PublicKey(
            new Oid("1.2.398.3.10.1.1.2.3.2"), new AsnEncodedData(parameters.Encode()), new AsnEncodedData(keyValue.Encode()));
        var request = new CertificateRequest(Subject(iin, "GOST"), publicKey, HashAlgorithmName.SHA256);
        AddEndEntityExtensions(request, SigningUsage);
        return request.Create(
            Root.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1),
            twin.NotBefore, twin.NotAfter, twin.SerialNumberBytes.ToArray());
    }

    public void Dispose()
    {
        _key.Dispose();
        Root.Dispose();
    }

    private static X500DistinguishedName Subject(string iin, string commonName)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        subject.Add(ContractSignatureVerifier.SubjectSerialNumberOid, "IIN" + iin, UniversalTagNumber.PrintableString);
        subject.AddCountryOrRegion("KZ");
        return subject.Build();
    }

    private static void AddEndEntityExtensions(CertificateRequest request, X509KeyUsageFlags usage)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }
}

/// <summary>Makes detached CAdES-BES signatures the way a signer's software would.</summary>
internal static class Cades
{
    public static byte[] SignDetached(
        byte[] content,
        X509Certificate2 signer,
        DateTimeOffset signingTime,
        bool withSigningCertificateV2 = true,
        X509Certificate2? namedInAttribute = null,
        bool withSignedAttributes = true,
        X509Certificate2? carriedInstead = null)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = carriedInstead is null ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        if (withSignedAttributes)
        {
            // CmsSigner adds contentType and messageDigest itself once there are signed attributes.
            cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
            if (withSigningCertificateV2)
            {
                cmsSigner.SignedAttributes.Add(new AsnEncodedData(
                    ContractSignatureVerifier.SigningCertificateV2Oid, SigningCertificateV2(namedInAttribute ?? signer)));
            }
        }

        cms.ComputeSignature(cmsSigner, silent: true);
        if (carriedInstead is not null)
        {
            cms.AddCertificate(carriedInstead);
        }

        return cms.Encode();
    }

    /// <summary>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2 with the
    /// certificate's SHA-256 (the default hash, so the algorithm is left out) and its issuer and serial.
    /// </summary>
    public static byte[] SigningCertificateV2(X509Certificate2 certificate)
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
