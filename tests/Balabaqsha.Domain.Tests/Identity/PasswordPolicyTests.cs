using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Domain.Tests.Identity;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(39)]
    [InlineData(40)]
    public void Check_LengthWithinEightToForty_Accepted(int length)
    {
        var password = Password(length);

        Assert.Null(PasswordPolicy.Check(password, password));
        PasswordPolicy.Ensure(password, password);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(41)]
    [InlineData(100)]
    public void Check_LengthOutsideEightToForty_LengthError(int length)
    {
        var password = Password(length);

        Assert.Equal("Error.Password.Length", PasswordPolicy.Check(password, password));
        Assert.Equal("Error.Password.Length", Assert.Throws<DomainException>(() => PasswordPolicy.Ensure(password, password)).MessageKey);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "Parol2024!")]
    [InlineData("", "")]
    [InlineData("Short1", "Short2")] // the length is reported before the mismatch
    public void Check_MissingOrShortPassword_LengthError(string? password, string? repeat) =>
        Assert.Equal("Error.Password.Length", PasswordPolicy.Check(password, repeat));

    [Theory]
    [InlineData("Parol2024!", "Parol2024?")]
    [InlineData("Parol2024!", "parol2024!")] // case matters
    [InlineData("Parol2024!", "Parol2024! ")]
    [InlineData("Parol2024!", "")]
    [InlineData("Parol2024!", null)]
    public void Check_RepeatDiffers_MismatchError(string password, string? repeat)
    {
        Assert.Equal("Error.Password.Mismatch", PasswordPolicy.Check(password, repeat));
        Assert.Equal("Error.Password.Mismatch", Assert.Throws<DomainException>(() => PasswordPolicy.Ensure(password, repeat)).MessageKey);
    }

    [Fact]
    public void Limits_AreThoseOfTheGuide()
    {
        Assert.Equal(8, PasswordPolicy.MinLength);
        Assert.Equal(40, PasswordPolicy.MaxLength);
    }

    private static string Password(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => "Ab1!cD2?"[i % 8]));
}
