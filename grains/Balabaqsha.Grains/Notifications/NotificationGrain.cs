using System.Security.Cryptography;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Notifications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Privacy;
using Microsoft.Extensions.Logging;
using NodaTime;
using Orleans.Utilities;

namespace Balabaqsha.Grains.Notifications;

public sealed class NotificationState
{
    /// <summary>The parent's IIN: the grain key is only a pseudonym of it.</summary>
    public string Iin { get; set; } = string.Empty;

    public List<Notice> Notices { get; set; } = [];
}

public sealed class NotificationGrain : Grain, INotificationGrain
{
    private const int Keep = 200;
    private readonly IPersistentState<NotificationState> _notices;
    private readonly IClock _clock;
    private readonly ISmsSender _sms;
    private readonly NoticeTexts _texts;
    private readonly ILogger<NotificationGrain> _logger;
    private readonly ObserverManager<INotificationObserver> _observers;

    public NotificationGrain(
        [PersistentState("notices")] IPersistentState<NotificationState> notices,
        IClock clock,
        ISmsSender sms,
        NoticeTexts texts,
        ILogger<NotificationGrain> logger)
    {
        _notices = notices;
        _clock = clock;
        _sms = sms;
        _texts = texts;
        _logger = logger;
        _observers = new ObserverManager<INotificationObserver>(TimeSpan.FromMinutes(5), logger);
    }

    private string Iin => _notices.State.Iin;

    public async Task NotifyAsync(string parentIin, string key, string[] arguments, string? applicationNumber)
    {
        if (NotificationKeys.Inbox(parentIin) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The IIN does not belong to this inbox.", nameof(parentIin));
        }

        _notices.State.Iin = parentIin;
        var notice = new Notice(Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), _clock.GetCurrentInstant(), key, arguments, applicationNumber, false);
        _notices.State.Notices.Add(notice);
        if (_notices.State.Notices.Count > Keep)
        {
            _notices.State.Notices.RemoveRange(0, _notices.State.Notices.Count - Keep);
        }

        await _notices.WriteStateAsync();
        var unread = Unread();
        await _observers.Notify(o => o.OnNoticeAsync(Iin, notice, unread));
        await SendSmsAsync(notice);
    }

    public Task<IReadOnlyList<Notice>> GetAsync(int count) =>
        Task.FromResult<IReadOnlyList<Notice>>(_notices.State.Notices.AsEnumerable().Reverse().Take(Math.Clamp(count, 1, Keep)).ToList());

    public Task<int> UnreadCountAsync() => Task.FromResult(Unread());

    public async Task MarkAllReadAsync()
    {
        if (Unread() == 0)
        {
            return;
        }

        _notices.State.Notices = [.. _notices.State.Notices.Select(n => n with { Read = true })];
        await _notices.WriteStateAsync();
        await _observers.Notify(o => o.OnNoticeAsync(Iin, null, 0));
    }

    public Task SubscribeAsync(INotificationObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(INotificationObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private int Unread() => _notices.State.Notices.Count(n => !n.Read);

    // The portal notice is the record; an SMS that cannot be sent is logged, never lost silently.
    private async Task SendSmsAsync(Notice notice)
    {
        try
        {
            var account = await GrainFactory.GetGrain<IAccountGrain>(GrainKeys.Account(Iin)).GetAsync();
            if (account is null || !PhoneNumber.TryParse(account.Phone, out var phone))
            {
                return;
            }

            await _sms.SendAsync(phone.Value, _texts.Format(notice.Key, notice.Arguments, account.Language));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or InvalidOperationException)
        {
            _logger.LogError(ex, "SMS notice {Key} to {Iin} not sent", notice.Key, Mask.Iin(Iin));
        }
    }
}
