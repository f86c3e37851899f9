using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Domain.Tests.Identity;

public sealed class LoginRulesTests
{
    [Theory]
    [InlineData("aigerim", "aigerim")]
    [InlineData("Aigerim", "aigerim")]
    [InlineData("  aigerim.k ", "aigerim.k")]
    [InlineData("abc", "abc")] // shortest
    [InlineData("a_b-c.d9", "a_b-c.d9")]
    [InlineData("parent2019", "parent2019")]
    [InlineData("a850814393150", "a850814393150")] // a letter first: not an IIN
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghij", "abcdefghijabcdefghijabcdefghijabcdefghij")] // 40
    public void NormalizeLogin_ValidLogin_LowercaseTrimmed(string login, string expected) =>
        Assert.Equal(expected, LoginRules.NormalizeLogin(login));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ab")] // too short
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijk")] // 41
    [InlineData("850814393150")] // a valid IIN
    [InlineData("850814393151")] // IIN-like digits
    [InlineData("77019789856")] // a phone number
    [InlineData("123")]
    [InlineData("1abc")]
    [InlineData("_abc")]
    [InlineData(".abc")]
    [InlineData("ai gerim")]
    [InlineData("айгерим")]
    [InlineData("aigerim@mail.kz")]
    [InlineData("a+b")]
    [InlineData("+77019789856")]
    public void NormalizeLogin_InvalidLogin_Throws(string? login)
    {
        var exception = Assert.Throws<DomainException>(() => LoginRules.NormalizeLogin(login));

        Assert.Equal("Error.Login.Invalid", exception.MessageKey);
    }

    [Theory]
    [InlineData("parent@mail.kz", "parent@mail.kz")]
    [InlineData("Parent@Mail.KZ", "parent@mail.kz")]
    [InlineData("  a.b+c@example.com ", "a.b+c@example.com")]
    [InlineData("x@sub.domain.kz", "x@sub.domain.kz")]
    public void NormalizeEmail_ValidEmail_LowercaseTrimmed(string email, string expected) =>
        Assert.Equal(expected, LoginRules.NormalizeEmail(email));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("parent")]
    [InlineData("parent.mail.kz")]
    [InlineData("parent@mail")]
    [InlineData("parent@mail.k")] // one-letter top-level domain
    [InlineData("@mail.kz")]
    [InlineData("pa@rent@mail.kz")]
    [InlineData("pa rent@mail.kz")]
    [InlineData("parent@ma il.kz")]
    public void NormalizeEmail_InvalidEmail_Throws(string? email)
    {
        var exception = Assert.Throws<DomainException>(() => LoginRules.NormalizeEmail(email));

        Assert.Equal("Error.Email.Invalid", exception.MessageKey);
    }

    [Fact]
    public void NormalizeEmail_LocalPartOf65Characters_Throws() =>
        Assert.Throws<DomainException>(() => LoginRules.NormalizeEmail(new string('a', 65) + "@mail.kz"));

    [Fact]
    public void NormalizeEmail_LocalPartOf64Characters_Accepted() =>
        Assert.Equal(new string('a', 64) + "@mail.kz", LoginRules.NormalizeEmail(new string('a', 64) + "@mail.kz"));

    [Theory]
    [InlineData(254, true)]
    [InlineData(255, false)]
    public void NormalizeEmail_TotalLength_At254Accepted(int length, bool accepted)
    {
        var email = "a@" + new string('b', length - 5) + ".kz";

        Assert.Equal(length, email.Length);
        if (accepted)
        {
            Assert.Equal(email, LoginRules.NormalizeEmail(email));
        }
        else
        {
            Assert.Throws<DomainException>(() => LoginRules.NormalizeEmail(email));
        }
    }
}
