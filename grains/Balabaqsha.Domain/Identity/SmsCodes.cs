using NodaTime;

namespace Balabaqsha.Domain.Identity;

public enum SmsPurpose
{
    Registration,
    PasswordRecovery,
    SignIn,
}

public enum SmsCodeCheck
{
    Accepted,
    Wrong,
    Expired,
    TooManyTries,
    NoCode,
}

/// <summary>One code sent to a phone, for one purpose and one IIN.</summary>
public sealed record SmsCode(
    SmsPurpose Purpose,
    string Iin,
    string Code,
    Instant IssuedAt,
    int WrongTries,
    bool Used);

/// <summary>
/// The codes of one phone: at most <see cref="MaxCodesPerHour"/> sent per rolling hour, each valid
/// <see cref="Lifetime"/>, burned after <see cref="MaxWrongTries"/> wrong tries or one success.
/// </summary>
public sealed record SmsCodeBook(IReadOnlyList<Instant> SentAt, SmsCode? Current)
{
    public const int MaxCodesPerHour = 5;
    public const int MaxWrongTries = 5;
    public const int CodeLength = 6;
    public static readonly Duration Lifetime = Duration.FromSeconds(90);
    public static readonly Duration RateWindow = Duration.FromHours(1);

    public static SmsCodeBook Empty { get; } = new([], null);

    /// <summary>Issues a new code, replacing the previous one; refuses past the hourly limit.</summary>
    public SmsCodeBook Issue(Instant now, SmsPurpose purpose, string iin, string code)
    {
        if (code.Length != CodeLength || !code.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A code has six digits.", nameof(code));
        }

        var recent = SentAt.Where(t => now - t < RateWindow).ToList();
        if (recent.Count >= MaxCodesPerHour)
        {
            var retryAfter = recent.Min() + RateWindow - now;
            throw new DomainException("Error.Sms.TooManyCodes", (int)Math.Ceiling(retryAfter.TotalMinutes));
        }

        recent.Add(now);
        return new SmsCodeBook(recent, new SmsCode(purpose, iin, code, now, 0, false));
    }

    /// <summary>Checks a typed code; the returned book records the try.</summary>
    public (SmsCodeBook Book, SmsCodeCheck Result) Check(Instant now, SmsPurpose purpose, string iin, string? typed)
    {
        if (Current is not { Used: false } current || current.Purpose != purpose || current.Iin != iin)
        {
            return (this, SmsCodeCheck.NoCode);
        }

        if (current.WrongTries >= MaxWrongTries)
        {
            return (this, SmsCodeCheck.TooManyTries);
        }

        if (now - current.IssuedAt > Lifetime)
        {
            return (this, SmsCodeCheck.Expired);
        }

        if (!string.Equals(current.Code, typed?.Trim(), StringComparison.Ordinal))
        {
            var tried = current with { WrongTries = current.WrongTries + 1 };
            return (this with { Current = tried }, tried.WrongTries >= MaxWrongTries ? SmsCodeCheck.TooManyTries : SmsCodeCheck.Wrong);
        }

        return (this with { Current = current with { Used = true } }, SmsCodeCheck.Accepted);
    }

    /// <summary>Seconds of validity the current code has left (0 when none).</summary>
    public int SecondsLeft(Instant now) =>
        Current is { Used: false } current && current.WrongTries < MaxWrongTries
            ? (int)Math.Max(0, Math.Ceiling((current.IssuedAt + Lifetime - now).TotalSeconds))
            : 0;

    public static string MessageKey(SmsCodeCheck result) => result switch
    {
        SmsCodeCheck.Wrong => "Error.Sms.WrongCode",
        SmsCodeCheck.Expired => "Error.Sms.Expired",
        SmsCodeCheck.TooManyTries => "Error.Sms.TooManyTries",
        SmsCodeCheck.NoCode => "Error.Sms.NoCode",
        _ => string.Empty,
    };
}
