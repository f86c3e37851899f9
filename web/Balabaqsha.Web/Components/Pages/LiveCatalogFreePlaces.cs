using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.JSInterop;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>
/// A page's <see cref="CatalogFreePlaces"/> of one locality, kept current once the page is interactive: re-read on
/// every report of a queue of the locality and every few seconds (pools report to the statistics without a push),
/// and the page re-rendered only when a figure changed. Created in the page's <c>OnInitialized</c>, with the page's
/// <c>InvokeAsync</c> and <c>StateHasChanged</c>, and disposed with the page.
/// </summary>
public sealed class LiveCatalogFreePlaces : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly LiveStatistics _live;
    private readonly ILogger _logger;
    private readonly Func<Func<Task>, Task> _invokeAsync;
    private readonly Action _changed;
    private readonly CircuitCulture _culture = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Reloader _reloader;
    private IDisposable? _watch;
    private string? _cityId;

    public LiveCatalogFreePlaces(IGrainFactory grains, LiveStatistics live, ILogger logger, Func<Func<Task>, Task> invokeAsync, Action changed)
    {
        _grains = grains;
        _live = live;
        _logger = logger;
        _invokeAsync = invokeAsync;
        _changed = changed;
        _reloader = new Reloader(RefreshAsync);
    }

    /// <summary>The figures as last read; empty before the first read and after <see cref="Clear"/>.</summary>
    public CatalogFreePlaces Current { get; private set; } = CatalogFreePlaces.Empty;

    /// <summary>Forgets the figures (the page moves to another locality or kindergarten).</summary>
    public void Clear()
    {
        _cityId = null;
        Current = CatalogFreePlaces.Empty;
    }

    /// <summary>Reads the figures of a locality, which the refreshes follow from then on.</summary>
    public async Task LoadAsync(string cityId)
    {
        _cityId = cityId;
        var free = await CatalogFreePlaces.LoadAsync(_grains, cityId);
        if (cityId == _cityId)
        {
            Current = free;
        }
    }

    /// <summary>Starts the live refreshes (once; a later call does nothing). Only on an interactive render.</summary>
    public void Follow()
    {
        if (_watch is not null)
        {
            return;
        }

        _watch = _live.Watch(statistics => statistics.CityId == _cityId
            ? _invokeAsync(() => _culture.Run(_reloader.RunAsync))
            : Task.CompletedTask);
        _ = RefreshPeriodicallyAsync();
    }

    private async Task RefreshAsync()
    {
        if (_cityId is not { } cityId)
        {
            return;
        }

        try
        {
            var free = await CatalogFreePlaces.LoadAsync(_grains, cityId);
            if (cityId == _cityId && !free.SameAs(Current))
            {
                Current = free;
                _changed();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A passing failure of a background refresh is not the reader's concern: the next one retries.
            _logger.LogWarning(ex, "Refreshing the free places of {City} failed", cityId);
        }
    }

    private async Task RefreshPeriodicallyAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(RefreshEvery);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _invokeAsync(() => _culture.Run(_reloader.RunAsync));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or JSDisconnectedException)
        {
            // The reader left.
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
