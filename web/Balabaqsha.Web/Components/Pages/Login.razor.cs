using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using NodaTime;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>
/// The guide's «Вход»: an identifier from one of four tabs and a password, or a one-time SMS code.
/// The cookie is set by a plain HTTP request that redeems the sign-in's single-use ticket.
/// </summary>
public sealed partial class Login
{
    private static readonly LoginKind[] Kinds = [LoginKind.Iin, LoginKind.Phone, LoginKind.Login, LoginKind.Email];

    private readonly Dictionary<LoginKind, string?> _identifiers = [];
    private FormFeedback _form = default!;
    private LoginKind _kind = LoginKind.Iin;
    private string? _password;
    private string? _code;
    private bool _remember;
    private bool _codeMode;
    private Instant? _expiresAt;
    private bool _expired;
    private bool _redirecting;

    [SupplyParameterFromQuery(Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    [Inject]
    private IdentityClient Identity { get; set; } = default!;

    [Inject]
    private SignInTickets Tickets { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Login> Logger { get; set; } = default!;

    private string? Identifier
    {
        get => _identifiers.GetValueOrDefault(_kind);
        set => _identifiers[_kind] = value;
    }

    private bool CodeActive => _codeMode && _expiresAt is not null && !_expired;

    protected override void OnInitialized() => _form = new FormFeedback(L, Logger);

    private static string TabId(LoginKind kind) => $"tab-{kind.ToString().ToLowerInvariant()}";

    private void OnTabChanged(string? tabId)
    {
        var kind = Kinds.FirstOrDefault(k => TabId(k) == tabId);
        if (kind == _kind)
        {
            return;
        }

        _kind = kind;
        BackToPassword();
    }

    private void BackToPassword()
    {
        _codeMode = false;
        _expiresAt = null;
        _expired = false;
        _code = null;
        _form.Clear();
    }

    private Task SubmitAsync() => _codeMode ? SignInWithCodeAsync() : SignInWithPasswordAsync();

    private async Task SignInWithPasswordAsync()
    {
        if (!TryReadIdentifier(out var identifier))
        {
            return;
        }

        if (string.IsNullOrEmpty(_password))
        {
            _form.Fail("Error.Password.Length");
            return;
        }

        SignInOutcome? outcome = null;
        await _form.RunAsync(async () => outcome = await Identity.SignInAsync(_kind, identifier, _password));
        Complete(outcome);
    }

    private async Task RequestCodeAsync()
    {
        if (!TryReadIdentifier(out var identifier))
        {
            return;
        }

        await _form.RunAsync(async () =>
        {
            var sent = await Identity.RequestSignInCodeAsync(_kind, identifier, Preferences.Language);
            _codeMode = true;
            _code = null;
            _expired = false;
            _expiresAt = Clock.GetCurrentInstant() + Duration.FromSeconds(sent.SecondsValid);
        });
    }

    private async Task SignInWithCodeAsync()
    {
        if (!CodeActive || !TryReadIdentifier(out var identifier))
        {
            return;
        }

        var code = _code?.Trim();
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            _form.Fail("Error.Code.Format");
            return;
        }

        SignInOutcome? outcome = null;
        await _form.RunAsync(async () => outcome = await Identity.SignInWithCodeAsync(_kind, identifier, code));
        Complete(outcome);
    }

    private void Complete(SignInOutcome? outcome)
    {
        if (outcome is null)
        {
            return;
        }

        if (!outcome.Succeeded)
        {
            _form.Fail(outcome.MessageKey ?? "Error.SignIn.Failed", outcome.MessageArgument);
            _password = null;
            return;
        }

        _redirecting = true;
        Navigation.NavigateTo(Tickets.CreateCompletionUrl(outcome, _remember, ReturnUrl), forceLoad: true);
    }

    private void OnCodeExpired() => _expired = true;

    /// <summary>Checks the identifier of the active tab and gives it in the form the grains look up.</summary>
    private bool TryReadIdentifier(out string identifier)
    {
        identifier = Identifier?.Trim() ?? string.Empty;
        switch (_kind)
        {
            case LoginKind.Iin when !Iin.TryParse(identifier, out var iin, out var error):
                _form.Fail(Iin.ErrorKey(error));
                return false;
            case LoginKind.Iin:
                identifier = Iin.Parse(identifier).Value;
                return true;
            case LoginKind.Phone when !PhoneNumber.TryParse(identifier, out var phone):
                _form.Fail("Error.Phone.Invalid");
                return false;
            case LoginKind.Phone:
                identifier = PhoneNumber.Parse(identifier).Value;
                return true;
            default:
                if (identifier.Length == 0)
                {
                    _form.Fail("Error.Identifier.Empty");
                    return false;
                }

                return true;
        }
    }
}
