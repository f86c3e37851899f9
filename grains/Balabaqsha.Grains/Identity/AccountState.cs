// Grain state records are written by the storage's JSON serializer (configured for NodaTime in the
// silo) and never cross the wire, so they embed the domain's own records, which know nothing of Orleans.
// Property names are JSON field names: keep them stable once data exists.
using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Grains.Identity;

public sealed record AccountState
{
    /// <summary>The owner's IIN: kept in state because the grain key is only a pseudonym of it.</summary>
    public string Iin { get; init; } = string.Empty;

    public Role Role { get; init; }

    public string FullName { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;

    public string? Login { get; init; }

    public string? Email { get; init; }

    public string PasswordHash { get; init; } = string.Empty;

    public string Language { get; init; } = Languages.Default;

    public string? CityId { get; init; }

    public string? KindergartenId { get; init; }

    public Instant CreatedAt { get; init; }

    public SignInLockout Lockout { get; init; } = SignInLockout.None;
}
