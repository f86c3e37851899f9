namespace Balabaqsha.Domain.Identity;

/// <summary>The guide's password rule: 8–40 characters, typed twice.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 40;

    /// <summary>Null when the pair is acceptable, otherwise the resource key of the problem.</summary>
    public static string? Check(string? password, string? repeat)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength || password.Length > MaxLength)
        {
            return "Error.Password.Length";
        }

        return password == repeat ? null : "Error.Password.Mismatch";
    }

    public static void Ensure(string? password, string? repeat)
    {
        if (Check(password, repeat) is { } key)
        {
            throw new DomainException(key);
        }
    }
}
