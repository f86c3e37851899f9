using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Balabaqsha.Domain.Signatures;
using Balabaqsha.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Silo.Signatures;

public static class SignatureServices
{
    /// <summary>Where the embedded default keeps the test CA's root.</summary>
    public static string TestCaFolder(PortalOptions options) => Path.Combine(Path.GetFullPath(options.DataFolder), "test-ca");

    /// <summary>
    /// The signature verifier, trusting the configured roots (read now, so a missing file stops the
    /// start) and — with the development controls only — the test CA, which is registered then too.
    /// </summary>
    public static IServiceCollection AddBalabaqshaSignatures(this IServiceCollection services, PortalOptions options)
    {
        var configuredRoots = options.Signatures.TrustedRoots.SelectMany(ReadRoots).ToList();
        if (options.DevelopmentControlsOn)
        {
            services.AddSingleton(_ => TestCertificateAuthority.LoadOrCreate(TestCaFolder(options)));
            services.AddSingleton(sp => new ContractSignatureVerifier(
                [.. configuredRoots, sp.GetRequiredService<TestCertificateAuthority>().RootCertificate]));
        }
        else
        {
            services.AddSingleton(new ContractSignatureVerifier(configuredRoots));
        }

        return services;
    }

    private static X509Certificate2Collection ReadRoots(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Balabaqsha:Signatures:TrustedRoots: cannot read the PEM file '{path}': {e.Message}", e);
        }

        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"Balabaqsha:Signatures:TrustedRoots: '{path}' holds no certificate.");
        }

        return roots;
    }
}
