using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Tests.TestSupport;

namespace Balabaqsha.Domain.Tests.Identity;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+7 (701) 978-98-56")]
    [InlineData("87019789856")]
    [InlineData("7019789856")]
    [InlineData("+77019789856")]
    [InlineData("77019789856")]
    [InlineData("8 (701) 978-98-56")]
    [InlineData("8 701 978 98 56")]
    [InlineData("+7-701-978-98-56")]
    [InlineData("(701) 978 98 56")]
    [InlineData("  +7 701 9789856  ")]
    public void TryParse_AcceptedFormat_NormalisesToPlus7AndTenDigits(string text)
    {
        Assert.True(PhoneNumber.TryParse(text, out var phone));
        Assert.Equal("+77019789856", phone.Value);
        Assert.Equal("+77019789856", phone.ToString());
        Assert.Equal(phone, PhoneNumber.Parse(text));
    }

    [Theory]
    [InlineData("+7 (700) 123-45-67", "+77001234567")]
    [InlineData("87051234567", "+77051234567")]
    [InlineData("7071234567", "+77071234567")]
    [InlineData("+77471234567", "+77471234567")]
    [InlineData("+77751234567", "+77751234567")]
    [InlineData("+77781234567", "+77781234567")]
    [InlineData("+77061234567", "+77061234567")]
    [InlineData("+77081234567", "+77081234567")]
    [InlineData("+77501234567", "+77501234567")]
    [InlineData("+77631234567", "+77631234567")]
    [InlineData("+77711234567", "+77711234567")]
    public void TryParse_KazakhMobileOperatorCode_Accepted(string text, string expected)
    {
        Assert.True(PhoneNumber.TryParse(text, out var phone), text);
        Assert.Equal(expected, phone.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+7 (701) 978-98-5a")] // letter
    [InlineData("phone")]
    [InlineData("+7 701 978 98 56 ext")]
    [InlineData("+7.701.978.98.56")] // dots are not a phone separator here
    [InlineData("+7/701/9789856")]
    [InlineData("701978985")] // 9 digits
    [InlineData("8701978985")] // 10 digits starting with 8 → +7 870… is not mobile
    [InlineData("870197898561")] // 12 digits
    [InlineData("+770197898567")]
    [InlineData("+7 (701) 978-98")]
    [InlineData("97019789856")] // 11 digits, not 7/8 first
    [InlineData("+1 701 978 98 56")]
    [InlineData("+7 (727) 250-12-34")] // Almaty landline
    [InlineData("87272501234")]
    [InlineData("7272501234")]
    [InlineData("+7 (7172) 55-12-34")] // Astana landline
    [InlineData("+7 (7212) 41-12-34")] // Karaganda landline
    [InlineData("+7 (495) 123-45-67")] // Moscow
    [InlineData("+7 (901) 123-45-67")] // Russian mobile
    [InlineData("+7 (601) 123-45-67")]
    [InlineData("+7 (711) 250-12-34")] // Oral landline
    [InlineData("+7 (730) 123-45-67")]
    [InlineData("+7 (780) 123-45-67")]
    [InlineData("+7 (790) 123-45-67")]
    public void TryParse_NotAKazakhMobileNumber_Refused(string? text)
    {
        Assert.False(PhoneNumber.TryParse(text, out var phone), text);
        Assert.Equal(default, phone);
        var exception = Assert.Throws<DomainException>(() => PhoneNumber.Parse(text));
        Assert.Equal("Error.Phone.Invalid", exception.MessageKey);
    }

    [Theory]
    [InlineData("87019789856", "+7 (701) 978-98-56")]
    [InlineData("+77471234500", "+7 (747) 123-45-00")]
    [InlineData("7051002030", "+7 (705) 100-20-30")]
    public void Display_ParsedNumber_ShownInGuideFormat(string text, string display)
    {
        var phone = PhoneNumber.Parse(text);

        Assert.Equal(display, phone.Display);
        Assert.Equal(phone, PhoneNumber.Parse(phone.Display));
    }

    [Fact]
    public void TryParse_EveryRegistryPhone_AcceptedUnchanged()
    {
        var phones = RegistryData.Registry.People.Select(p => p.Phone).OfType<string>().ToList();

        Assert.NotEmpty(phones);
        foreach (var text in phones)
        {
            Assert.True(PhoneNumber.TryParse(text, out var phone), text);
            Assert.Equal(text, phone.Value);
        }
    }
}
