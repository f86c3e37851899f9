using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// The guide's two-step pages, «Регистрация» and «Восстановление пароля»: a code sent to the phone БМГ
/// registers to the IIN, then a password typed twice. A page says only what the password completes.
/// </summary>
public abstract class SmsPasswordPage : ComponentBase
{
    protected readonly PhoneCodeModel _model = new();
    protected FormFeedback _form = default!;
    protected Stage _stage = Stage.Sms;
    protected string? _password;
    protected string? _repeat;
    protected string? _carriedError;
    protected VerifiedCode? _verified;

    protected enum Stage
    {
        Sms = 0,
        Password = 1,
        Done = 2,
    }

    [Inject]
    protected IdentityClient Identity { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Localizer { get; set; } = default!;

    [Inject]
    private ILoggerFactory Loggers { get; set; } = default!;

    protected IReadOnlyList<string> StepNames => [Localizer["Register.StepSms"], Localizer["Register.StepPassword"]];

    protected override void OnInitialized() => _form = new FormFeedback(Localizer, Loggers.CreateLogger(GetType()));

    /// <summary>Completes the page with the verified code and the password pair.</summary>
    protected abstract Task CompleteAsync(VerifiedCode verified, string password, string repeat);

    protected void OnVerified(VerifiedCode verified)
    {
        _verified = verified;
        _carriedError = null;
        _password = null;
        _repeat = null;
        _stage = Stage.Password;
    }

    protected async Task SaveAsync()
    {
        if (PasswordPolicy.Check(_password, _repeat) is { } problem)
        {
            _form.Fail(problem);
            return;
        }

        var verified = _verified!;
        if (await _form.RunAsync(() => CompleteAsync(verified, _password!, _repeat!)))
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
