using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;

namespace Balabaqsha.Abstractions.Identity;

/// <summary>One person's account, keyed by <see cref="GrainKeys.Account"/> (the IIN).</summary>
[Alias("Balabaqsha.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>The account, or null when none is registered for this IIN.</summary>
    Task<AccountView?> GetAsync();

    /// <summary>Creates a parent's account; throws when one exists.</summary>
    Task<AccountView> CreateParentAsync(RegistryPersonSnapshot person, string phone, string passwordHash, string language);

    /// <summary>Creates or updates a staff account (demo data, administrator).</summary>
    Task<AccountView> UpsertStaffAsync(StaffAccount staff, string fullName, string phone);

    /// <summary>Checks a password, counting failures toward the lockout.</summary>
    Task<SignInOutcome> SignInWithPasswordAsync(string password);

    /// <summary>Signs in after a code was accepted elsewhere; refused while locked.</summary>
    Task<SignInOutcome> SignInVerifiedAsync();

    /// <summary>Counts a failed code sign-in toward the lockout.</summary>
    Task<SignInOutcome> RecordFailedSignInAsync(string messageKey);

    /// <summary>Redeems a sign-in nonce once; false when unknown, used or expired.</summary>
    Task<bool> RedeemSignInNonceAsync(string nonce);

    /// <summary>Replaces the password hash (recovery) and lifts a lockout.</summary>
    Task SetPasswordHashAsync(string passwordHash);

    /// <summary>Sets or clears the login shown on the ЛОГИН tab.</summary>
    Task<AccountView> SetLoginAsync(string? login);

    /// <summary>Sets or clears the e-mail shown on the E-MAIL tab.</summary>
    Task<AccountView> SetEmailAsync(string? email);

    /// <summary>Remembers the interface language.</summary>
    Task SetLanguageAsync(string language);
}

/// <summary>The registry data copied into an account when it is created.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.RegistryPersonSnapshot")]
public sealed record RegistryPersonSnapshot(
    [property: Id(0)] string Iin,
    [property: Id(1)] string FullName)
{
    public static RegistryPersonSnapshot From(RegistryPerson person) => new(person.Iin, person.FullName);
}
