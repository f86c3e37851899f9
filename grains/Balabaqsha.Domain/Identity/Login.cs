using System.Text.RegularExpressions;

namespace Balabaqsha.Domain.Identity;

/// <summary>Logins and e-mails that a parent may set in their profile (staff logins are seeded).</summary>
public static partial class LoginRules
{
    [GeneratedRegex("^[a-z][a-z0-9._-]{2,39}$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex EmailPattern();

    public static string NormalizeLogin(string? login)
    {
        var value = (login ?? string.Empty).Trim().ToLowerInvariant();
        if (!LoginPattern().IsMatch(value) || value.IsValidIin() || value.All(char.IsAsciiDigit))
        {
            throw new DomainException("Error.Login.Invalid");
        }

        return value;
    }

    public static string NormalizeEmail(string? email)
    {
        var value = (email ?? string.Empty).Trim().ToLowerInvariant();
        if (value.Length > 254 || !EmailPattern().IsMatch(value))
        {
            throw new DomainException("Error.Email.Invalid");
        }

        return value;
    }
}
