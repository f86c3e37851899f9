using Balabaqsha.Domain.Signatures;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Endpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Balabaqsha.Web.Components.Pages.Dev;

/// <summary>
/// Test signing keys for the demo accounts and a "try signing" form (SPEC §7, ЭЦП): the browser
/// signs a file with cades-sign.js and a chosen .p12, the server checks the signature.
/// </summary>
public sealed partial class Keys : IAsyncDisposable
{
    // The key-file codes of cades-sign.js (shared with the contract signer) and those of Keys.razor.js.
    private static readonly Dictionary<string, string> BrowserErrors = new(ContractSigner.KeyFileErrors, StringComparer.Ordinal)
    {
        ["missing-input"] = "DevKeys.Error.MissingInput",
        ["no-iin"] = "DevKeys.Error.NoIin",
        ["request"] = "DevKeys.Error.Request",
    };

    private IReadOnlyList<DemoKeyHolder> _holders = [];
    private FormFeedback _form = default!;
    private IJSObjectReference? _module;
    private ElementReference _keyInput;
    private ElementReference _passwordInput;
    private ElementReference _fileInput;
    private string? _expectedIin;
    private bool _tamper;
    private bool _enabled;
    private bool _loaded;
    private TryOutcome? _accepted;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private IOptions<PortalOptions> Options { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<Keys> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _form = new FormFeedback(L, Logger);
        _enabled = Options.Value.DevelopmentControlsOn;
        if (!_enabled)
        {
            Navigation.NotFound();
            return;
        }

        _holders = await DevKeyEndpoints.DemoKeyHoldersAsync(Grains);
        _loaded = true;
    }

    private async Task SignAndVerifyAsync()
    {
        _accepted = null;
        await _form.RunAsync(async () =>
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Dev/Keys.razor.js");
            var outcome = await _module.InvokeAsync<TryOutcome>(
                "signAndVerify", _keyInput, _passwordInput, _fileInput, _expectedIin?.Trim() ?? string.Empty, _tamper, DevKeyEndpoints.Path + "/verify");
            if (outcome.Code is { } code)
            {
                if (!BrowserErrors.TryGetValue(code, out var key))
                {
                    Logger.LogWarning("The browser could not sign: {Detail}", outcome.Detail);
                    key = "DevKeys.Error.Browser";
                }

                _form.Fail(key);
            }
            else if (outcome.Valid)
            {
                _accepted = outcome;
                _form.Succeed(L["DevKeys.Try.Accepted", outcome.CommonName ?? string.Empty, outcome.Iin ?? string.Empty, outcome.SigningTime ?? string.Empty, outcome.Thumbprint ?? string.Empty]);
            }
            else
            {
                _form.Fail(outcome.MessageKey ?? SignatureErrors.Malformed);
            }
        });
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

    /// <summary>What Keys.razor.js answers: a browser-side failure code, or the server's verdict.</summary>
    private sealed record TryOutcome(
        string? Code, string? Detail, bool Valid, string? MessageKey, string? Iin, string? CommonName, string? SigningTime, string? Thumbprint);
}
