using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Identity;

public sealed class SmsCodeBookTests
{
    private const string ParentIin = "850814393150";
    private const string OtherIin = "990105474223";
    private const string Code = "123456";

    private static readonly Instant T0 = Instant.FromUtc(2025, 9, 1, 8, 0);

    [Fact]
    public void Limits_AreThoseOfTheSpec()
    {
        Assert.Equal(6, SmsCodeBook.CodeLength);
        Assert.Equal(Duration.FromSeconds(90), SmsCodeBook.Lifetime);
        Assert.Equal(5, SmsCodeBook.MaxWrongTries);
        Assert.Equal(5, SmsCodeBook.MaxCodesPerHour);
        Assert.Equal(Duration.FromHours(1), SmsCodeBook.RateWindow);
    }

    [Theory]
    [InlineData(SmsPurpose.Registration)]
    [InlineData(SmsPurpose.PasswordRecovery)]
    [InlineData(SmsPurpose.SignIn)]
    public void Check_RightCodeRightAway_Accepted(SmsPurpose purpose)
    {
        var book = SmsCodeBook.Empty.Issue(T0, purpose, ParentIin, Code);

        var (after, result) = book.Check(T0, purpose, ParentIin, Code);

        Assert.Equal(SmsCodeCheck.Accepted, result);
        Assert.True(after.Current!.Used);
    }

    [Fact]
    public void Check_RightCodeWithSpaces_Accepted() =>
        Assert.Equal(SmsCodeCheck.Accepted, Issue().Check(T0, SmsPurpose.Registration, ParentIin, " 123456 ").Result);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(45)]
    [InlineData(89)]
    [InlineData(90)] // exactly the lifetime
    public void Check_RightCodeWithinLifetime_Accepted(int seconds) =>
        Assert.Equal(SmsCodeCheck.Accepted, Issue().Check(T0 + Duration.FromSeconds(seconds), SmsPurpose.Registration, ParentIin, Code).Result);

    [Fact]
    public void Check_OneTickAfterLifetime_Expired()
    {
        var book = Issue();

        var (after, result) = book.Check(T0 + Duration.FromSeconds(90) + Duration.Epsilon, SmsPurpose.Registration, ParentIin, Code);

        Assert.Equal(SmsCodeCheck.Expired, result);
        Assert.Same(book, after);
    }

    [Theory]
    [InlineData(91)]
    [InlineData(3600)]
    public void Check_RightCodeLongAfterLifetime_Expired(int seconds) =>
        Assert.Equal(SmsCodeCheck.Expired, Issue().Check(T0 + Duration.FromSeconds(seconds), SmsPurpose.Registration, ParentIin, Code).Result);

    [Theory]
    [InlineData("654321")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("")]
    [InlineData(null)]
    public void Check_WrongCode_WrongAndTryCounted(string? typed)
    {
        var (after, result) = Issue().Check(T0, SmsPurpose.Registration, ParentIin, typed);

        Assert.Equal(SmsCodeCheck.Wrong, result);
        Assert.Equal(1, after.Current!.WrongTries);
        Assert.False(after.Current.Used);
    }

    [Fact]
    public void Check_FourWrongThenRight_Accepted()
    {
        var book = Issue();
        for (var i = 1; i <= 4; i++)
        {
            (book, var result) = book.Check(T0, SmsPurpose.Registration, ParentIin, "000000");
            Assert.Equal(SmsCodeCheck.Wrong, result);
            Assert.Equal(i, book.Current!.WrongTries);
        }

        Assert.Equal(SmsCodeCheck.Accepted, book.Check(T0, SmsPurpose.Registration, ParentIin, Code).Result);
    }

    [Fact]
    public void Check_FifthWrong_TooManyTriesAndRightCodeRefusedAfterwards()
    {
        var book = Issue();
        for (var i = 0; i < 4; i++)
        {
            (book, _) = book.Check(T0, SmsPurpose.Registration, ParentIin, "000000");
        }

        (book, var fifth) = book.Check(T0, SmsPurpose.Registration, ParentIin, "000000");
        var (afterRight, right) = book.Check(T0 + Duration.FromSeconds(1), SmsPurpose.Registration, ParentIin, Code);
        var (_, wrongAgain) = afterRight.Check(T0 + Duration.FromSeconds(2), SmsPurpose.Registration, ParentIin, "000000");

        Assert.Equal(SmsCodeCheck.TooManyTries, fifth);
        Assert.Equal(SmsCodeCheck.TooManyTries, right);
        Assert.Equal(SmsCodeCheck.TooManyTries, wrongAgain);
        Assert.Equal(5, afterRight.Current!.WrongTries);
        Assert.False(afterRight.Current.Used);
    }

    [Theory]
    [InlineData(SmsPurpose.PasswordRecovery, ParentIin)]
    [InlineData(SmsPurpose.SignIn, ParentIin)]
    [InlineData(SmsPurpose.Registration, OtherIin)]
    [InlineData(SmsPurpose.Registration, "")]
    public void Check_CodeForAnotherPurposeOrIin_NoCode(SmsPurpose purpose, string iin)
    {
        var book = Issue();

        var (after, result) = book.Check(T0, purpose, iin, Code);

        Assert.Equal(SmsCodeCheck.NoCode, result);
        Assert.Same(book, after);
        Assert.Equal(0, after.Current!.WrongTries);
    }

    [Fact]
    public void Check_NothingIssued_NoCode() =>
        Assert.Equal(SmsCodeCheck.NoCode, SmsCodeBook.Empty.Check(T0, SmsPurpose.Registration, ParentIin, Code).Result);

    [Fact]
    public void Check_UsedCodeAgain_NoCode()
    {
        var (book, first) = Issue().Check(T0, SmsPurpose.Registration, ParentIin, Code);

        var (_, second) = book.Check(T0 + Duration.FromSeconds(1), SmsPurpose.Registration, ParentIin, Code);

        Assert.Equal(SmsCodeCheck.Accepted, first);
        Assert.Equal(SmsCodeCheck.NoCode, second);
    }

    [Fact]
    public void Issue_NewCode_ReplacesOldOneAndResetsTries()
    {
        var book = Issue();
        for (var i = 0; i < 4; i++)
        {
            (book, _) = book.Check(T0, SmsPurpose.Registration, ParentIin, "000000");
        }

        var second = book.Issue(T0 + Duration.FromSeconds(30), SmsPurpose.Registration, ParentIin, "654321");

        Assert.Equal(0, second.Current!.WrongTries);
        var (afterOld, oldResult) = second.Check(T0 + Duration.FromSeconds(31), SmsPurpose.Registration, ParentIin, Code);
        Assert.Equal(SmsCodeCheck.Wrong, oldResult); // the old code is gone; this is the first wrong try on the new one
        Assert.Equal(SmsCodeCheck.Accepted, afterOld.Check(T0 + Duration.FromSeconds(32), SmsPurpose.Registration, ParentIin, "654321").Result);
    }

    [Fact]
    public void Issue_NewCode_LifetimeCountsFromTheNewCode()
    {
        var book = Issue().Issue(T0 + Duration.FromSeconds(80), SmsPurpose.Registration, ParentIin, "654321");

        Assert.Equal(SmsCodeCheck.Accepted, book.Check(T0 + Duration.FromSeconds(170), SmsPurpose.Registration, ParentIin, "654321").Result);
        Assert.Equal(SmsCodeCheck.Expired, book.Check(T0 + Duration.FromSeconds(171), SmsPurpose.Registration, ParentIin, "654321").Result);
    }

    [Fact]
    public void Issue_NewCodeForAnotherPurpose_OldPurposeHasNoCode()
    {
        var book = Issue().Issue(T0 + Duration.FromSeconds(10), SmsPurpose.SignIn, ParentIin, "654321");

        Assert.Equal(SmsCodeCheck.NoCode, book.Check(T0 + Duration.FromSeconds(11), SmsPurpose.Registration, ParentIin, Code).Result);
        Assert.Equal(SmsCodeCheck.Accepted, book.Check(T0 + Duration.FromSeconds(11), SmsPurpose.SignIn, ParentIin, "654321").Result);
    }

    [Fact]
    public void Issue_FiveCodesWithinAnHour_Allowed()
    {
        var book = SmsCodeBook.Empty;
        for (var i = 0; i < 5; i++)
        {
            book = book.Issue(T0 + Duration.FromMinutes(i * 10), SmsPurpose.Registration, ParentIin, Code);
        }

        Assert.Equal(5, book.SentAt.Count);
    }

    [Theory]
    [InlineData(50, 10)]
    [InlineData(59, 1)]
    [InlineData(41, 19)]
    public void Issue_SixthCodeWithinAnHour_TooManyCodesWithMinutesToWait(int minute, int retryMinutes)
    {
        var book = FiveCodes();

        var exception = Assert.Throws<DomainException>(
            () => book.Issue(T0 + Duration.FromMinutes(minute), SmsPurpose.Registration, ParentIin, Code));

        Assert.Equal("Error.Sms.TooManyCodes", exception.MessageKey);
        Assert.Equal<object>(retryMinutes, Assert.Single(exception.Arguments));
    }

    [Fact]
    public void Issue_OneTickBeforeOldestIsAnHourOld_TooManyCodes()
    {
        var book = FiveCodes();

        var exception = Assert.Throws<DomainException>(
            () => book.Issue(T0 + Duration.FromHours(1) - Duration.Epsilon, SmsPurpose.Registration, ParentIin, Code));

        Assert.Equal("Error.Sms.TooManyCodes", exception.MessageKey);
        Assert.Equal<object>(1, Assert.Single(exception.Arguments));
    }

    [Fact]
    public void Issue_OldestCodeAnHourOld_AllowedAgainThenLimitedByTheNextOldest()
    {
        var book = FiveCodes().Issue(T0 + Duration.FromHours(1), SmsPurpose.Registration, ParentIin, "654321");

        Assert.Equal(5, book.SentAt.Count);
        Assert.DoesNotContain(T0, book.SentAt);
        Assert.Equal(SmsCodeCheck.Accepted, book.Check(T0 + Duration.FromHours(1), SmsPurpose.Registration, ParentIin, "654321").Result);

        // The second code (T0 + 10 min) still counts until T0 + 70 min.
        var exception = Assert.Throws<DomainException>(
            () => book.Issue(T0 + Duration.FromMinutes(65), SmsPurpose.Registration, ParentIin, Code));
        Assert.Equal<object>(5, Assert.Single(exception.Arguments));
        Assert.NotNull(book.Issue(T0 + Duration.FromMinutes(70), SmsPurpose.Registration, ParentIin, Code));
    }

    [Fact]
    public void Issue_RefusedSixthCode_KeepsCurrentCodeUsable()
    {
        var book = FiveCodes();

        Assert.Throws<DomainException>(() => book.Issue(T0 + Duration.FromMinutes(41), SmsPurpose.Registration, ParentIin, "654321"));

        Assert.Equal(SmsCodeCheck.Accepted, book.Check(T0 + Duration.FromMinutes(41), SmsPurpose.Registration, ParentIin, Code).Result);
    }

    [Fact]
    public void Issue_LimitCountsAllPurposesAndIins()
    {
        var book = SmsCodeBook.Empty;
        var purposes = new[] { SmsPurpose.Registration, SmsPurpose.SignIn, SmsPurpose.PasswordRecovery, SmsPurpose.SignIn, SmsPurpose.Registration };
        for (var i = 0; i < purposes.Length; i++)
        {
            book = book.Issue(T0 + Duration.FromMinutes(i), purposes[i], i % 2 == 0 ? ParentIin : OtherIin, Code);
        }

        Assert.Throws<DomainException>(() => book.Issue(T0 + Duration.FromMinutes(5), SmsPurpose.PasswordRecovery, OtherIin, Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("١٢٣٤٥٦")]
    public void Issue_CodeNotSixAsciiDigits_Throws(string code) =>
        Assert.Throws<ArgumentException>(() => SmsCodeBook.Empty.Issue(T0, SmsPurpose.Registration, ParentIin, code));

    [Theory]
    [InlineData(0, 90)]
    [InlineData(0.5, 90)] // a started second still shows
    [InlineData(1, 89)]
    [InlineData(60, 30)]
    [InlineData(89.5, 1)]
    [InlineData(90, 0)]
    [InlineData(91, 0)]
    [InlineData(3600, 0)]
    public void SecondsLeft_AfterIssue_CountsDownFrom90(double elapsedSeconds, int expected) =>
        Assert.Equal(expected, Issue().SecondsLeft(T0 + Duration.FromSeconds(elapsedSeconds)));

    [Fact]
    public void SecondsLeft_NoCodeOrUsedCode_Zero()
    {
        var (used, _) = Issue().Check(T0, SmsPurpose.Registration, ParentIin, Code);

        Assert.Equal(0, SmsCodeBook.Empty.SecondsLeft(T0));
        Assert.Equal(0, used.SecondsLeft(T0 + Duration.FromSeconds(10)));
    }

    [Theory]
    [InlineData(SmsCodeCheck.Accepted, "")]
    [InlineData(SmsCodeCheck.Wrong, "Error.Sms.WrongCode")]
    [InlineData(SmsCodeCheck.Expired, "Error.Sms.Expired")]
    [InlineData(SmsCodeCheck.TooManyTries, "Error.Sms.TooManyTries")]
    [InlineData(SmsCodeCheck.NoCode, "Error.Sms.NoCode")]
    public void MessageKey_EachResult_MapsToResourceKey(SmsCodeCheck result, string key) =>
        Assert.Equal(key, SmsCodeBook.MessageKey(result));

    private static SmsCodeBook Issue() => SmsCodeBook.Empty.Issue(T0, SmsPurpose.Registration, ParentIin, Code);

    /// <summary>Five codes at T0, T0+10 min, …, T0+40 min; the last one (Code) is current.</summary>
    private static SmsCodeBook FiveCodes()
    {
        var book = SmsCodeBook.Empty;
        for (var i = 0; i < 5; i++)
        {
            book = book.Issue(T0 + Duration.FromMinutes(i * 10), SmsPurpose.Registration, ParentIin, Code);
        }

        return book;
    }
}
