using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Identity;

public sealed class SignInLockoutTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 9, 1, 8, 0);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Failed_FewerThanFiveTimes_NotLocked(int failures)
    {
        var lockout = Fail(SignInLockout.None, failures, T0);

        Assert.False(lockout.IsLocked(T0 + Duration.FromMinutes(failures)));
        Assert.Equal(failures, lockout.Failures);
        Assert.Null(lockout.LockedUntil);
    }

    [Fact]
    public void Failed_FifthTime_LocksForExactlyFifteenMinutes()
    {
        var lockout = Fail(SignInLockout.None, 4, T0);
        var fifth = T0 + Duration.FromMinutes(4);

        lockout = lockout.Failed(fifth);

        Assert.Equal(fifth + Duration.FromMinutes(15), lockout.LockedUntil);
        Assert.True(lockout.IsLocked(fifth));
        Assert.True(lockout.IsLocked(fifth + Duration.FromMinutes(15) - Duration.Epsilon));
        Assert.False(lockout.IsLocked(fifth + Duration.FromMinutes(15)));
        Assert.False(lockout.IsLocked(fifth + Duration.FromHours(2)));
        Assert.Equal(Duration.FromMinutes(15), SignInLockout.LockDuration);
        Assert.Equal(5, SignInLockout.MaxFailures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(14)]
    public void Failed_WhileLocked_DoesNotExtendTheLock(int minutesLater)
    {
        var locked = Fail(SignInLockout.None, 5, T0);
        var until = locked.LockedUntil;

        var after = Fail(locked, 5, T0 + Duration.FromMinutes(minutesLater));

        Assert.Equal(until, after.LockedUntil);
        Assert.Equal(locked, after);
        Assert.False(after.IsLocked(T0 + Duration.FromMinutes(15)));
    }

    [Fact]
    public void Failed_AfterLockEnds_CountsFromOneAgain()
    {
        var locked = Fail(SignInLockout.None, 5, T0);
        var afterLock = T0 + Duration.FromMinutes(15);

        var lockout = Fail(locked, 4, afterLock);

        Assert.False(lockout.IsLocked(afterLock));
        Assert.Equal(4, lockout.Failures);
        lockout = lockout.Failed(afterLock + Duration.FromMinutes(1));
        Assert.True(lockout.IsLocked(afterLock + Duration.FromMinutes(1)));
        Assert.Equal(afterLock + Duration.FromMinutes(16), lockout.LockedUntil);
    }

    [Fact]
    public void Succeeded_AfterFourFailures_ResetsCount()
    {
        var lockout = Fail(SignInLockout.None, 4, T0).Succeeded();

        Assert.Equal(SignInLockout.None, lockout);
        lockout = Fail(lockout, 4, T0 + Duration.FromMinutes(1));
        Assert.False(lockout.IsLocked(T0 + Duration.FromMinutes(1)));
    }

    [Fact]
    public void None_NoFailures_NotLocked()
    {
        Assert.False(SignInLockout.None.IsLocked(T0));
        Assert.Equal(0, SignInLockout.None.Failures);
    }

    private static SignInLockout Fail(SignInLockout lockout, int times, Instant at)
    {
        for (var i = 0; i < times; i++)
        {
            lockout = lockout.Failed(at);
        }

        return lockout;
    }
}
