namespace Balabaqsha.Abstractions.Identity;

/// <summary>
/// Maps one phone, login or e-mail to the IIN of the account that owns it
/// (<see cref="GrainKeys.PhoneIndex"/>, <see cref="GrainKeys.LoginIndex"/>, <see cref="GrainKeys.EmailIndex"/>).
/// </summary>
[Alias("Balabaqsha.IAccountIndexGrain")]
public interface IAccountIndexGrain : IGrainWithStringKey
{
    /// <summary>The IIN that owns this identifier, or null.</summary>
    Task<string?> ResolveAsync();

    /// <summary>Claims the identifier for an IIN; false when another IIN holds it.</summary>
    Task<bool> ClaimAsync(string iin);

    /// <summary>Releases the identifier if this IIN holds it.</summary>
    Task ReleaseAsync(string iin);
}
