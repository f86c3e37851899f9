using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Privacy;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Balabaqsha.Grains.Identity;

[StatelessWorker]
public sealed class IdentityGrain(IPopulationRegistry registry, ILogger<IdentityGrain> logger) : Grain, IIdentityGrain
{
    // Verified against when the identifier names no account, so a miss costs as much as a hit.
    private static readonly Lazy<string> DummyHash = new(() => PasswordHashing.Hash("not-a-password-" + Guid.NewGuid()));

    private const string CodeFailed = "Error.SignIn.CodeFailed";

    public async Task<CodeSent> RequestCodeAsync(SmsPurpose purpose, string phone, string iin, string language)
    {
        var (person, number) = CheckPhoneOwner(phone, iin);
        var account = await Account(person.Iin).GetAsync();
        switch (purpose)
        {
            case SmsPurpose.Registration when account is not null:
                throw new DomainException("Error.Registration.AlreadyRegistered");
            case SmsPurpose.Registration:
                var owner = await Index(GrainKeys.PhoneIndex(number.Value)).ResolveAsync();
                if (owner is not null && owner != person.Iin)
                {
                    throw new DomainException("Error.Registration.PhoneTaken");
                }

                break;
            case SmsPurpose.PasswordRecovery when account is null:
                throw new DomainException("Error.Recovery.NoAccount");
            case SmsPurpose.SignIn:
                throw new ArgumentException("Sign-in codes are requested by identifier.", nameof(purpose));
        }

        return await Codes(number).SendCodeAsync(number.Value, purpose, person.Iin, language);
    }

    public async Task<CodeVerified> VerifyCodeAsync(SmsPurpose purpose, string phone, string iin, string code)
    {
        var (person, number) = CheckPhoneOwner(phone, iin);
        var ticket = await Codes(number).VerifyCodeAsync(purpose, person.Iin, code);
        return new CodeVerified(ticket, new PersonCard(person.Surname, person.Name, person.Patronymic, person.Sex, person.BirthDate));
    }

    public async Task<AccountView> RegisterAsync(string phone, string iin, string ticket, string password, string repeat, string language)
    {
        PasswordPolicy.Ensure(password, repeat);
        var (person, number) = CheckPhoneOwner(phone, iin);
        if (!await Codes(number).ConsumeTicketAsync(SmsPurpose.Registration, person.Iin, ticket))
        {
            throw new DomainException("Error.Registration.TicketInvalid");
        }

        var phoneIndex = Index(GrainKeys.PhoneIndex(number.Value));
        if (!await phoneIndex.ClaimAsync(person.Iin))
        {
            throw new DomainException("Error.Registration.PhoneTaken");
        }

        try
        {
            var created = await Account(person.Iin).CreateParentAsync(
                RegistryPersonSnapshot.From(person), number.Value, PasswordHashing.Hash(password), language);
            logger.LogInformation("Parent {Iin} registered with phone {Phone}", Mask.Iin(person.Iin), Mask.Phone(number.Value));
            return created;
        }
        catch (DomainException)
        {
            var existing = await Account(person.Iin).GetAsync();
            if (existing?.Phone != number.Value)
            {
                await phoneIndex.ReleaseAsync(person.Iin);
            }

            throw;
        }
    }

    public async Task ResetPasswordAsync(string phone, string iin, string ticket, string password, string repeat)
    {
        PasswordPolicy.Ensure(password, repeat);
        var (person, number) = CheckPhoneOwner(phone, iin);
        if (!await Codes(number).ConsumeTicketAsync(SmsPurpose.PasswordRecovery, person.Iin, ticket))
        {
            throw new DomainException("Error.Registration.TicketInvalid");
        }

        await Account(person.Iin).SetPasswordHashAsync(PasswordHashing.Hash(password));
    }

    public async Task<SignInOutcome> SignInAsync(LoginKind kind, string identifier, string password)
    {
        var account = await FindAccountAsync(kind, identifier);
        if (account is null)
        {
            PasswordHashing.Verify(DummyHash.Value, password ?? string.Empty);
            return await Guard(kind, identifier).FailAsync("Error.SignIn.Failed");
        }

        return await Account(account.Iin).SignInWithPasswordAsync(password ?? string.Empty);
    }

    public async Task<CodeSent> RequestSignInCodeAsync(LoginKind kind, string identifier, string language)
    {
        var account = await FindAccountAsync(kind, identifier);
        if (account is null || !PhoneNumber.TryParse(account.Phone, out _))
        {
            return new CodeSent((int)SmsCodeBook.Lifetime.TotalSeconds);
        }

        return await Codes(PhoneNumber.Parse(account.Phone)).SendCodeAsync(PhoneNumber.Parse(account.Phone).Value, SmsPurpose.SignIn, account.Iin, language);
    }

    public async Task<SignInOutcome> SignInWithCodeAsync(LoginKind kind, string identifier, string code)
    {
        // One message for every failure (wrong, expired, never sent, unknown account): the answer
        // must not tell whether the identifier names an account.
        var account = await FindAccountAsync(kind, identifier);
        if (account is null || !PhoneNumber.TryParse(account.Phone, out var phone))
        {
            return await Guard(kind, identifier).FailAsync(CodeFailed);
        }

        var codes = Codes(phone);
        string ticket;
        try
        {
            ticket = await codes.VerifyCodeAsync(SmsPurpose.SignIn, account.Iin, code);
        }
        catch (DomainException)
        {
            return await Account(account.Iin).RecordFailedSignInAsync(CodeFailed);
        }

        await codes.ConsumeTicketAsync(SmsPurpose.SignIn, account.Iin, ticket);
        return await Account(account.Iin).SignInVerifiedAsync();
    }

    private async Task<AccountView?> FindAccountAsync(LoginKind kind, string identifier)
    {
        string? iin = kind switch
        {
            LoginKind.Iin => Iin.TryParse(identifier, out var parsed) ? parsed.Value : null,
            LoginKind.Phone => PhoneNumber.TryParse(identifier, out var phone)
                ? await Index(GrainKeys.PhoneIndex(phone.Value)).ResolveAsync()
                : null,
            LoginKind.Login => await ResolveTextAsync(identifier, GrainKeys.LoginIndex),
            LoginKind.Email => await ResolveTextAsync(identifier, GrainKeys.EmailIndex),
            _ => null,
        };
        return iin is null ? null : await Account(iin).GetAsync();
    }

    private Task<string?> ResolveTextAsync(string identifier, Func<string, string> key)
    {
        var normalized = identifier?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(normalized) || normalized.Length > 254
            ? Task.FromResult<string?>(null)
            : Index(key(normalized)).ResolveAsync();
    }

    /// <summary>The БМГ rule: a code goes only to the phone registered to this IIN.</summary>
    private (RegistryPerson Person, PhoneNumber Phone) CheckPhoneOwner(string phone, string iin)
    {
        var parsedIin = Iin.Parse(iin);
        var number = PhoneNumber.Parse(phone);
        var person = registry.Find(parsedIin.Value) ?? throw new DomainException("Error.Registry.UnknownIin");
        if (person.Phone != number.Value)
        {
            throw new DomainException("Error.Bmg.PhoneMismatch");
        }

        return (person, number);
    }

    private IAccountGrain Account(string iin) => GrainFactory.GetGrain<IAccountGrain>(GrainKeys.Account(iin));

    private IAccountIndexGrain Index(string key) => GrainFactory.GetGrain<IAccountIndexGrain>(key);

    private ISmsCodeGrain Codes(PhoneNumber phone) => GrainFactory.GetGrain<ISmsCodeGrain>(GrainKeys.SmsPhone(phone.Value));

    private ISignInGuardGrain Guard(LoginKind kind, string identifier) =>
        GrainFactory.GetGrain<ISignInGuardGrain>(GrainKeys.SignInGuard(kind.ToString().ToLowerInvariant(), new string((identifier ?? string.Empty).Trim().ToLowerInvariant().Take(254).ToArray())));
}
