using System.Text.RegularExpressions;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Grains.Tests.Infrastructure;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Identity;

[Collection(PortalClusterCollection.Name)]
public sealed partial class IdentityGrainTests(PortalClusterFixture fixture)
{
    private const string Password = "Qwerty-2026!";

    private IIdentityGrain Identity => fixture.Client.GetGrain<IIdentityGrain>(0);

    [Fact]
    public async Task RequestCode_PhoneNotRegisteredToIin_RefusedAndNoSms()
    {
        var person = TestPeople.Next();
        var otherPhone = TestPeople.PhoneOfSomeoneElse(person);
        var before = await OutboxCountAsync(otherPhone);

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RequestCodeAsync(SmsPurpose.Registration, otherPhone, person.Iin, "ru"));

        Assert.Equal("Error.Bmg.PhoneMismatch", error.MessageKey);
        Assert.Equal(before, await OutboxCountAsync(otherPhone));
    }

    [Theory]
    [InlineData("12345", "Error.Iin.Format")]
    [InlineData("850814393151", "Error.Iin.Invalid")]
    [InlineData("", "Error.Iin.Empty")]
    public async Task RequestCode_BadIin_RefusedWithItsReason(string iin, string key)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RequestCodeAsync(SmsPurpose.Registration, "+77011234567", iin, "ru"));

        Assert.Equal(key, error.MessageKey);
    }

    [Fact]
    public async Task RequestCode_ValidIinUnknownToRegistry_Refused()
    {
        var unknown = Iin.Create(new LocalDate(1990, 3, 3), Sex.Male, 4242)!.Value;

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RequestCodeAsync(SmsPurpose.Registration, "+77011234567", unknown.Value, "ru"));

        Assert.Equal("Error.Registry.UnknownIin", error.MessageKey);
    }

    [Fact]
    public async Task Register_CodeFromOutbox_CreatesAccountThatSignsInByIinAndPhone()
    {
        var person = TestPeople.Next();

        var view = await RegisterAsync(person);

        Assert.Equal(Role.Parent, view.Role);
        Assert.Equal(person.FullName, view.FullName);
        Assert.True((await Identity.SignInAsync(LoginKind.Iin, person.Iin, Password)).Succeeded);
        Assert.True((await Identity.SignInAsync(LoginKind.Phone, PhoneNumber.Parse(person.Phone).Display, Password)).Succeeded);
    }

    [Fact]
    public async Task Register_ShowsRegistryDataAfterCode()
    {
        var person = TestPeople.Next();
        await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "kk");

        var verified = await Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, await LatestCodeAsync(person.Phone!));

        Assert.Equal(person.Surname, verified.Person.Surname);
        Assert.Equal(person.BirthDate, verified.Person.BirthDate);
        Assert.Equal(person.Sex, verified.Person.Sex);
    }

    [Fact]
    public async Task RequestCode_AlreadyRegistered_RefusedWithoutSms()
    {
        var person = TestPeople.Next();
        await RegisterAsync(person);
        var before = await OutboxCountAsync(person.Phone!);

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru"));

        Assert.Equal("Error.Registration.AlreadyRegistered", error.MessageKey);
        Assert.Equal(before, await OutboxCountAsync(person.Phone!));
    }

    [Fact]
    public async Task Register_TicketUsedTwice_SecondRefused()
    {
        var person = TestPeople.Next();
        await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var verified = await Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, await LatestCodeAsync(person.Phone!));
        await Identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, Password, Password, "ru");

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, Password, Password, "ru"));

        Assert.Equal("Error.Registration.TicketInvalid", error.MessageKey);
    }

    [Theory]
    [InlineData("short1!", "short1!", "Error.Password.Length")]
    [InlineData("Long-enough-1", "Long-enough-2", "Error.Password.Mismatch")]
    public async Task Register_BadPassword_RefusedAndTicketStillValid(string password, string repeat, string key)
    {
        var person = TestPeople.Next();
        await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var verified = await Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, await LatestCodeAsync(person.Phone!));

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, password, repeat, "ru"));

        Assert.Equal(key, error.MessageKey);
        Assert.Null(await fixture.Client.GetGrain<IAccountGrain>(GrainKeys.Account(person.Iin)).GetAsync());
        await Identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, Password, Password, "ru");
    }

    [Fact]
    public async Task VerifyCode_FiveWrongTries_CodeBurnedEvenForTheRightOne()
    {
        var person = TestPeople.Next();
        await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var code = await LatestCodeAsync(person.Phone!);
        var wrong = code == "000000" ? "111111" : "000000";
        var keys = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add((await Assert.ThrowsAsync<DomainException>(() => Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, wrong))).MessageKey);
        }

        var last = await Assert.ThrowsAsync<DomainException>(() => Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, code));

        Assert.Equal(["Error.Sms.WrongCode", "Error.Sms.WrongCode", "Error.Sms.WrongCode", "Error.Sms.WrongCode", "Error.Sms.TooManyTries"], keys);
        Assert.Equal("Error.Sms.TooManyTries", last.MessageKey);
    }

    [Fact]
    public async Task VerifyCode_After90Seconds_Expired()
    {
        var person = TestPeople.Next();
        await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var code = await LatestCodeAsync(person.Phone!);
        fixture.Time.Advance(Duration.FromSeconds(91));

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, code));

        Assert.Equal("Error.Sms.Expired", error.MessageKey);
    }

    [Fact]
    public async Task RequestCode_SixthWithinAnHour_RefusedWithMinutesToWait()
    {
        var person = TestPeople.Next();
        for (var i = 0; i < 5; i++)
        {
            await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        }

        var before = await OutboxCountAsync(person.Phone!);
        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru"));

        Assert.Equal("Error.Sms.TooManyCodes", error.MessageKey);
        Assert.Equal("60", Assert.Single(error.Arguments));
        Assert.Equal(before, await OutboxCountAsync(person.Phone!));
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LockedFifteenMinutesEvenForTheRightOne()
    {
        var person = TestPeople.Next();
        await RegisterAsync(person);
        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await Identity.SignInAsync(LoginKind.Iin, person.Iin, "Wrong-password-1"));
        }

        var whileLocked = await Identity.SignInAsync(LoginKind.Iin, person.Iin, Password);
        fixture.Time.Advance(Duration.FromMinutes(15));
        var afterLock = await Identity.SignInAsync(LoginKind.Iin, person.Iin, Password);

        Assert.All(outcomes.Take(4), o => Assert.Equal("Error.SignIn.Failed", o.MessageKey));
        Assert.Equal("Error.SignIn.Locked", outcomes[4].MessageKey);
        Assert.Equal(15, outcomes[4].MessageArgument);
        Assert.False(whileLocked.Succeeded);
        Assert.Equal("Error.SignIn.Locked", whileLocked.MessageKey);
        Assert.True(afterLock.Succeeded);
    }

    [Fact]
    public async Task SignIn_UnknownIdentifier_SameAnswersAsAWrongPassword()
    {
        var unknown = Iin.Create(new LocalDate(1991, 4, 4), Sex.Female, 777)!.Value.Value;
        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await Identity.SignInAsync(LoginKind.Iin, unknown, "Whatever-123"));
        }

        Assert.All(outcomes.Take(4), o => Assert.Equal("Error.SignIn.Failed", o.MessageKey));
        Assert.Equal("Error.SignIn.Locked", outcomes[4].MessageKey);
    }

    [Fact]
    public async Task SignInWithCode_CodeSentToAccountPhone_SignsIn()
    {
        var person = TestPeople.Next();
        await RegisterAsync(person);

        await Identity.RequestSignInCodeAsync(LoginKind.Iin, person.Iin, "en");
        var sms = (await fixture.Client.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(50)).First(m => m.Phone == person.Phone);
        var outcome = await Identity.SignInWithCodeAsync(LoginKind.Iin, person.Iin, CodeIn(sms.Text));

        Assert.Contains("sign-in code", sms.Text, StringComparison.Ordinal);
        Assert.True(outcome.Succeeded);
        Assert.NotNull(outcome.Nonce);
    }

    [Fact]
    public async Task SignInWithCode_WrongCode_SameAnswerForKnownAndUnknownAccounts()
    {
        var person = TestPeople.Next();
        await RegisterAsync(person);
        await Identity.RequestSignInCodeAsync(LoginKind.Iin, person.Iin, "ru");
        var unknown = Iin.Create(new LocalDate(1987, 6, 6), Sex.Male, 1313)!.Value.Value;
        await Identity.RequestSignInCodeAsync(LoginKind.Iin, unknown, "ru");

        var known = await Identity.SignInWithCodeAsync(LoginKind.Iin, person.Iin, "000001");
        var stranger = await Identity.SignInWithCodeAsync(LoginKind.Iin, unknown, "000001");
        fixture.Time.Advance(Duration.FromSeconds(95));
        var expired = await Identity.SignInWithCodeAsync(LoginKind.Iin, person.Iin, "000001");

        Assert.Equal("Error.SignIn.CodeFailed", known.MessageKey);
        Assert.Equal(known.MessageKey, stranger.MessageKey);
        Assert.Equal(known.MessageKey, expired.MessageKey);
    }

    [Fact]
    public async Task RequestSignInCode_UnknownAccount_AnswersAlikeAndSendsNothing()
    {
        var outbox = fixture.Client.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox);
        var before = (await outbox.LatestAsync(500)).Count;

        var sent = await Identity.RequestSignInCodeAsync(LoginKind.Login, "nobody.here", "ru");

        Assert.Equal(90, sent.SecondsValid);
        Assert.Equal(before, (await outbox.LatestAsync(500)).Count);
    }

    [Fact]
    public async Task ResetPassword_CodeFromOutbox_OldPasswordStopsWorking()
    {
        var person = TestPeople.Next();
        await RegisterAsync(person);
        await Identity.RequestCodeAsync(SmsPurpose.PasswordRecovery, person.Phone!, person.Iin, "ru");
        var verified = await Identity.VerifyCodeAsync(SmsPurpose.PasswordRecovery, person.Phone!, person.Iin, await LatestCodeAsync(person.Phone!));

        await Identity.ResetPasswordAsync(person.Phone!, person.Iin, verified.Ticket, "New-password-9", "New-password-9");

        Assert.False((await Identity.SignInAsync(LoginKind.Iin, person.Iin, Password)).Succeeded);
        Assert.True((await Identity.SignInAsync(LoginKind.Iin, person.Iin, "New-password-9")).Succeeded);
    }

    [Fact]
    public async Task ResetPassword_RegistrationTicket_Refused()
    {
        var person = TestPeople.Next();
        await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var verified = await Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, await LatestCodeAsync(person.Phone!));

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.ResetPasswordAsync(person.Phone!, person.Iin, verified.Ticket, "New-password-9", "New-password-9"));

        Assert.Equal("Error.Registration.TicketInvalid", error.MessageKey);
    }

    [Fact]
    public async Task RequestRecoveryCode_NoAccount_Refused()
    {
        var person = TestPeople.Next();

        var error = await Assert.ThrowsAsync<DomainException>(() => Identity.RequestCodeAsync(SmsPurpose.PasswordRecovery, person.Phone!, person.Iin, "ru"));

        Assert.Equal("Error.Recovery.NoAccount", error.MessageKey);
    }

    [Fact]
    public async Task SetLogin_TakenByAnother_RefusedAndOwnLoginSignsIn()
    {
        var first = TestPeople.Next();
        var second = TestPeople.Next();
        await RegisterAsync(first);
        await RegisterAsync(second);
        var login = "user" + first.Iin[..6];
        await fixture.Client.GetGrain<IAccountGrain>(GrainKeys.Account(first.Iin)).SetLoginAsync(login);
        await fixture.Client.GetGrain<IAccountGrain>(GrainKeys.Account(first.Iin)).SetEmailAsync($"{login}@example.kz");

        var error = await Assert.ThrowsAsync<DomainException>(() => fixture.Client.GetGrain<IAccountGrain>(GrainKeys.Account(second.Iin)).SetLoginAsync(login.ToUpperInvariant()));

        Assert.Equal("Error.Login.Taken", error.MessageKey);
        Assert.True((await Identity.SignInAsync(LoginKind.Login, login.ToUpperInvariant(), Password)).Succeeded);
        Assert.True((await Identity.SignInAsync(LoginKind.Email, $"{login}@EXAMPLE.kz", Password)).Succeeded);
    }

    [Fact]
    public async Task SignInNonce_RedeemedOnce()
    {
        var person = TestPeople.Next();
        await RegisterAsync(person);
        var outcome = await Identity.SignInAsync(LoginKind.Iin, person.Iin, Password);
        var account = fixture.Client.GetGrain<IAccountGrain>(GrainKeys.Account(person.Iin));

        Assert.True(await account.RedeemSignInNonceAsync(outcome.Nonce!));
        Assert.False(await account.RedeemSignInNonceAsync(outcome.Nonce!));
        Assert.False(await account.RedeemSignInNonceAsync("forged"));
    }

    [Fact]
    public async Task Account_AfterDeactivation_ReadBackWithItsInstants()
    {
        var person = TestPeople.Next();
        var created = await RegisterAsync(person);
        var account = fixture.Client.GetGrain<IAccountGrain>(GrainKeys.Account(person.Iin));

        await fixture.Cluster.DeactivateAsync(account);  // the next call reads the state from SQLite
        var read = await account.GetAsync();

        Assert.Equal(created, read);
        Assert.NotEqual(default, read!.CreatedAt);
    }

    private async Task<AccountView> RegisterAsync(RegistryPerson person)
    {
        await Identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var verified = await Identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, await LatestCodeAsync(person.Phone!));
        return await Identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, Password, Password, "ru");
    }

    private async Task<string> LatestCodeAsync(string phone)
    {
        var latest = await fixture.Client.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(50);
        return CodeIn(latest.First(m => m.Phone == phone).Text);
    }

    private async Task<int> OutboxCountAsync(string phone) =>
        (await fixture.Client.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(500)).Count(m => m.Phone == phone);

    private static string CodeIn(string text) => SixDigits().Match(text).Value;

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
