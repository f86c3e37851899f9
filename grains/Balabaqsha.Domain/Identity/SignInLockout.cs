using NodaTime;

namespace Balabaqsha.Domain.Identity;

/// <summary>Five failed sign-ins in a row lock the account for fifteen minutes.</summary>
public sealed record SignInLockout(int Failures, Instant? LockedUntil)
{
    public const int MaxFailures = 5;
    public static readonly Duration LockDuration = Duration.FromMinutes(15);

    public static SignInLockout None { get; } = new(0, null);

    public bool IsLocked(Instant now) => LockedUntil is { } until && now < until;

    public SignInLockout Failed(Instant now)
    {
        if (IsLocked(now))
        {
            return this;
        }

        var failures = Failures + 1;
        return failures >= MaxFailures ? new SignInLockout(0, now + LockDuration) : new SignInLockout(failures, null);
    }

    public SignInLockout Succeeded() => None;
}
