using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Balabaqsha.Domain.Signatures;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Signatures;

public sealed class ContractSignatureVerifierTests : IClassFixture<ContractSignatureVerifierTests.Authorities>
{
    private const string Iin = "880415400123";
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8.ToArray();

    private readonly Authorities _ca;
    private readonly ContractSignatureVerifier _verifier;
    private readonly DateTimeOffset _signedAt = DateTimeOffset.UtcNow.AddMinutes(-2);

    public ContractSignatureVerifierTests(Authorities ca)
    {
        _ca = ca;
        _verifier = new ContractSignatureVerifier([ca.Trusted.Root]);
    }

    private Instant Now => Instant.FromDateTimeOffset(DateTimeOffset.UtcNow);

    [Fact]
    public void Verify_GoodSignature_AcceptedWithTheSigner()
    {
        using var signer = _ca.Trusted.Issue(Iin, "Ахметова Айгерим Бекзатовна");
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        var check = _verifier.Verify(Pdf, signature, Iin, Now);

        Assert.True(check.IsValid, check.MessageKey);
        Assert.Equal(Iin, check.Signer.Iin);
        Assert.Equal("Ахметова Айгерим Бекзатовна", check.Signer.CommonName);
        Assert.Equal(Instant.FromUnixTimeSeconds(_signedAt.ToUnixTimeSeconds()), check.Signer.SigningTime);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signer.RawData)), check.Signer.Thumbprint);
    }

    [Fact]
    public void Verify_TamperedPdf_Invalid()
    {
        var signer = _ca.Signer;
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);
        var tampered = Pdf.ToArray();
        tampered[^3] ^= 0x01;

        Assert.Equal(SignatureErrors.Invalid, _verifier.Verify(tampered, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_TamperedSignatureValue_Invalid()
    {
        var signer = _ca.Signer;
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);
        signature[^10] ^= 0x01; // inside the RSA signature, the last field of the SignerInfo

        Assert.Equal(SignatureErrors.Invalid, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_AnotherPersonsIin_WrongSigner()
    {
        var signer = _ca.Signer;
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        Assert.Equal(SignatureErrors.WrongSigner, _verifier.Verify(Pdf, signature, "880415400124", Now).MessageKey);
    }

    [Fact]
    public void Verify_CertificateWithoutIin_WrongSigner()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=No IIN, C=KZ", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var signature = Cades.SignDetached(Pdf, selfSigned, _signedAt);
        var verifier = new ContractSignatureVerifier([X509CertificateLoader.LoadCertificate(selfSigned.RawData)]);

        Assert.Equal(SignatureErrors.WrongSigner, verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_CertificateFromAnotherRoot_Untrusted()
    {
        var signature = Cades.SignDetached(Pdf, _ca.UntrustedSigner, _signedAt);

        Assert.Equal(SignatureErrors.Untrusted, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_NoTrustedRootsConfigured_Untrusted()
    {
        var signer = _ca.Signer;
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        Assert.Equal(SignatureErrors.Untrusted, new ContractSignatureVerifier([]).Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_CertificateExpiredBeforeSigning_Expired()
    {
        using var signer = _ca.Trusted.Issue(Iin, notBefore: DateTimeOffset.UtcNow.AddYears(-2), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        Assert.Equal(SignatureErrors.Expired, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_CertificateNotYetValidAtSigning_Expired()
    {
        using var signer = _ca.Trusted.Issue(Iin, notBefore: DateTimeOffset.UtcNow.AddDays(1), notAfter: DateTimeOffset.UtcNow.AddYears(1));
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        Assert.Equal(SignatureErrors.Expired, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_SignedWhileValidCheckedAfterExpiry_Accepted()
    {
        // Validity counts at the signing time: a contract signed last year stays signed.
        var signedAt = DateTimeOffset.UtcNow.AddYears(-1);
        using var signer = _ca.Trusted.Issue(Iin, notBefore: signedAt.AddDays(-10), notAfter: signedAt.AddDays(10));
        var signature = Cades.SignDetached(Pdf, signer, signedAt);

        Assert.True(_verifier.Verify(Pdf, signature, Iin, Now).IsValid);
    }

    [Fact]
    public void Verify_SigningTimeInTheFutureBeyondSkew_Invalid()
    {
        var signer = _ca.Signer;
        var aheadBy = _verifier.ClockSkew + Duration.FromMinutes(1);
        var signature = Cades.SignDetached(Pdf, signer, DateTimeOffset.UtcNow + aheadBy.ToTimeSpan());

        Assert.Equal(SignatureErrors.Invalid, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_SigningTimeSlightlyAhead_Accepted()
    {
        var signer = _ca.Signer;
        var signature = Cades.SignDetached(Pdf, signer, DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.True(_verifier.Verify(Pdf, signature, Iin, Now).IsValid);
    }

    [Fact]
    public void Verify_NoSigningCertificateV2_MissingAttributes()
    {
        var signer = _ca.Signer;
        var signature = Cades.SignDetached(Pdf, signer, _signedAt, withSigningCertificateV2: false);

        Assert.Equal(SignatureErrors.MissingAttributes, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_NoSignedAttributesAtAll_MissingAttributes()
    {
        var signer = _ca.Signer;
        var signature = Cades.SignDetached(Pdf, signer, _signedAt, withSignedAttributes: false);

        Assert.Equal(SignatureErrors.MissingAttributes, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_SigningCertificateV2NamesAnotherCertificate_Invalid()
    {
        var signature = Cades.SignDetached(Pdf, _ca.Signer, _signedAt, namedInAttribute: _ca.UntrustedSigner);

        Assert.Equal(SignatureErrors.Invalid, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_EncipherOnlyKeyUsage_KeyUsage()
    {
        using var signer = _ca.Trusted.Issue(Iin, usage: X509KeyUsageFlags.KeyEncipherment);
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        Assert.Equal(SignatureErrors.KeyUsage, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Theory]
    [InlineData(X509KeyUsageFlags.DigitalSignature)]
    [InlineData(X509KeyUsageFlags.NonRepudiation)]
    public void Verify_EitherSigningKeyUsage_Accepted(X509KeyUsageFlags usage)
    {
        using var signer = _ca.Trusted.Issue(Iin, usage: usage);
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        Assert.True(_verifier.Verify(Pdf, signature, Iin, Now).IsValid);
    }

    [Fact]
    public void Verify_WeakRsaKey_Invalid()
    {
        using var signer = _ca.Trusted.Issue(Iin, keySize: 1024);
        var signature = Cades.SignDetached(Pdf, signer, _signedAt);

        Assert.Equal(SignatureErrors.Invalid, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Fact]
    public void Verify_GostCertificate_RefusedAsGost()
    {
        using var rsaTwin = _ca.Trusted.Issue(Iin);
        using var gost = _ca.Trusted.IssueGostTwin(rsaTwin, Iin);
        var signature = Cades.SignDetached(Pdf, rsaTwin, _signedAt, carriedInstead: gost);

        Assert.Equal(SignatureErrors.Gost, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);
    }

    [Theory]
    [InlineData("1.2.398.3.10.1.1.1.1", true)]
    [InlineData("1.2.398.3.10.1.1.2.3.2", true)]
    [InlineData("1.2.643.7.1.1.1.1", true)]
    [InlineData("1.2.643.2.2.19", true)]
    [InlineData("1.2.840.113549.1.1.1", false)]
    [InlineData("1.2.840.10045.2.1", false)]
    [InlineData("1.2.398.3.10.1.3.1", false)]
    [InlineData(null, false)]
    public void IsGostKeyAlgorithm_PublicKeyOid_TellsGostApart(string? oid, bool gost) =>
        Assert.Equal(gost, ContractSignatureVerifier.IsGostKeyAlgorithm(oid));

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 })]
    public void Verify_NotACmsSignature_Malformed(byte[] signature) =>
        Assert.Equal(SignatureErrors.Malformed, _verifier.Verify(Pdf, signature, Iin, Now).MessageKey);

    [Fact]
    public void IinOf_Certificate_ReadsTheSubjectSerialNumber()
    {
        var signer = _ca.Signer;

        Assert.Equal(Iin, ContractSignatureVerifier.IinOf(signer));
    }

    /// <summary>The CAs and an ordinary signer of each, shared by the class: RSA key generation is the slow part.</summary>
    public sealed class Authorities : IDisposable
    {
        public Authorities()
        {
            Signer = Trusted.Issue(Iin);
            UntrustedSigner = Untrusted.Issue(Iin);
        }

        public TestCa Trusted { get; } = TestCa.Create("Balabaqsha Verifier Test CA");

        public TestCa Untrusted { get; } = TestCa.Create("Elsewhere Test CA");

        public X509Certificate2 Signer { get; }

        public X509Certificate2 UntrustedSigner { get; }

        public void Dispose()
        {
            Signer.Dispose();
            UntrustedSigner.Dispose();
            Trusted.Dispose();
            Untrusted.Dispose();
        }
    }
}
