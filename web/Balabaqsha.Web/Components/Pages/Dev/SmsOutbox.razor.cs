using System.Globalization;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Balabaqsha.Web.Components.Pages.Dev;

/// <summary>The development SMS outbox (SPEC §11), latest first, refreshed every two seconds.</summary>
public sealed partial class SmsOutbox
{
    private const int Count = 100;
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private IReadOnlyList<SentSms> _messages = [];
    private FormFeedback _form = default!;
    private Timer? _timer;
    private bool _enabled;
    private string? _filter;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private IOptions<PortalOptions> Options { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<SmsOutbox> Logger { get; set; } = default!;

    private IEnumerable<SentSms> Visible
    {
        get
        {
            if (string.IsNullOrWhiteSpace(_filter))
            {
                return _messages;
            }

            if (PhoneNumber.TryParse(_filter, out var phone))
            {
                return _messages.Where(m => m.Phone == phone.Value);
            }

            var digits = new string([.. _filter.Where(char.IsAsciiDigit)]);
            return _messages.Where(m => m.Phone.Contains(digits, StringComparison.Ordinal));
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _form = new FormFeedback(L, Logger);
        _enabled = Options.Value.DevelopmentControlsOn;
        if (!_enabled)
        {
            Navigation.NotFound();
            return;
        }

        await RefreshAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _enabled)
        {
            _timer = new Timer(_ => InvokeAsync(RefreshAsync), null, RefreshEvery, RefreshEvery);
        }
    }

    private async Task RefreshAsync()
    {
        await _form.RunAsync(async () =>
            _messages = await Grains.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(Count));
        StateHasChanged();
    }

    private void OnFilterChanged(string? filter) => _filter = filter;

    private static string AlmatyTime(Instant at) =>
        at.InZone(PortalClock.Almaty).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    public void Dispose() => _timer?.Dispose();
}
