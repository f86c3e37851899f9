using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>The guide's «Регистрация»: SMS code to the phone БМГ registers to the IIN, then the password.</summary>
public sealed partial class Register
{
    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    protected override Task CompleteAsync(VerifiedCode verified, string password, string repeat) =>
        Identity.RegisterAsync(verified.Phone, verified.Iin, verified.Result.Ticket, password, repeat, Preferences.Language);
}
