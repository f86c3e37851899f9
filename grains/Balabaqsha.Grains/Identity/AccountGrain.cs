using System.Security.Cryptography;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Privacy;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Balabaqsha.Grains.Identity;

public sealed class AccountGrain(
    [PersistentState("account")] IPersistentState<AccountState> account,
    IClock clock,
    ILogger<AccountGrain> logger) : Grain, IAccountGrain
{
    private static readonly Duration NonceLifetime = Duration.FromMinutes(2);

    // Sign-in nonces live only in memory: losing one to a deactivation just means signing in again.
    private readonly Dictionary<string, Instant> _nonces = [];

    private string Iin => account.State.Iin;

    private bool Exists => account.RecordExists;

    public Task<AccountView?> GetAsync() => Task.FromResult(Exists ? View() : null);

    public async Task<AccountView> CreateParentAsync(RegistryPersonSnapshot person, string phone, string passwordHash, string language)
    {
        if (Exists)
        {
            throw new DomainException("Error.Registration.AlreadyRegistered");
        }

        CheckKey(person.Iin);
        account.State = new AccountState
        {
            Iin = person.Iin,
            Role = Role.Parent,
            FullName = person.FullName,
            Phone = phone,
            PasswordHash = passwordHash,
            Language = Languages.Normalize(language),
            CreatedAt = clock.GetCurrentInstant(),
        };
        await account.WriteStateAsync();
        logger.LogDebug("Parent account {Iin} created", Mask.Iin(Iin));
        return View();
    }

    public async Task<AccountView> UpsertStaffAsync(StaffAccount staff, string fullName, string phone)
    {
        CheckKey(staff.Iin);
        if (!Exists)
        {
            account.State = account.State with { Iin = staff.Iin };
        }

        await ReplaceIndexAsync(Exists ? account.State.Login : null, staff.Login, GrainKeys.LoginIndex, "Error.Login.Taken");
        await ReplaceIndexAsync(
            Exists && account.State.Phone.Length > 0 ? account.State.Phone : null,
            phone.Length > 0 ? phone : null,
            GrainKeys.PhoneIndex,
            "Error.Registration.PhoneTaken");
        account.State = account.State with
        {
            Role = staff.Role,
            FullName = fullName,
            Phone = phone,
            Login = staff.Login,
            PasswordHash = staff.PasswordHash,
            CityId = staff.CityId,
            KindergartenId = staff.KindergartenId,
            CreatedAt = Exists ? account.State.CreatedAt : clock.GetCurrentInstant(),
        };
        await account.WriteStateAsync();
        return View();
    }

    public async Task<SignInOutcome> SignInWithPasswordAsync(string password)
    {
        if (!Exists)
        {
            return SignInOutcome.Failed("Error.SignIn.Failed");
        }

        var now = clock.GetCurrentInstant();
        if (account.State.Lockout.IsLocked(now))
        {
            return Locked(now);
        }

        if (!PasswordHashing.Verify(account.State.PasswordHash, password))
        {
            return await RecordFailedSignInAsync("Error.SignIn.Failed");
        }

        return await SucceedAsync(now);
    }

    public async Task<SignInOutcome> SignInVerifiedAsync()
    {
        if (!Exists)
        {
            return SignInOutcome.Failed("Error.SignIn.Failed");
        }

        var now = clock.GetCurrentInstant();
        return account.State.Lockout.IsLocked(now) ? Locked(now) : await SucceedAsync(now);
    }

    public async Task<SignInOutcome> RecordFailedSignInAsync(string messageKey)
    {
        if (!Exists)
        {
            return SignInOutcome.Failed(messageKey);
        }

        var now = clock.GetCurrentInstant();
        account.State = account.State with { Lockout = account.State.Lockout.Failed(now) };
        await account.WriteStateAsync();
        if (account.State.Lockout.IsLocked(now))
        {
            logger.LogWarning("Account {Iin} locked after repeated sign-in failures", Mask.Iin(Iin));
            return Locked(now);
        }

        return SignInOutcome.Failed(messageKey);
    }

    public Task<bool> RedeemSignInNonceAsync(string nonce)
    {
        var now = clock.GetCurrentInstant();
        var valid = _nonces.Remove(nonce, out var issued) && now - issued <= NonceLifetime;
        return Task.FromResult(valid);
    }

    public async Task SetPasswordHashAsync(string passwordHash)
    {
        EnsureExists();
        account.State = account.State with { PasswordHash = passwordHash, Lockout = SignInLockout.None };
        await account.WriteStateAsync();
        logger.LogInformation("Password of account {Iin} reset", Mask.Iin(Iin));
    }

    public async Task<AccountView> SetLoginAsync(string? login)
    {
        EnsureExists();
        var normalized = string.IsNullOrWhiteSpace(login) ? null : LoginRules.NormalizeLogin(login);
        await ReplaceIndexAsync(account.State.Login, normalized, GrainKeys.LoginIndex, "Error.Login.Taken");
        account.State = account.State with { Login = normalized };
        await account.WriteStateAsync();
        return View();
    }

    public async Task<AccountView> SetEmailAsync(string? email)
    {
        EnsureExists();
        var normalized = string.IsNullOrWhiteSpace(email) ? null : LoginRules.NormalizeEmail(email);
        await ReplaceIndexAsync(account.State.Email, normalized, GrainKeys.EmailIndex, "Error.Email.Taken");
        account.State = account.State with { Email = normalized };
        await account.WriteStateAsync();
        return View();
    }

    public async Task SetLanguageAsync(string language)
    {
        if (!Exists || account.State.Language == Languages.Normalize(language))
        {
            return;
        }

        account.State = account.State with { Language = Languages.Normalize(language) };
        await account.WriteStateAsync();
    }

    private async Task ReplaceIndexAsync(string? current, string? next, Func<string, string> key, string takenKey)
    {
        if (current == next)
        {
            return;
        }

        if (next is not null && !await GrainFactory.GetGrain<IAccountIndexGrain>(key(next)).ClaimAsync(Iin))
        {
            throw new DomainException(takenKey);
        }

        if (current is not null)
        {
            await GrainFactory.GetGrain<IAccountIndexGrain>(key(current)).ReleaseAsync(Iin);
        }
    }

    private async Task<SignInOutcome> SucceedAsync(Instant now)
    {
        if (account.State.Lockout != SignInLockout.None)
        {
            account.State = account.State with { Lockout = account.State.Lockout.Succeeded() };
            await account.WriteStateAsync();
        }

        foreach (var stale in _nonces.Where(n => now - n.Value > NonceLifetime).Select(n => n.Key).ToList())
        {
            _nonces.Remove(stale);
        }

        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = now;
        return new SignInOutcome(View(), nonce, null);
    }

    private SignInOutcome Locked(Instant now) =>
        SignInOutcome.Failed("Error.SignIn.Locked", MinutesUntil(account.State.Lockout.LockedUntil!.Value, now));

    internal static int MinutesUntil(Instant until, Instant now) => (int)Math.Ceiling((until - now).TotalMinutes);

    private void CheckKey(string iin)
    {
        if (GrainKeys.Account(iin) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The IIN does not belong to this account.", nameof(iin));
        }
    }

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw new DomainException("Error.Account.NotFound");
        }
    }

    private AccountView View() => new(
        Iin,
        account.State.Role,
        account.State.FullName,
        account.State.Phone,
        account.State.Login,
        account.State.Email,
        account.State.Language,
        account.State.CityId,
        account.State.KindergartenId,
        account.State.CreatedAt);
}
