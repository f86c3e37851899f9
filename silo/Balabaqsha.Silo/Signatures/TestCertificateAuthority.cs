using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Balabaqsha.Domain.Signatures;

namespace Balabaqsha.Silo.Signatures;

/// <summary>
/// The portal's own certification authority for local use and tests (SPEC §7, ЭЦП): a self-signed
/// RSA root "Balabaqsha Test CA" that issues signing keys to demo parents and staff as PKCS#12 files,
/// in the shape of the national authority's RSA certificates (CN = full name, serialNumber =
/// "IIN" + IIN). Trusted only while the development controls are on; never in production.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public const string DefaultName = "Balabaqsha Test CA";

    /// <summary>
    /// PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC: what WebCrypto can decrypt in the browser (the
    /// PKCS#12 default of 3DES with the PKCS#12 key derivation is beyond it).
    /// </summary>
    public static readonly PbeParameters BrowserFriendlyEncryption = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 2048);

    private const string RootFile = "root.pfx";
    private const string RootPemFile = "root.pem";
    private const X509KeyUsageFlags SigningUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    // The root's private key sits in the data folder in the clear-ish: it is a test CA, and the
    // password only keeps tools from treating the file as an unprotected key.
    private const string RootFilePassword = "balabaqsha-test-ca";

    private readonly X509Certificate2 _root;
    private readonly TimeProvider _time;

    private TestCertificateAuthority(X509Certificate2 rootWithKey, TimeProvider time)
    {
        _root = rootWithKey;
        _time = time;
        RootCertificate = X509CertificateLoader.LoadCertificate(rootWithKey.RawData);
    }

    /// <summary>The root without its private key, for a verifier's trusted roots.</summary>
    public X509Certificate2 RootCertificate { get; }

    /// <summary>A root that lives as long as this object (tests, or "another, untrusted CA").</summary>
    public static TestCertificateAuthority CreateInMemory(string name = DefaultName, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        return new TestCertificateAuthority(CreateRoot(name, time.GetUtcNow()), time);
    }

    /// <summary>
    /// The root kept in <paramref name="folder"/> (root.pfx with its key, root.pem to configure
    /// elsewhere), created on first use and again when it has expired.
    /// </summary>
    public static TestCertificateAuthority LoadOrCreate(string folder, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var path = Path.Combine(folder, RootFile);
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, RootFilePassword, X509KeyStorageFlags.Exportable);
            if (existing.HasPrivateKey && existing.NotAfter.ToUniversalTime() > time.GetUtcNow().AddYears(1).UtcDateTime)
            {
                return new TestCertificateAuthority(existing, time);
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(folder);
        var root = CreateRoot(DefaultName, time.GetUtcNow());
        WriteAtomically(path, root.Export(X509ContentType.Pkcs12, RootFilePassword));
        WriteAtomically(Path.Combine(folder, RootPemFile), System.Text.Encoding.ASCII.GetBytes(root.ExportCertificatePem() + "\n"));
        return new TestCertificateAuthority(root, time);
    }

    /// <summary>A signing certificate with its private key: valid from a day ago for a year.</summary>
    public X509Certificate2 Issue(string iin, string fullName)
    {
        var now = _time.GetUtcNow();
        return Issue(iin, fullName, now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>A certificate that expired yesterday (valid the year before), for tests of refusal.</summary>
    public X509Certificate2 IssueExpired(string iin, string fullName)
    {
        var now = _time.GetUtcNow();
        return Issue(iin, fullName, now.AddYears(-1), now.AddDays(-1));
    }

    public X509Certificate2 Issue(string iin, string fullName, DateTimeOffset notBefore, DateTimeOffset notAfter, X509KeyUsageFlags usage = SigningUsage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(iin);
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(fullName);
        subject.Add(ContractSignatureVerifier.SubjectSerialNumberOid, ContractSignatureVerifier.IinPrefix + iin, UniversalTagNumber.PrintableString);
        subject.AddCountryOrRegion("KZ");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        // A certificate may not outlive its issuer.
        var until = notAfter < _root.NotAfter ? notAfter : new DateTimeOffset(_root.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        using var certificate = request.Create(_root, notBefore, until, NewSerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>The person's key and certificate as a password-protected PKCS#12 file the browser module can open.</summary>
    public byte[] IssuePkcs12(string iin, string fullName, string password)
    {
        using var certificate = Issue(iin, fullName);
        return ExportPkcs12(certificate, password);
    }

    /// <summary>
    /// PKCS#12 with the certificate in an encrypted safe and the key in a shrouded key bag, both
    /// PBES2 (<see cref="BrowserFriendlyEncryption"/>), sealed with an HMAC-SHA256 MAC.
    /// </summary>
    public static byte[] ExportPkcs12(X509Certificate2 certificateWithKey, string password)
    {
        ArgumentNullException.ThrowIfNull(certificateWithKey);
        using var key = certificateWithKey.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no RSA private key.", nameof(certificateWithKey));
        var localKeyId = new Pkcs9LocalKeyId(certificateWithKey.GetCertHash(HashAlgorithmName.SHA256));

        var certificates = new Pkcs12SafeContents();
        certificates.AddCertificate(certificateWithKey).Attributes.Add(localKeyId);
        var keys = new Pkcs12SafeContents();
        keys.AddShroudedKey(key, password, BrowserFriendlyEncryption).Attributes.Add(localKeyId);

        var builder = new Pkcs12Builder();
        builder.AddSafeContentsEncrypted(certificates, password, BrowserFriendlyEncryption);
        builder.AddSafeContentsUnencrypted(keys);
        builder.SealWithMac(password, HashAlgorithmName.SHA256, BrowserFriendlyEncryption.IterationCount);
        return builder.Encode();
    }

    public void Dispose()
    {
        _root.Dispose();
        RootCertificate.Dispose();
    }

    private static X509Certificate2 CreateRoot(string name, DateTimeOffset now)
    {
        using var key = RSA.Create(3072);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(name);
        subject.AddOrganizationName("Balabaqsha (test only)");
        subject.AddCountryOrRegion("KZ");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        // Starts well before now so that signatures with a slightly late clock, and the tests'
        // expired certificates, still fall inside the root's validity.
        using var root = request.CreateSelfSigned(now.AddYears(-2), now.AddYears(10));

        // Re-imported so the key is usable for signing on every platform (ephemeral keys can't be on some).
        return X509CertificateLoader.LoadPkcs12(root.Export(X509ContentType.Pkcs12, RootFilePassword), RootFilePassword, X509KeyStorageFlags.Exportable);
    }

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        serial[0] |= 0x01; // and never a leading zero byte
        return serial;
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
