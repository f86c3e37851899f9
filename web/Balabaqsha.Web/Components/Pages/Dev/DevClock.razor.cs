using System.Globalization;
using Balabaqsha.Domain.Time;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Balabaqsha.Web.Components.Pages.Dev;

/// <summary>The portal clock (SPEC §11): the current Almaty time and moving it forward.</summary>
public sealed partial class DevClock
{
    private static readonly LocalDateTimePattern[] TargetPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss"),
    ];

    private FormFeedback _form = default!;
    private Timer? _timer;
    private bool _enabled;
    private string? _target;

    [Inject]
    private DevClockService Clock { get; set; } = default!;

    [Inject]
    private IOptions<PortalOptions> Options { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<DevClock> Logger { get; set; } = default!;

    private string AlmatyNow => Format(Clock.Now);

    private string OffsetText => Clock.Offset.ToString("-D':'hh':'mm':'ss", CultureInfo.InvariantCulture);

    protected override void OnInitialized()
    {
        _form = new FormFeedback(L, Logger);
        _enabled = Options.Value.DevelopmentControlsOn;
        if (!_enabled)
        {
            Navigation.NotFound();
            return;
        }

        _target = Clock.Now.InZone(PortalClock.Almaty).LocalDateTime.PlusHours(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _enabled)
        {
            _timer = new Timer(_ => InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    private async Task AdvanceAsync(Duration by)
    {
        Instant now = default;
        if (await _form.RunAsync(async () => now = await Clock.AdvanceAsync(by)))
        {
            _form.Succeed(L["Dev.Clock.Moved", Format(now)]);
        }
    }

    private async Task MoveToTargetAsync()
    {
        var local = TargetPatterns.Select(p => p.Parse(_target ?? string.Empty)).FirstOrDefault(r => r.Success);
        if (local is null)
        {
            _form.Fail("Error.Clock.Moment");
            return;
        }

        var by = PortalClock.Almaty.AtLeniently(local.Value).ToInstant() - Clock.Now;
        if (by <= Duration.Zero)
        {
            _form.Fail("Error.Clock.Past");
            return;
        }

        await AdvanceAsync(by);
    }

    private static string Format(Instant instant) =>
        instant.InZone(PortalClock.Almaty).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    public void Dispose() => _timer?.Dispose();
}
