using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Abstractions.Identity;

/// <summary>
/// The identity flows of the guide: registration, password recovery and sign-in. A stateless
/// coordinator over the account, code and index grains; bad input throws a <see cref="Domain.DomainException"/>
/// whose message key the UI localizes, and changes nothing.
/// </summary>
[Alias("Balabaqsha.IIdentityGrain")]
public interface IIdentityGrain : IGrainWithIntegerKey
{
    /// <summary>Sends a registration or recovery code to the phone, if БМГ registers it to this IIN.</summary>
    Task<CodeSent> RequestCodeAsync(SmsPurpose purpose, string phone, string iin, string language);

    /// <summary>Checks a registration or recovery code; on success returns the ticket and the registry data.</summary>
    Task<CodeVerified> VerifyCodeAsync(SmsPurpose purpose, string phone, string iin, string code);

    /// <summary>Creates the parent's account from a registration ticket and a password typed twice.</summary>
    Task<AccountView> RegisterAsync(string phone, string iin, string ticket, string password, string repeat, string language);

    /// <summary>Sets a new password from a recovery ticket.</summary>
    Task ResetPasswordAsync(string phone, string iin, string ticket, string password, string repeat);

    /// <summary>Signs in with an identifier of the given kind and a password.</summary>
    Task<SignInOutcome> SignInAsync(LoginKind kind, string identifier, string password);

    /// <summary>Sends a sign-in code to the phone of the account, if there is one; the answer is the same either way.</summary>
    Task<CodeSent> RequestSignInCodeAsync(LoginKind kind, string identifier, string language);

    /// <summary>Signs in with a one-time SMS code instead of the password.</summary>
    Task<SignInOutcome> SignInWithCodeAsync(LoginKind kind, string identifier, string code);
}
