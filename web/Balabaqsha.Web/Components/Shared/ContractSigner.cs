using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// Signs an application's contract on the signer's side: through NCALayer (wwwroot/js/ncalayer.js, production)
/// or in the browser with a key file (wwwroot/js/contract-sign.js, local use and tests). The circuit receives
/// only the detached signature, or why there is none.
/// </summary>
public sealed class ContractSigner(IJSRuntime js, ILogger logger) : IAsyncDisposable
{
    /// <summary>The codes of CadesError in wwwroot/js/cades-sign.js (a key file the browser cannot use), and their messages.</summary>
    public static IReadOnlyDictionary<string, string> KeyFileErrors { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["wrong-password"] = "DevKeys.Error.WrongPassword",
        ["not-pkcs12"] = "DevKeys.Error.NotPkcs12",
        ["unsupported-encryption"] = "DevKeys.Error.UnsupportedEncryption",
        ["no-key"] = "DevKeys.Error.NoKey",
        ["no-certificate"] = "DevKeys.Error.NoCertificate",
        ["not-rsa"] = "DevKeys.Error.NotRsa",
    };

    // The key-file codes and those of contract-sign.js itself.
    private static readonly Dictionary<string, string> BrowserErrors = new(KeyFileErrors, StringComparer.Ordinal)
    {
        ["missing-input"] = "Enrollment.Error.MissingKey",
        ["request"] = "Enrollment.Error.ContractUnavailable",
    };

    /// <summary>The codes of wwwroot/js/ncalayer.js, and their messages.</summary>
    public static IReadOnlyDictionary<string, string> NcaLayerErrors { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ncalayer-unavailable"] = "Signature.NcaLayer.Error.Unavailable",
        ["ncalayer-cancelled"] = "Signature.NcaLayer.Error.Cancelled",
        ["ncalayer-failed"] = "Signature.NcaLayer.Error.Failed",
        ["ncalayer-timeout"] = "Signature.NcaLayer.Error.Timeout",
        ["request"] = "Enrollment.Error.ContractUnavailable",
    };

    // Longer than ncalayer.js waits for the person in NCALayer's window (5 minutes), so that the module's own
    // timeout answers first; the circuit's default (1 minute) would cut a person typing a password short.
    private static readonly TimeSpan NcaLayerCallTimeout = TimeSpan.FromMinutes(6);

    private IJSObjectReference? _module;
    private IJSObjectReference? _ncaLayerModule;

    /// <summary>The signature of the contract at <paramref name="contractUrl"/>, or the message key of why the browser could not make it.</summary>
    /// <remarks>
    /// The signing time is the portal's now (<paramref name="portalNow"/>): the server checks that it is not
    /// before the contract was sent, and with the development clock moved the browser's own clock would be.
    /// </remarks>
    public async Task<(byte[]? Signature, string? ErrorKey)> SignAsync(ElementReference keyInput, ElementReference passwordInput, string contractUrl, NodaTime.Instant portalNow)
    {
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "/js/contract-sign.js");
        var outcome = await _module.InvokeAsync<Outcome>("signContract", keyInput, passwordInput, contractUrl, portalNow.ToString());
        if (outcome.Code is { } code)
        {
            if (!BrowserErrors.TryGetValue(code, out var key))
            {
                logger.LogWarning("The browser could not sign the contract: {Detail}", outcome.Detail);
                key = "DevKeys.Error.Browser";
            }

            return (null, key);
        }

        return outcome.Signature is { Length: > 0 } signature ? (Convert.FromBase64String(signature), null) : (null, "DevKeys.Error.Browser");
    }

    /// <summary>
    /// The signature of the contract at <paramref name="contractUrl"/> made by NCALayer at <paramref name="ncaLayerUrl"/>,
    /// or the message key of why there is none.
    /// </summary>
    /// <param name="signerIin">The expected signer: NCALayer then offers only that person's keys.</param>
    /// <param name="locale">The language of NCALayer's window (kk, ru, en).</param>
    /// <remarks>
    /// NCALayer writes its own computer's time as the signing time: with the development clock moved forward the
    /// server refuses such a signature as made before the contract was sent. Production has no such clock.
    /// </remarks>
    public async Task<(byte[]? Signature, string? ErrorKey)> SignWithNcaLayerAsync(string ncaLayerUrl, string contractUrl, string? signerIin, string locale)
    {
        Outcome outcome;
        try
        {
            _ncaLayerModule ??= await js.InvokeAsync<IJSObjectReference>("import", "/js/ncalayer.js");
            outcome = await _ncaLayerModule.InvokeAsync<Outcome>(
                "signContract", NcaLayerCallTimeout, ncaLayerUrl, contractUrl, new { iin = signerIin, locale });
        }
        catch (TaskCanceledException)
        {
            return (null, NcaLayerErrors["ncalayer-timeout"]);
        }

        if (outcome.Code is { } code)
        {
            if (code == "ncalayer-failed" || !NcaLayerErrors.ContainsKey(code))
            {
                // What NCALayer said (its error code and message): never the document or the key.
                logger.LogWarning("NCALayer could not sign the contract: {Code} {Detail}", code, outcome.Detail);
            }

            return (null, NcaLayerErrors.GetValueOrDefault(code, NcaLayerErrors["ncalayer-failed"]));
        }

        if (outcome.Signature is not { Length: > 0 } signature)
        {
            return (null, NcaLayerErrors["ncalayer-failed"]);
        }

        try
        {
            return (Convert.FromBase64String(signature), null);
        }
        catch (FormatException)
        {
            logger.LogWarning("NCALayer answered with a signature that is not base64");
            return (null, NcaLayerErrors["ncalayer-failed"]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var module in new[] { _module, _ncaLayerModule })
        {
            if (module is null)
            {
                continue;
            }

            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }

    private sealed record Outcome(string? Code, string? Detail, string? Signature, string? Iin);
}
