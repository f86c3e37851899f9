using Balabaqsha.Web.Components.Shared;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>The guide's «Восстановление пароля»: phone + IIN + policy → code → new password twice → «Сохранить».</summary>
public sealed partial class Recover
{
    protected override Task CompleteAsync(VerifiedCode verified, string password, string repeat) =>
        Identity.ResetPasswordAsync(verified.Phone, verified.Iin, verified.Result.Ticket, password, repeat);
}
