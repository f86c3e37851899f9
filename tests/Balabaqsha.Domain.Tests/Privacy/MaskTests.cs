using Balabaqsha.Domain.Privacy;
using Balabaqsha.Domain.Tests.TestSupport;

namespace Balabaqsha.Domain.Tests.Privacy;

public sealed class MaskTests
{
    [Theory]
    [InlineData("950101300123", "950101******")]
    [InlineData("850814393150", "850814******")]
    [InlineData("8508143", "850814*")]
    [InlineData("850814", "******")]
    [InlineData("85", "**")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Iin_AnyText_KeepsOnlyTheSixFirstDigits(string? iin, string expected) =>
        Assert.Equal(expected, Mask.Iin(iin));

    [Fact]
    public void Iin_EveryRegistryIin_HidesSerialAndCheckDigit()
    {
        foreach (var person in RegistryData.Registry.People)
        {
            var masked = Mask.Iin(person.Iin);

            Assert.Equal(person.Iin[..6] + "******", masked);
            Assert.NotEqual(person.Iin, masked);
        }
    }

    [Theory]
    [InlineData("+77019789856", "+7701*****56")]
    [InlineData("87019789856", "87019****56")]
    [InlineData("7019789856", "70197***56")]
    [InlineData("+7 (701) 978-98-56", "+7 (7***********56")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("123456", "******")]
    [InlineData("1234567", "12***67")]
    [InlineData("12345678", "123***78")]
    [InlineData("1234567890", "12345***90")]
    [InlineData("12", "**")]
    public void Phone_AnyText_HidesTheMiddle(string? phone, string expected) =>
        Assert.Equal(expected, Mask.Phone(phone));

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(18)]
    public void Phone_AnyLength_HidesAtLeastThreeCharactersAndKeepsLength(int length)
    {
        var phone = string.Concat(Enumerable.Range(0, length).Select(i => (char)('0' + (i % 10))));

        var masked = Mask.Phone(phone);

        Assert.Equal(length, masked.Length);
        Assert.NotEqual(phone, masked);
        Assert.True(masked.Count(c => c == '*') >= 3, masked);
        Assert.Equal(phone[^2..], masked[^2..]);
    }

    [Fact]
    public void Phone_EveryRegistryPhone_NeverWholeNumber()
    {
        foreach (var phone in RegistryData.Registry.People.Select(p => p.Phone).OfType<string>())
        {
            var masked = Mask.Phone(phone);

            Assert.Equal(phone[..5] + "*****" + phone[^2..], masked);
            Assert.DoesNotContain(phone[5..10], masked, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Айгерим", "А***")]
    [InlineData("Иванов", "И***")]
    [InlineData("Ә", "Ә***")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Name_AnyName_OnlyFirstLetter(string? name, string expected) =>
        Assert.Equal(expected, Mask.Name(name));

    [Theory]
    [InlineData("parent@mail.kz", "p***@mail.kz")]
    [InlineData("aigerim", "a***")]
    [InlineData("@mail.kz", "@***")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Identifier_LoginOrEmail_FirstCharacterAndDomain(string? text, string expected) =>
        Assert.Equal(expected, Mask.Identifier(text));

    [Fact]
    public void Name_EveryRegistryName_NeverWholeName()
    {
        foreach (var person in RegistryData.Registry.People)
        {
            Assert.Equal(person.Surname[0] + "***", Mask.Name(person.Surname));
            Assert.Equal(person.Name[0] + "***", Mask.Name(person.Name));
        }
    }
}
