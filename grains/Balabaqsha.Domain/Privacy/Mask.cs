namespace Balabaqsha.Domain.Privacy;

/// <summary>Masks personal data before it reaches a log: identity numbers, phones, names.</summary>
public static class Mask
{
    /// <summary>950101****** — the birth date part stays, the rest is hidden.</summary>
    public static string Iin(string? iin) =>
        string.IsNullOrEmpty(iin) ? string.Empty
        : iin.Length <= 6 ? new string('*', iin.Length)
        : iin[..6] + new string('*', iin.Length - 6);

    /// <summary>+7701*****56 — operator code and last two digits stay.</summary>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return string.Empty;
        }

        // Keep at most five leading characters, but always hide at least three (a short number must not
        // come out whole).
        var keep = Math.Min(5, phone.Length - 5);
        return phone.Length <= 6
            ? new string('*', phone.Length)
            : phone[..keep] + new string('*', phone.Length - keep - 2) + phone[^2..];
    }

    /// <summary>И*** — only the first letter of a name.</summary>
    public static string Name(string? name) =>
        string.IsNullOrEmpty(name) ? string.Empty : name[0] + "***";

    /// <summary>For a free-form login or e-mail: the first character and the domain of an e-mail.</summary>
    public static string Identifier(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var at = text.IndexOf('@');
        return at > 0 ? text[0] + "***" + text[at..] : text[0] + "***";
    }
}
