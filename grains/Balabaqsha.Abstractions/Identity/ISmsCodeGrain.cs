using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Abstractions.Identity;

/// <summary>The codes sent to one phone (<see cref="GrainKeys.SmsPhone"/>): limits, tries and tickets.</summary>
[Alias("Balabaqsha.ISmsCodeGrain")]
public interface ISmsCodeGrain : IGrainWithStringKey
{
    /// <summary>Issues and sends a code for this purpose and IIN; throws past the hourly limit.</summary>
    Task<CodeSent> SendCodeAsync(string phone, SmsPurpose purpose, string iin, string language);

    /// <summary>Checks a typed code; on success returns a single-use ticket, otherwise throws with the reason.</summary>
    Task<string> VerifyCodeAsync(SmsPurpose purpose, string iin, string code);

    /// <summary>Consumes a ticket issued by <see cref="VerifyCodeAsync"/>; false when unknown, used or expired.</summary>
    Task<bool> ConsumeTicketAsync(SmsPurpose purpose, string iin, string ticket);
}
