namespace Balabaqsha.Silo.Signatures;

/// <summary>Electronic signatures (configuration section "Balabaqsha:Signatures").</summary>
public sealed class SignatureOptions
{
    /// <summary>
    /// PEM files of the roots a signer's certificate must chain to (e.g. the national authority's RSA
    /// root). The portal's test CA is added only while the development controls are on.
    /// </summary>
    public List<string> TrustedRoots { get; set; } = [];
}
