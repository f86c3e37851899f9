namespace Balabaqsha.Domain.Tests.TestSupport;

/// <summary>
/// An implementation of the IIN check digit written from SPEC §2 alone, so that the tests do not
/// check the domain code against itself.
/// </summary>
internal static class IinReference
{
    private static readonly int[] FirstWeights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly int[] SecondWeights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

    public static int FirstSum(string elevenDigits) => Sum(elevenDigits, FirstWeights);

    public static int SecondSum(string elevenDigits) => Sum(elevenDigits, SecondWeights);

    /// <summary>The check digit of the first eleven digits, or null when both weight sets give 10.</summary>
    public static int? CheckDigit(string elevenDigits)
    {
        var first = FirstSum(elevenDigits) % 11;
        if (first < 10)
        {
            return first;
        }

        var second = SecondSum(elevenDigits) % 11;
        return second < 10 ? second : null;
    }

    /// <summary>
    /// Completes seven leading digits (YYMMDD and the century digit) with the first serial that has a
    /// check digit — whether or not the date or the century digit is valid.
    /// </summary>
    public static string Complete(string sevenDigits)
    {
        if (sevenDigits.Length != 7)
        {
            throw new ArgumentException("Seven digits expected.", nameof(sevenDigits));
        }

        for (var serial = 0; serial < 10_000; serial++)
        {
            var prefix = $"{sevenDigits}{serial:D4}";
            if (CheckDigit(prefix) is { } check)
            {
                return prefix + check;
            }
        }

        throw new InvalidOperationException("No serial has a check digit.");
    }

    private static int Sum(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return sum;
    }
}
