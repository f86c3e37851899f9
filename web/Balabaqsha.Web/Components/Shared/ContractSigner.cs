using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// Signs an application's contract in the browser with wwwroot/js/contract-sign.js: the page reads the
/// key file and its password, the circuit receives only the detached signature (or why there is none).
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

    private IJSObjectReference? _module;

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

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }

    private sealed record Outcome(string? Code, string? Detail, string? Signature, string? Iin);
}
