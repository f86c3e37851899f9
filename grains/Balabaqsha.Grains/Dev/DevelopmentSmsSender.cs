using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Domain.Privacy;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Balabaqsha.Grains.Dev;

/// <summary>
/// The development SMS sender: keeps every message in the shared outbox (/dev/sms) and logs it with
/// the phone masked, so a person running the portal locally can finish a registration.
/// </summary>
public sealed class DevelopmentSmsSender(IGrainFactory grains, IClock clock, ILogger<DevelopmentSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(string phone, string text, CancellationToken cancellationToken = default)
    {
        await grains.GetGrain<ISmsOutboxGrain>(Abstractions.GrainKeys.SmsOutbox)
            .AddAsync(new SentSms(clock.GetCurrentInstant(), phone, text));
        logger.LogInformation("SMS to {Phone}: {Text}", Mask.Phone(phone), text);
    }
}
