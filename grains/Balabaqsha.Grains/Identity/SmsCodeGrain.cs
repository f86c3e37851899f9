using System.Security.Cryptography;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Privacy;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Balabaqsha.Grains.Identity;

public sealed class SmsCodeGrain(
    [PersistentState("sms-codes")] IPersistentState<SmsCodeState> codes,
    IClock clock,
    ISmsSender sender,
    SmsTexts texts,
    ILogger<SmsCodeGrain> logger) : Grain, ISmsCodeGrain
{
    private static readonly Duration TicketLifetime = Duration.FromMinutes(15);

    public async Task<CodeSent> SendCodeAsync(string phone, SmsPurpose purpose, string iin, string language)
    {
        if (GrainKeys.SmsPhone(phone) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The phone does not belong to this code book.", nameof(phone));
        }

        var now = clock.GetCurrentInstant();
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        codes.State = codes.State with { Book = codes.State.Book.Issue(now, purpose, iin, code), Ticket = null };
        await codes.WriteStateAsync();
        await sender.SendAsync(phone, texts.Code(purpose, code, language));
        logger.LogInformation("{Purpose} code sent to {Phone} for {Iin}", purpose, Mask.Phone(phone), Mask.Iin(iin));
        return new CodeSent(codes.State.Book.SecondsLeft(now));
    }

    public async Task<string> VerifyCodeAsync(SmsPurpose purpose, string iin, string code)
    {
        var now = clock.GetCurrentInstant();
        var (book, result) = codes.State.Book.Check(now, purpose, iin, code);
        VerificationTicket? ticket = null;
        if (result == SmsCodeCheck.Accepted)
        {
            ticket = new VerificationTicket(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), purpose, iin, now);
        }

        if (!ReferenceEquals(book, codes.State.Book) || ticket is not null)
        {
            codes.State = codes.State with { Book = book, Ticket = ticket };
            await codes.WriteStateAsync();
        }

        return ticket?.Token ?? throw new DomainException(SmsCodeBook.MessageKey(result));
    }

    public async Task<bool> ConsumeTicketAsync(SmsPurpose purpose, string iin, string ticket)
    {
        var current = codes.State.Ticket;
        var valid = current is not null
            && current.Purpose == purpose
            && current.Iin == iin
            && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(current.Token),
                System.Text.Encoding.ASCII.GetBytes(ticket ?? string.Empty))
            && clock.GetCurrentInstant() - current.IssuedAt <= TicketLifetime;
        if (valid)
        {
            codes.State = codes.State with { Ticket = null };
            await codes.WriteStateAsync();
        }

        return valid;
    }
}
