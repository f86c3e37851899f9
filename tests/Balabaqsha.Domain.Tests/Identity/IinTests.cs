using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Tests.TestSupport;
using NodaTime;
using NodaTime.Text;

namespace Balabaqsha.Domain.Tests.Identity;

public sealed class IinTests
{
    public static TheoryData<string, string, string> RegistryPeople()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var person in RegistryData.Registry.People)
        {
            data.Add(
                person.Iin,
                LocalDatePattern.Iso.Format(person.BirthDate),
                person.Sex == Sex.Female ? "F" : "M");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RegistryPeople))]
    public void TryParse_RegistryIin_ParsesWithBirthDateAndSexOfTheRegistry(string text, string birthDate, string sex)
    {
        Assert.True(Iin.TryParse(text, out var iin, out var error), $"{text}: {error}");
        Assert.Equal(IinError.None, error);
        Assert.Equal(text, iin.Value);
        Assert.Equal(LocalDatePattern.Iso.Parse(birthDate).Value, iin.BirthDate);
        Assert.Equal(sex == "F" ? Sex.Female : Sex.Male, iin.Sex);
    }

    [Fact]
    public void RegistryPeople_AgainstRawJson_AllPeopleWithTheirBirthDateAndSex()
    {
        var raw = RegistryData.RawPeople();
        var people = RegistryData.Registry.People;

        Assert.Equal(RegistryData.PeopleCount, raw.Count);
        Assert.Equal(RegistryData.PeopleCount, people.Count);
        Assert.Equal(RegistryData.PeopleCount, RegistryPeople().Count());
        foreach (var (text, birthDate, sex) in raw)
        {
            var iin = Iin.Parse(text);
            Assert.Equal(LocalDatePattern.Iso.Parse(birthDate).Value, iin.BirthDate);
            Assert.Equal(sex switch { "F" => Sex.Female, "M" => Sex.Male, _ => throw new InvalidDataException(sex) }, iin.Sex);
        }
    }

    [Fact]
    public void Create_FromPartsOfEveryRegistryIin_RebuildsTheSameIin()
    {
        foreach (var person in RegistryData.Registry.People)
        {
            var serial = int.Parse(person.Iin[7..11], System.Globalization.CultureInfo.InvariantCulture);

            var created = Iin.Create(person.BirthDate, person.Sex, serial);

            Assert.Equal(person.Iin, created?.Value);
        }
    }

    [Fact]
    public void TryParse_RegistryIin_CheckDigitAgreesWithReferenceImplementation()
    {
        foreach (var person in RegistryData.Registry.People)
        {
            Assert.Equal(person.Iin[11] - '0', IinReference.CheckDigit(person.Iin[..11]));
        }
    }

    [Fact]
    public void CheckDigit_HandComputedFirstWeightSet_IsTheSumModulo11()
    {
        // 8·1 + 5·2 + 0·3 + 8·4 + 1·5 + 4·6 + 3·7 + 9·8 + 3·9 + 1·10 + 5·11 = 264 = 24·11 + 0
        Assert.Equal(264, IinReference.FirstSum("85081439315"));
        Assert.True(Iin.TryParse("850814393150", out var iin));
        Assert.Equal(new LocalDate(1985, 8, 14), iin.BirthDate);
        Assert.Equal(Sex.Male, iin.Sex);
    }

    // Each prefix was computed by hand: the first weighted sum is ≡ 10 (mod 11), so the second weight
    // set 3,4,…,11,1,2 gives the check digit.
    [Theory]
    [InlineData("85081430020", 120, 160, "850814300206", 1985, 8, 14, Sex.Male)]
    [InlineData("99010540020", 109, 147, "990105400204", 1999, 1, 5, Sex.Female)]
    [InlineData("00022960050", 164, 157, "000229600503", 2000, 2, 29, Sex.Female)]
    [InlineData("96022940011", 142, 188, "960229400111", 1996, 2, 29, Sex.Female)]
    [InlineData("15010150020", 76, 84, "150101500207", 2015, 1, 1, Sex.Male)]
    public void TryParse_FirstSumIs10_SecondWeightSetDecides(
        string prefix, int firstSum, int secondSum, string expected, int year, int month, int day, Sex sex)
    {
        Assert.Equal(firstSum, IinReference.FirstSum(prefix));
        Assert.Equal(10, firstSum % 11);
        Assert.Equal(secondSum, IinReference.SecondSum(prefix));
        Assert.Equal(prefix + (secondSum % 11), expected);

        Assert.True(Iin.TryParse(expected, out var iin, out var error), error.ToString());
        Assert.Equal(new LocalDate(year, month, day), iin.BirthDate);
        Assert.Equal(sex, iin.Sex);
        Assert.Equal(expected, Iin.Create(iin.BirthDate, sex, int.Parse(prefix[7..], System.Globalization.CultureInfo.InvariantCulture))?.Value);

        // Every other last digit — including 0, i.e. "10 mod 10" — is refused.
        foreach (var digit in "0123456789".Where(d => d != expected[11]))
        {
            Assert.False(Iin.TryParse(prefix + digit, out _, out var wrong), prefix + digit);
            Assert.Equal(IinError.BadCheckDigit, wrong);
        }
    }

    [Theory]
    [InlineData("85081430022", 142, 164, 1985, 8, 14, Sex.Male, 22)]
    [InlineData("99010540023", 142, 153, 1999, 1, 5, Sex.Female, 23)]
    [InlineData("15010150027", 153, 98, 2015, 1, 1, Sex.Male, 27)]
    public void Create_BothSumsAre10_ReturnsNullAndNoLastDigitIsValid(
        string prefix, int firstSum, int secondSum, int year, int month, int day, Sex sex, int serial)
    {
        Assert.Equal(firstSum, IinReference.FirstSum(prefix));
        Assert.Equal(secondSum, IinReference.SecondSum(prefix));
        Assert.Equal(10, firstSum % 11);
        Assert.Equal(10, secondSum % 11);

        Assert.Null(Iin.Create(new LocalDate(year, month, day), sex, serial));
        foreach (var digit in "0123456789")
        {
            Assert.False(Iin.TryParse(prefix + digit, out _, out var error), prefix + digit);
            Assert.Equal(IinError.BadCheckDigit, error);
        }
    }

    [Theory]
    [InlineData(1985, 8, 14, Sex.Male)]
    [InlineData(1999, 1, 5, Sex.Female)]
    [InlineData(2000, 2, 29, Sex.Female)]
    [InlineData(2024, 12, 31, Sex.Male)]
    [InlineData(1899, 7, 1, Sex.Female)]
    public void Create_EverySerial_AgreesWithReferenceImplementation(int year, int month, int day, Sex sex)
    {
        var date = new LocalDate(year, month, day);
        var (secondSetDecides, noCheckDigit) = (0, 0);
        for (var serial = 0; serial <= 9999; serial++)
        {
            var created = Iin.Create(date, sex, serial);
            var prefix = $"{year % 100:D2}{month:D2}{day:D2}{CenturyDigit(year, sex)}{serial:D4}";
            var expected = IinReference.CheckDigit(prefix);

            Assert.Equal(expected is null ? null : prefix + expected, created?.Value);
            if (created is { } iin)
            {
                Assert.Equal(date, iin.BirthDate);
                Assert.Equal(sex, iin.Sex);
            }

            if (IinReference.FirstSum(prefix) % 11 == 10)
            {
                if (expected is null)
                {
                    noCheckDigit++;
                }
                else
                {
                    secondSetDecides++;
                }
            }
        }

        // Sanity: the loop really went through both special branches.
        Assert.True(secondSetDecides > 0);
        Assert.True(noCheckDigit > 0);
    }

    [Theory]
    [InlineData('1', 1885, Sex.Male)]
    [InlineData('2', 1885, Sex.Female)]
    [InlineData('3', 1985, Sex.Male)]
    [InlineData('4', 1985, Sex.Female)]
    [InlineData('5', 2085, Sex.Male)]
    [InlineData('6', 2085, Sex.Female)]
    public void TryParse_CenturyDigit_GivesCenturyAndSex(char centuryDigit, int year, Sex sex)
    {
        var text = IinReference.Complete("850814" + centuryDigit);

        Assert.True(Iin.TryParse(text, out var iin, out var error), error.ToString());
        Assert.Equal(new LocalDate(year, 8, 14), iin.BirthDate);
        Assert.Equal(sex, iin.Sex);
    }

    [Theory]
    [InlineData(1885, Sex.Male, '1')]
    [InlineData(1885, Sex.Female, '2')]
    [InlineData(1985, Sex.Male, '3')]
    [InlineData(1985, Sex.Female, '4')]
    [InlineData(2005, Sex.Male, '5')]
    [InlineData(2005, Sex.Female, '6')]
    public void Create_CenturyAndSex_WritesCenturyDigit(int year, Sex sex, char centuryDigit)
    {
        var iin = Iin.Create(new LocalDate(year, 3, 1), sex, 1234) ?? Iin.Create(new LocalDate(year, 3, 1), sex, 1235);

        Assert.NotNull(iin);
        Assert.Equal(centuryDigit, iin.Value.Value[6]);
        Assert.Equal($"{year % 100:D2}0301", iin.Value.Value[..6]);
    }

    [Theory]
    [InlineData(1799)]
    [InlineData(2100)]
    public void Create_YearOutsideThreeCenturies_Throws(int year) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Iin.Create(new LocalDate(year, 1, 1), Sex.Male, 1));

    [Theory]
    [InlineData('0')]
    [InlineData('7')]
    [InlineData('8')]
    [InlineData('9')]
    public void TryParse_CenturyDigitOutside1To6_BadCenturyDigit(char centuryDigit)
    {
        // The check digit is right, so only the century digit is wrong.
        var text = IinReference.Complete("850814" + centuryDigit);

        Assert.False(Iin.TryParse(text, out var iin, out var error));
        Assert.Equal(IinError.BadCenturyDigit, error);
        Assert.Equal(default, iin);
    }

    [Theory]
    [InlineData("3002305")] // 30 February 2030
    [InlineData("0002303")] // 30 February 1900
    [InlineData("0502295")] // 29 February 2005
    [InlineData("0002293")] // 29 February 1900: divisible by 100, not by 400
    [InlineData("0002291")] // 29 February 1800
    [InlineData("2302296")] // 29 February 2023
    [InlineData("0413015")] // month 13
    [InlineData("0400015")] // month 00
    [InlineData("0401005")] // day 00
    [InlineData("0401325")] // 32 January
    [InlineData("0404315")] // 31 April
    [InlineData("0406315")] // 31 June
    [InlineData("9999993")] // 99.99.1999
    public void TryParse_DateThatDoesNotExist_NoSuchDate(string sevenDigits)
    {
        var text = IinReference.Complete(sevenDigits);

        Assert.False(Iin.TryParse(text, out _, out var error));
        Assert.Equal(IinError.NoSuchDate, error);
    }

    [Theory]
    [InlineData("0002295", 2000)] // divisible by 400
    [InlineData("9602294", 1996)]
    [InlineData("2402296", 2024)]
    [InlineData("0402293", 1904)]
    [InlineData("8802292", 1888)]
    public void TryParse_29FebruaryOfLeapYear_Valid(string sevenDigits, int year)
    {
        var text = IinReference.Complete(sevenDigits);

        Assert.True(Iin.TryParse(text, out var iin, out var error), error.ToString());
        Assert.Equal(new LocalDate(year, 2, 29), iin.BirthDate);
    }

    [Theory]
    [InlineData("0001015", 2000, 1, 1)]
    [InlineData("9912314", 1999, 12, 31)]
    [InlineData("0001011", 1800, 1, 1)]
    [InlineData("9912316", 2099, 12, 31)]
    public void TryParse_FirstAndLastDayOfCentury_Valid(string sevenDigits, int year, int month, int day)
    {
        Assert.True(Iin.TryParse(IinReference.Complete(sevenDigits), out var iin));
        Assert.Equal(new LocalDate(year, month, day), iin.BirthDate);
    }

    public static TheoryData<string, char> WrongCheckDigits()
    {
        var data = new TheoryData<string, char>();
        foreach (var iin in new[] { "850814393150", "990105474223", "191106673724", "260719515855", "850814300206" })
        {
            foreach (var digit in "0123456789".Where(d => d != iin[11]))
            {
                data.Add(iin, digit);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WrongCheckDigits))]
    public void TryParse_WrongCheckDigit_BadCheckDigit(string validIin, char wrongDigit)
    {
        Assert.True(Iin.TryParse(validIin, out _));

        Assert.False(Iin.TryParse(validIin[..11] + wrongDigit, out var iin, out var error));
        Assert.Equal(IinError.BadCheckDigit, error);
        Assert.Equal(default, iin);
    }

    [Theory]
    [InlineData("850814393151")]
    [InlineData("850814393250")] // serial changed, check digit kept
    [InlineData("850814493150")] // century digit 3 → 4 (female), check digit kept
    [InlineData("850815393150")] // day changed, check digit kept
    public void TryParse_OneDigitChanged_Invalid(string text)
    {
        Assert.False(Iin.TryParse(text, out _, out var error));
        Assert.Equal(IinError.BadCheckDigit, error);
    }

    // The eleventh digit weighs 11 ≡ 0 in the first set, so it cannot change a first-set check digit:
    // the SPEC's algorithm, not a weakness of the implementation.
    [Theory]
    [InlineData("850814393100")]
    [InlineData("850814393140")]
    [InlineData("850814393190")]
    public void TryParse_OnlyEleventhDigitChanged_StillValid(string text)
    {
        Assert.Equal(0, IinReference.FirstSum(text[..11]) % 11);
        Assert.True(Iin.TryParse(text, out _));
    }

    [Theory]
    [InlineData(null, IinError.Empty)]
    [InlineData("", IinError.Empty)]
    [InlineData(" ", IinError.Empty)]
    [InlineData(" \t\r\n", IinError.Empty)]
    [InlineData("85081439315", IinError.WrongLength)] // 11 digits
    [InlineData("8508143931500", IinError.WrongLength)] // 13 digits
    [InlineData("8", IinError.WrongLength)]
    [InlineData("850814 393150", IinError.WrongLength)]
    [InlineData("85081439315A", IinError.NotDigits)]
    [InlineData("A50814393150", IinError.NotDigits)]
    [InlineData("ИИН814393150", IinError.NotDigits)]
    [InlineData("8508-4393150", IinError.NotDigits)]
    [InlineData("+85081439315", IinError.NotDigits)]
    [InlineData("85081439315.", IinError.NotDigits)]
    [InlineData("٨٥٠٨١٤٣٩٣١٥٠", IinError.NotDigits)] // Arabic-Indic digits are digits, but not ASCII
    [InlineData("８５０８１４３９３１５０", IinError.NotDigits)] // full-width digits
    public void TryParse_MalformedText_FormatError(string? text, IinError expected)
    {
        Assert.False(Iin.TryParse(text, out var iin, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(default, iin);
        Assert.False(Iin.TryParse(text, out _));
        Assert.False(text.IsValidIin());
    }

    [Theory]
    [InlineData(" 850814393150")]
    [InlineData("850814393150 ")]
    [InlineData("\t850814393150\n")]
    public void TryParse_SurroundingWhitespace_TrimmedValue(string text)
    {
        Assert.True(Iin.TryParse(text, out var iin));
        Assert.Equal("850814393150", iin.Value);
        Assert.Equal("850814393150", iin.ToString());
    }

    [Theory]
    [InlineData(IinError.Empty, "Error.Iin.Empty")]
    [InlineData(IinError.WrongLength, "Error.Iin.Format")]
    [InlineData(IinError.NotDigits, "Error.Iin.Format")]
    [InlineData(IinError.BadCenturyDigit, "Error.Iin.Invalid")]
    [InlineData(IinError.NoSuchDate, "Error.Iin.Invalid")]
    [InlineData(IinError.BadCheckDigit, "Error.Iin.Invalid")]
    public void ErrorKey_EachError_MapsToResourceKey(IinError error, string key) =>
        Assert.Equal(key, Iin.ErrorKey(error));

    [Theory]
    [InlineData("", "Error.Iin.Empty")]
    [InlineData("12345", "Error.Iin.Format")]
    [InlineData("85081439315X", "Error.Iin.Format")]
    [InlineData("850814393151", "Error.Iin.Invalid")]
    [InlineData("850814093150", "Error.Iin.Invalid")]
    [InlineData("853014393150", "Error.Iin.Invalid")]
    public void Parse_InvalidText_ThrowsDomainExceptionWithErrorKey(string text, string key)
    {
        var exception = Assert.Throws<DomainException>(() => Iin.Parse(text));

        Assert.Equal(key, exception.MessageKey);
        Assert.Equal(key, exception.Message); // never the typed number
    }

    [Fact]
    public void Parse_ValidText_SameAsTryParse()
    {
        var iin = Iin.Parse("990105474223");

        Assert.Equal("990105474223", iin.Value);
        Assert.Equal(new LocalDate(1999, 1, 5), iin.BirthDate);
        Assert.Equal(Sex.Female, iin.Sex);
        Assert.True("990105474223".IsValidIin());
        Assert.Equal(Iin.Parse("990105474223"), iin);
    }

    private static char CenturyDigit(int year, Sex sex) => (year / 100, sex) switch
    {
        (18, Sex.Male) => '1',
        (18, Sex.Female) => '2',
        (19, Sex.Male) => '3',
        (19, Sex.Female) => '4',
        (20, Sex.Male) => '5',
        _ => '6',
    };
}
