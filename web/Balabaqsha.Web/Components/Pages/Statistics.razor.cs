using System.Globalization;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Endpoints;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using NodaTime;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>
/// The public statistics of the visitor's locality (SPEC §9): per queue the applications waiting, by birth
/// year, entered and left this week and the median waiting time, the locality's total, and charts. The
/// tables render without a circuit; once it runs, the figures follow the queues live, re-rendered at most
/// once a second however often the queues report. Per queue also the free places and vouchers of its pools,
/// re-read with every queue report and every few seconds (pools report to the statistics without a push).
/// </summary>
public sealed partial class Statistics : IDisposable
{
    private static readonly TimeSpan RenderEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan VouchersEvery = TimeSpan.FromSeconds(5);
    private static readonly string[] VoucherColumns = ["Published", "Free", "Offered", "Accepted", "Annulled", "Outstanding", "Held", "Enrolled"];
    private static readonly string[] Palette = ["#0f7b6c", "#3b6fd4", "#d98b1f", "#b8433a", "#7a5bc7", "#2f9bb3", "#6b8e23", "#c2588f"];

    private readonly CircuitCulture _culture = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ITrace> _birthYearTraces = [];
    private readonly List<ITrace> _weekTraces = [];
    private FormFeedback _load = default!;
    private CatalogNames _names = CatalogNames.Empty;
    private string _cityId = PortalPreferences.DefaultCity;
    private string _cityName = string.Empty;
    private List<QueueStatistics>? _queues;
    private StatisticsTotals _totals = StatisticsTotals.Of([]);
    private IReadOnlyList<int> _years = [];
    private Dictionary<string, VoucherFigures> _vouchers = new(StringComparer.Ordinal);
    private Instant? _asOf;
    private IDisposable? _watch;
    private long _lastRender;
    private bool _renderScheduled;
    private PlotlyChart? _birthYearChart;
    private PlotlyChart? _weekChart;
    private Plotly.Blazor.Layout _birthYearLayout = new();
    private Plotly.Blazor.Layout _weekLayout = new();
    private Config _chartConfig = new();

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private LiveStatistics Live { get; set; } = default!;

    [Inject]
    private ILogger<Statistics> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _cityId = Preferences.CityId;
        _cityName = _cityId;
        BuildChartFrames();

        // Watch before loading, so a report that arrives meanwhile is not lost; the newer figures win.
        if (RendererInfo.IsInteractive)
        {
            _watch = Live.Watch(statistics => statistics.CityId == _cityId
                ? InvokeAsync(() => _culture.Run(() => Changed(statistics)))
                : Task.CompletedTask);
        }

        await _load.RunAsync(async () =>
        {
            _names = await CatalogNames.LoadAsync(Grains, Preferences.Language);
            _cityName = _names.City(_cityId);
            var loaded = await Live.GetCityAsync(_cityId);
            _queues = Merge(loaded, _queues ?? []);
            await ReadVouchersAsync();
        });
        Recalculate();
        if (RendererInfo.IsInteractive)
        {
            _ = RefreshVouchersPeriodicallyAsync();
        }
    }

    private static int VoucherValue(VoucherFigures figures, string column) => column switch
    {
        "Published" => figures.Published,
        "Free" => figures.Free,
        "Offered" => figures.Offered,
        "Accepted" => figures.Accepted,
        "Annulled" => figures.Annulled,
        "Held" => figures.Held,
        "Enrolled" => figures.Enrolled,
        _ => figures.Outstanding,
    };

    /// <summary>The enrollment columns (places held by a request, places taken) have their own keys.</summary>
    private static string VoucherHeader(string column) =>
        column is "Held" or "Enrolled" ? $"Statistics.Enrollment.{column}" : $"Statistics.Vouchers.{column}";

    private VoucherFigures Vouchers(QueueStatistics queue) => _vouchers.GetValueOrDefault(queue.QueueKey, VoucherFigures.None);

    private VoucherFigures VoucherTotals => VoucherFigures.Sum((_queues ?? []).Select(Vouchers));

    private async Task ReadVouchersAsync()
    {
        var pools = await Grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync();
        _vouchers = VoucherFigures.ByQueue(pools);
    }

    /// <summary>Re-reads the pools' figures; false when that failed (logged: the next reading retries).</summary>
    private async Task<bool> TryReadVouchersAsync()
    {
        try
        {
            await ReadVouchersAsync();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Statistics: reading the pools' figures failed");
            return false;
        }
    }

    private async Task RefreshVouchersPeriodicallyAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(VouchersEvery);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(() => _culture.Run(async () =>
                {
                    var before = _vouchers;
                    if (await TryReadVouchersAsync() && !Same(before, _vouchers))
                    {
                        StateHasChanged();
                    }
                }));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or JSDisconnectedException)
        {
            // The reader left: nothing to show any more.
        }
    }

    private static bool Same(Dictionary<string, VoucherFigures> before, Dictionary<string, VoucherFigures> after) =>
        before.Count == after.Count && before.All(pair => after.TryGetValue(pair.Key, out var figures) && figures == pair.Value);

    private string QueueName(QueueStatistics queue) => queue.QueueType == QueueType.Sanatorium
        ? L["Statistics.SanatoriumQueue", _names.Rehabilitation(queue.RehabilitationTypeId)]
        : L["Statistics.GeneralQueue"];

    private static string Number(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    private string Days(double? days) => days is { } value ? L["Statistics.Days", Math.Round(value).ToString("N0", CultureInfo.CurrentCulture)] : "—";

    private static string Raw(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Raw(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    private static int WaitingIn(IReadOnlyList<BirthYearCount> counts, int year) => counts.FirstOrDefault(c => c.BirthYear == year)?.Waiting ?? 0;

    /// <summary>The loaded figures in their order, each replaced by a newer live report; live-only queues at the end.</summary>
    private static List<QueueStatistics> Merge(IReadOnlyList<QueueStatistics> loaded, List<QueueStatistics> live)
    {
        var merged = loaded.Select(q => live.FirstOrDefault(l => l.QueueKey == q.QueueKey) is { } newer && newer.AsOf >= q.AsOf ? newer : q).ToList();
        merged.AddRange(live.Where(l => !loaded.Any(q => q.QueueKey == l.QueueKey)));
        return merged;
    }

    private void Changed(QueueStatistics statistics)
    {
        _queues ??= [];
        var index = _queues.FindIndex(q => q.QueueKey == statistics.QueueKey);
        if (index < 0)
        {
            _queues.Add(statistics);
        }
        else if (_queues[index].AsOf <= statistics.AsOf)
        {
            _queues[index] = statistics;
        }
        else
        {
            return;
        }

        if (!_renderScheduled)
        {
            _renderScheduled = true;
            var wait = RenderEvery - TimeSpan.FromMilliseconds(Environment.TickCount64 - _lastRender);
            _ = RenderLaterAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    private async Task RenderLaterAsync(TimeSpan wait)
    {
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _stop.Token);
            }

            await InvokeAsync(() => _culture.Run(RenderNowAsync));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or JSDisconnectedException)
        {
            // The reader left: nothing to show any more.
        }
    }

    private async Task RenderNowAsync()
    {
        _renderScheduled = false;
        _lastRender = Environment.TickCount64;
        var hadCharts = _birthYearChart is not null;
        await TryReadVouchersAsync();
        Recalculate();
        StateHasChanged();

        // A chart draws itself when it first appears; one already drawn is told about the new figures.
        if (hadCharts && _birthYearChart is not null && _weekChart is not null)
        {
            await _birthYearChart.React(_stop.Token);
            await _weekChart.React(_stop.Token);
        }
    }

    private void Recalculate()
    {
        var queues = _queues ?? [];
        _totals = StatisticsTotals.Of(queues);
        _years = [.. _totals.ByBirthYear.Select(b => b.BirthYear)];
        _asOf = queues.Count == 0 ? null : queues.Max(q => q.AsOf);

        var years = _years.Select(y => (object)Raw(y)).ToList();
        _birthYearTraces.Clear();
        _birthYearTraces.AddRange(queues.Select((queue, i) => new Bar
        {
            Name = QueueName(queue),
            X = years,
            Y = [.. _years.Select(y => (object)WaitingIn(queue.ByBirthYear, y))],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Palette[i % Palette.Length] },
        }));

        // Horizontal bars: the queues' names are long, and read better down the side than slanted along the bottom.
        var names = queues.Select(q => (object)Wrap(ShortQueueName(q))).ToList();
        _weekTraces.Clear();
        _weekTraces.Add(new Bar
        {
            Name = L["Statistics.EnteredThisWeek"],
            Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
            Y = names,
            X = [.. queues.Select(q => (object)q.EnteredThisWeek)],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Palette[0] },
        });
        _weekTraces.Add(new Bar
        {
            Name = L["Statistics.LeftThisWeek"],
            Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
            Y = names,
            X = [.. queues.Select(q => (object)q.LeftThisWeek)],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Palette[2] },
        });
        _weekLayout.Height = 120 + (queues.Count * 56);
    }

    private string ShortQueueName(QueueStatistics queue) =>
        queue.QueueType == QueueType.Sanatorium ? _names.Rehabilitation(queue.RehabilitationTypeId) : L["Statistics.GeneralQueue"];

    // Plotly breaks tick labels only at <br>; the names are catalog text, so they are escaped first.
    private static string Wrap(string text, int width = 22)
    {
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        return string.Join("<br>", lines.Select(l => System.Net.WebUtility.HtmlEncode(l)));
    }

    private void BuildChartFrames()
    {
        _chartConfig = new Config { Responsive = true, DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };
        _birthYearLayout = new Plotly.Blazor.Layout
        {
            BarMode = BarModeEnum.Stack,
            Height = 420,
            Margin = new Margin { T = 8, R = 8, B = 8, L = 8 },
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
            XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category, AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = L["Statistics.Waiting"] }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.NonNegative, AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, TraceOrder = Plotly.Blazor.LayoutLib.LegendLib.TraceOrderFlag.Normal }],
        };
        _weekLayout = new Plotly.Blazor.Layout
        {
            BarMode = BarModeEnum.Group,
            Height = 360,
            Margin = new Margin { T = 8, R = 8, B = 8, L = 8 },
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
            XAxis = [new XAxis { RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.NonNegative, AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True }],
            YAxis = [new YAxis { Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category, AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed, AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, TraceOrder = Plotly.Blazor.LayoutLib.LegendLib.TraceOrderFlag.Normal }],
        };
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
