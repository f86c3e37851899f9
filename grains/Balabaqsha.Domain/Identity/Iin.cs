using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace Balabaqsha.Domain.Identity;

public enum Sex
{
    Male,
    Female,
}

public enum IinError
{
    None,
    Empty,
    WrongLength,
    NotDigits,
    BadCenturyDigit,
    NoSuchDate,
    BadCheckDigit,
}

/// <summary>
/// Individual identification number of the Republic of Kazakhstan: YYMMDD, a century/sex digit,
/// a four-digit serial and a check digit computed with two weight sets.
/// </summary>
public readonly record struct Iin
{
    private static readonly int[] FirstWeights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly int[] SecondWeights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

    private Iin(string value, LocalDate birthDate, Sex sex)
    {
        Value = value;
        BirthDate = birthDate;
        Sex = sex;
    }

    public string Value { get; }

    public LocalDate BirthDate { get; }

    public Sex Sex { get; }

    public override string ToString() => Value;

    public static Iin Parse(string? text) =>
        TryParse(text, out var iin, out var error)
            ? iin
            : throw new DomainException(ErrorKey(error));

    public static bool TryParse(string? text, out Iin iin) => TryParse(text, out iin, out _);

    public static bool TryParse(string? text, out Iin iin, out IinError error)
    {
        iin = default;
        var digits = text?.Trim() ?? string.Empty;
        error = Validate(digits, out var birthDate, out var sex);
        if (error != IinError.None)
        {
            return false;
        }

        iin = new Iin(digits, birthDate, sex);
        return true;
    }

    /// <summary>The resource key of the message that explains an invalid IIN.</summary>
    public static string ErrorKey(IinError error) => error switch
    {
        IinError.Empty => "Error.Iin.Empty",
        IinError.WrongLength or IinError.NotDigits => "Error.Iin.Format",
        _ => "Error.Iin.Invalid",
    };

    /// <summary>Builds a valid IIN from its parts (test data, demo data); null when the serial gives no check digit.</summary>
    public static Iin? Create(LocalDate birthDate, Sex sex, int serial)
    {
        var centuryDigit = (birthDate.Year / 100, sex) switch
        {
            (18, Sex.Male) => 1,
            (18, Sex.Female) => 2,
            (19, Sex.Male) => 3,
            (19, Sex.Female) => 4,
            (20, Sex.Male) => 5,
            (20, Sex.Female) => 6,
            _ => throw new ArgumentOutOfRangeException(nameof(birthDate)),
        };
        var prefix = $"{birthDate.Year % 100:D2}{birthDate.Month:D2}{birthDate.Day:D2}{centuryDigit}{serial:D4}";
        var check = CheckDigit(prefix);
        return check is null ? null : Parse(prefix + check.Value);
    }

    private static IinError Validate(string digits, out LocalDate birthDate, out Sex sex)
    {
        birthDate = default;
        sex = default;
        if (digits.Length == 0)
        {
            return IinError.Empty;
        }

        if (digits.Length != 12)
        {
            return IinError.WrongLength;
        }

        if (!digits.All(char.IsAsciiDigit))
        {
            return IinError.NotDigits;
        }

        int century;
        (century, sex) = digits[6] switch
        {
            '1' => (1800, Sex.Male),
            '2' => (1800, Sex.Female),
            '3' => (1900, Sex.Male),
            '4' => (1900, Sex.Female),
            '5' => (2000, Sex.Male),
            '6' => (2000, Sex.Female),
            _ => (0, default),
        };
        if (century == 0)
        {
            return IinError.BadCenturyDigit;
        }

        if (!TryDate(century + Number(digits, 0), Number(digits, 2), Number(digits, 4), out birthDate))
        {
            return IinError.NoSuchDate;
        }

        var check = CheckDigit(digits[..11]);
        return check is { } value && value == digits[11] - '0' ? IinError.None : IinError.BadCheckDigit;
    }

    private static int? CheckDigit(string elevenDigits)
    {
        var first = WeightedSum(elevenDigits, FirstWeights) % 11;
        if (first != 10)
        {
            return first;
        }

        var second = WeightedSum(elevenDigits, SecondWeights) % 11;
        return second == 10 ? null : second;
    }

    private static int WeightedSum(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return sum;
    }

    private static int Number(string digits, int start) => ((digits[start] - '0') * 10) + (digits[start + 1] - '0');

    private static bool TryDate(int year, int month, int day, out LocalDate date)
    {
        date = default;
        if (month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return false;
        }

        date = new LocalDate(year, month, day);
        return true;
    }
}

public static class IinExtensions
{
    public static bool IsValidIin([NotNullWhen(true)] this string? text) => Iin.TryParse(text, out _);
}
