using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Grains.Identity;

/// <summary>A ticket proves a code was accepted, so the password step can complete once.</summary>
public sealed record VerificationTicket(
    string Token,
    SmsPurpose Purpose,
    string Iin,
    Instant IssuedAt);

public sealed record SmsCodeState
{
    public SmsCodeBook Book { get; init; } = SmsCodeBook.Empty;

    public VerificationTicket? Ticket { get; init; }
}
