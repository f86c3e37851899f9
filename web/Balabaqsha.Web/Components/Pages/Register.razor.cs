using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>The guide's «Регистрация»: SMS code to the phone БМГ registers to the IIN, then the password.</summary>
public sealed partial class Register
{
    private readonly PhoneCodeModel _model = new();
    private FormFeedback _form = default!;
    private Stage _stage = Stage.Sms;
    private VerifiedCode? _verified;
    private string? _password;
    private string? _repeat;
    private string? _carriedError;

    private enum Stage
    {
        Sms = 0,
        Password = 1,
        Done = 2,
    }

    [Inject]
    private IdentityClient Identity { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private ILogger<Register> Logger { get; set; } = default!;

    private IReadOnlyList<string> StepNames => [L["Register.StepSms"], L["Register.StepPassword"]];

    protected override void OnInitialized() => _form = new FormFeedback(L, Logger);

    private void OnVerified(VerifiedCode verified)
    {
        _verified = verified;
        _carriedError = null;
        _password = null;
        _repeat = null;
        _stage = Stage.Password;
    }

    private async Task SaveAsync()
    {
        if (PasswordPolicy.Check(_password, _repeat) is { } problem)
        {
            _form.Fail(problem);
            return;
        }

        var verified = _verified!;
        if (await _form.RunAsync(() => Identity.RegisterAsync(
                verified.Phone, verified.Iin, verified.Result.Ticket, _password!, _repeat!, Preferences.Language)))
        {
            _password = null;
            _repeat = null;
            _stage = Stage.Done;
        }
        else if (_form.ErrorKey == "Error.Registration.TicketInvalid")
        {
            // The confirmation expired or was used: the code step must be repeated.
            _carriedError = _form.Error;
            _stage = Stage.Sms;
        }
    }
}
