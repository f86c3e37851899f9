namespace Balabaqsha.Abstractions.Identity;

/// <summary>
/// Counts failed sign-ins for an identifier that names no account (<see cref="GrainKeys.SignInGuard"/>),
/// so that the lockout message cannot tell an unknown identifier from a known one.
/// </summary>
[Alias("Balabaqsha.ISignInGuardGrain")]
public interface ISignInGuardGrain : IGrainWithStringKey
{
    /// <summary>Records a failure and returns the outcome the caller shows.</summary>
    Task<SignInOutcome> FailAsync(string messageKey);
}
