using System.ComponentModel.DataAnnotations;
using Balabaqsha.Silo.Hosting;

namespace Balabaqsha.Web.Services;

/// <summary>
/// How people sign contracts on their own side (SPEC §7, ЭЦП). Read from "Balabaqsha:Signatures", the
/// section whose TrustedRoots the verifier reads: the verifier's settings live with the silo, these with
/// the pages that make the signatures.
/// </summary>
public sealed class BrowserSigningOptions : IValidatableObject
{
    public const string Section = "Balabaqsha:Signatures";

    /// <summary>Where NCALayer listens on every Kazakh signer's computer.</summary>
    public const string DefaultNcaLayerUrl = "wss://127.0.0.1:13579/";

    /// <summary>The WebSocket address at which the page reaches NCALayer (ws:// or wss://).</summary>
    [Required]
    public string NcaLayerUrl { get; set; } = DefaultNcaLayerUrl;

    /// <summary>
    /// Whether a key file (.p12) may be opened in the page (cades-sign.js) besides NCALayer. Unset: only
    /// while the development controls are on, so that production offers NCALayer alone.
    /// </summary>
    public bool? AllowKeyFiles { get; set; }

    public bool KeyFilesAllowed(PortalOptions portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return AllowKeyFiles ?? portal.DevelopmentControlsOn;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(NcaLayerUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeWs && url.Scheme != Uri.UriSchemeWss))
        {
            yield return new ValidationResult($"{Section}:{nameof(NcaLayerUrl)} must be an absolute ws:// or wss:// address.", [nameof(NcaLayerUrl)]);
        }
    }
}
