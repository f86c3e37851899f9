using System.Security.Claims;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>The signed-in person's details, the login and e-mail of the sign-in tabs, and the interface language.</summary>
public sealed partial class Profile
{
    private AccountView? _account;
    private string? _loadError;
    private string? _login;
    private string? _email;
    private FormFeedback _loginForm = default!;
    private FormFeedback _emailForm = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private ILogger<Profile> Logger { get; set; } = default!;

    private IAccountGrain? Account { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _loginForm = new FormFeedback(L, Logger);
        _emailForm = new FormFeedback(L, Logger);

        var user = (await AuthenticationState).User;
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } iin)
        {
            return;
        }

        Account = Grains.GetGrain<IAccountGrain>(GrainKeys.Account(iin));
        var load = new FormFeedback(L, Logger);
        await load.RunAsync(async () => Show(await Account.GetAsync()));
        _loadError = load.Error ?? (_account is null ? L.Message("Error.Account.NotFound") : null);
    }

    private void Show(AccountView? account)
    {
        _account = account;
        _login = account?.Login;
        _email = account?.Email;
    }

    private async Task SaveLoginAsync()
    {
        if (Account is null)
        {
            return;
        }

        if (await _loginForm.RunAsync(async () => Show(await Account.SetLoginAsync(Blank(_login)))))
        {
            _loginForm.Succeed(L["Profile.Saved"]);
        }
    }

    private async Task SaveEmailAsync()
    {
        if (Account is null)
        {
            return;
        }

        if (await _emailForm.RunAsync(async () => Show(await Account.SetEmailAsync(Blank(_email)))))
        {
            _emailForm.Succeed(L["Profile.Saved"]);
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string PhoneDisplay(string phone) => PhoneNumber.TryParse(phone, out var number) ? number.Display : phone;
}
