using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Grains.Identity;

// The failures for an identifier that names no account are kept in memory only: they exist so the
// lockout message looks the same for unknown identifiers, not to protect any data.
public sealed class SignInGuardGrain(IClock clock) : Grain, ISignInGuardGrain
{
    private SignInLockout _lockout = SignInLockout.None;

    public Task<SignInOutcome> FailAsync(string messageKey)
    {
        var now = clock.GetCurrentInstant();
        _lockout = _lockout.Failed(now);
        return Task.FromResult(_lockout.IsLocked(now)
            ? SignInOutcome.Failed("Error.SignIn.Locked", AccountGrain.MinutesUntil(_lockout.LockedUntil!.Value, now))
            : SignInOutcome.Failed(messageKey));
    }
}
