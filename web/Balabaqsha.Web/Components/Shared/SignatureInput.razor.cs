using Balabaqsha.Silo.Hosting;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// The choice of how to sign a contract and what that way needs: NCALayer (production), or a key file (.p12)
/// and its password opened in the browser, offered while key files are allowed (with the development controls
/// on, by default) and then chosen first. <see cref="SignAsync"/> makes the signature the chosen way.
/// </summary>
public sealed partial class SignatureInput : IAsyncDisposable
{
    public const string NcaLayerMethod = "ncalayer";
    public const string KeyFileMethod = "key-file";

    /// <summary>Where NCALayer is published by the national certification authority (НУЦ РК).</summary>
    private const string NcaLayerDownloadUrl = "https://ncl.pki.gov.kz/";

    private ContractSigner? _signer;
    private ElementReference _keyInput;
    private ElementReference _passwordInput;
    private bool _keyFilesAllowed;
    private string _method = NcaLayerMethod;

    /// <summary>The prefix of the element ids: one per form on the page.</summary>
    [Parameter, EditorRequired]
    public string Id { get; set; } = default!;

    /// <summary>The IIN of the person expected to sign: NCALayer then offers only their keys.</summary>
    [Parameter]
    public string? SignerIin { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IOptions<BrowserSigningOptions> Options { get; set; } = default!;

    [Inject]
    private IOptions<PortalOptions> Portal { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private ILogger<SignatureInput> Logger { get; set; } = default!;

    private IReadOnlyList<SelectOption> MethodOptions =>
    [
        new(NcaLayerMethod, L["Signature.Method.NcaLayer"]),
        new(KeyFileMethod, L["Signature.Method.KeyFile"]),
    ];

    protected override void OnInitialized()
    {
        _signer = new ContractSigner(JS, Logger);
        _keyFilesAllowed = Options.Value.KeyFilesAllowed(Portal.Value);
        _method = _keyFilesAllowed ? KeyFileMethod : NcaLayerMethod;
    }

    /// <summary>
    /// The detached signature of the contract at <paramref name="contractUrl"/>, made the chosen way, or the
    /// message key of why there is none.
    /// </summary>
    /// <param name="portalNow">The signing time a key file signs with (NCALayer writes its own computer's time).</param>
    public Task<(byte[]? Signature, string? ErrorKey)> SignAsync(string contractUrl, NodaTime.Instant portalNow)
    {
        _signer ??= new ContractSigner(JS, Logger);
        return _method == KeyFileMethod
            ? _signer.SignAsync(_keyInput, _passwordInput, contractUrl, portalNow)
            : _signer.SignWithNcaLayerAsync(Options.Value.NcaLayerUrl, contractUrl, SignerIin, Preferences.Language);
    }

    private void SelectMethod(string? method) =>
        _method = method == KeyFileMethod && _keyFilesAllowed ? KeyFileMethod : NcaLayerMethod;

    public async ValueTask DisposeAsync()
    {
        if (_signer is not null)
        {
            await _signer.DisposeAsync();
        }
    }
}
