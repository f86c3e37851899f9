using System.Text.Json;
using Balabaqsha.Abstractions.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Balabaqsha.Web.Services;

/// <summary>
/// Hands a sign-in that happened in a circuit over to a plain HTTP request, which can set the cookie:
/// a short-lived protected ticket carrying the account's IIN and a single-use nonce from the account grain.
/// </summary>
public sealed class SignInTickets(IDataProtectionProvider protection)
{
    public const string CompletionPath = "/account/complete-signin";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Balabaqsha.SignInTicket").ToTimeLimitedDataProtector();

    public string CreateCompletionUrl(SignInOutcome outcome, bool remember, string? returnUrl)
    {
        if (outcome is not { Account: { } account, Nonce: { } nonce })
        {
            throw new ArgumentException("Only a successful sign-in has a completion.", nameof(outcome));
        }

        var payload = JsonSerializer.Serialize(new Ticket(account.Iin, nonce, remember, LocalOnly(returnUrl)));
        return $"{CompletionPath}?t={Uri.EscapeDataString(_protector.Protect(payload, Lifetime))}";
    }

    public Ticket? Read(string? protectedTicket)
    {
        if (string.IsNullOrEmpty(protectedTicket))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Ticket>(_protector.Unprotect(protectedTicket));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Only paths of this site: never an open redirect.</summary>
    public static string LocalOnly(string? url, string fallback = "/cabinet") =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : fallback;

    public sealed record Ticket(string Iin, string Nonce, bool Remember, string ReturnUrl);
}
