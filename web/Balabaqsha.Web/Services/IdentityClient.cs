using System.Threading.RateLimiting;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Web.Services;

/// <summary>
/// The pages' door to the identity flows: the same calls as <see cref="IIdentityGrain"/>, limited per
/// client address before they reach the grains (code requests and sign-in attempts cost an SMS or a hash).
/// The per-account and per-phone limits that must hold across web servers live in the grains.
/// </summary>
public sealed class IdentityClient(IGrainFactory grains, ClientRateLimits limits, IHttpContextAccessor http)
{
    // Captured when the circuit starts: the address of the connection that opened it.
    private readonly string _client = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private IIdentityGrain Grain => grains.GetGrain<IIdentityGrain>(0);

    public Task<CodeSent> RequestCodeAsync(SmsPurpose purpose, string phone, string iin, string language) =>
        Limited(limits.Codes, () => Grain.RequestCodeAsync(purpose, phone, iin, language));

    public Task<CodeVerified> VerifyCodeAsync(SmsPurpose purpose, string phone, string iin, string code) =>
        Limited(limits.SignIns, () => Grain.VerifyCodeAsync(purpose, phone, iin, code));

    public Task<AccountView> RegisterAsync(string phone, string iin, string ticket, string password, string repeat, string language) =>
        Grain.RegisterAsync(phone, iin, ticket, password, repeat, language);

    public Task ResetPasswordAsync(string phone, string iin, string ticket, string password, string repeat) =>
        Grain.ResetPasswordAsync(phone, iin, ticket, password, repeat);

    public Task<SignInOutcome> SignInAsync(LoginKind kind, string identifier, string password) =>
        Limited(limits.SignIns, () => Grain.SignInAsync(kind, identifier, password));

    public Task<CodeSent> RequestSignInCodeAsync(LoginKind kind, string identifier, string language) =>
        Limited(limits.Codes, () => Grain.RequestSignInCodeAsync(kind, identifier, language));

    public Task<SignInOutcome> SignInWithCodeAsync(LoginKind kind, string identifier, string code) =>
        Limited(limits.SignIns, () => Grain.SignInWithCodeAsync(kind, identifier, code));

    private async Task<T> Limited<T>(PartitionedRateLimiter<string> limiter, Func<Task<T>> call)
    {
        using var lease = limiter.AttemptAcquire(_client);
        if (!lease.IsAcquired)
        {
            throw new DomainException("Error.RateLimited");
        }

        return await call();
    }
}

/// <summary>Per-client-address limits shared by every circuit of this web server.</summary>
public sealed class ClientRateLimits(int codesPerMinute = ClientRateLimits.DefaultCodesPerMinute, int signInsPerMinute = ClientRateLimits.DefaultSignInsPerMinute)
{
    public const int DefaultCodesPerMinute = 10;
    public const int DefaultSignInsPerMinute = 30;

    public PartitionedRateLimiter<string> Codes { get; } = PerMinute(codesPerMinute);

    public PartitionedRateLimiter<string> SignIns { get; } = PerMinute(signInsPerMinute);

    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
}
