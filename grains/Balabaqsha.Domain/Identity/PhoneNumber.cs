namespace Balabaqsha.Domain.Identity;

/// <summary>A Kazakh mobile number in the form +7XXXXXXXXXX.</summary>
public readonly record struct PhoneNumber
{
    private PhoneNumber(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>Accepts "+7 (701) 978-98-56", "87019789856", "7019789856" and the like.</summary>
    public static bool TryParse(string? text, out PhoneNumber phone)
    {
        phone = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (text.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '(' or ')' or '-' or '+')))
        {
            return false;
        }

        digits = digits.Length switch
        {
            10 => "7" + digits,
            11 when digits[0] is '7' or '8' => "7" + digits[1..],
            _ => string.Empty,
        };
        // Kazakh mobile operator codes are 70x, 74x, 75x, 76x and 77x; 71x/72x are city landlines
        // (727 Almaty, 7172 Astana, …), which cannot receive an SMS code.
        if (digits.Length != 11 || digits[1] != '7' || digits[2] is not ('0' or '4' or '5' or '6' or '7'))
        {
            return false;
        }

        phone = new PhoneNumber("+" + digits);
        return true;
    }

    public static PhoneNumber Parse(string? text) =>
        TryParse(text, out var phone) ? phone : throw new DomainException("Error.Phone.Invalid");

    /// <summary>How the number is shown to its owner: +7 (701) 978-98-56.</summary>
    public string Display => $"+7 ({Value[2..5]}) {Value[5..8]}-{Value[8..10]}-{Value[10..12]}";
}
