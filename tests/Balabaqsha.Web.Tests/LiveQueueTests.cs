using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Web.Hubs;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Balabaqsha.Web.Tests;

/// <summary>Live places on a web server: the watchers the pages use, and the public hub over real SignalR.</summary>
public sealed class LiveQueueTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 2, 1, 9, 0);

    private IGrainFactory Grains
    {
        get
        {
            _ = portal.Server;
            return portal.Services.GetRequiredService<IGrainFactory>();
        }
    }

    [Fact]
    public async Task LivePlaces_ManyConcurrentChangesAhead_EndsOnTheExactPlace_WithOneLinePerShift()
    {
        var (key, queue) = await NewQueueAsync(60);
        var places = portal.Services.GetRequiredService<LivePlaces>();
        var updates = new List<LivePlaceUpdate>();
        var (start, watch) = await places.WatchAsync(key, "N059", update =>
        {
            lock (updates)
            {
                updates.Add(update);
            }

            return Task.CompletedTask;
        });
        using (watch)
        {
            Assert.Equal(new QueuePlace(60, 60, 60), start);

            // 40 leave from ahead at once, 5 enter ahead, 5 enter behind: one-way notices may overtake each other.
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => queue.LeaveAsync($"N{i:D3}", QueueChangeReason.VoucherOffered))
                .Concat(Enumerable.Range(0, 5).Select(i => (Task)queue.EnterAsync(Entry($"E{i}", -10 - i), QueueChangeReason.DocumentsConfirmed)))
                .Concat(Enumerable.Range(0, 5).Select(i => (Task)queue.EnterAsync(Entry($"L{i}", 1000 + i), QueueChangeReason.Submitted))));

            var expected = await queue.GetPlaceAsync("N059");
            Assert.Equal(new QueuePlace(25, 25, 30), expected);
            await Eventually(() =>
            {
                lock (updates)
                {
                    return updates.Count > 0 && updates[^1].Place == expected;
                }
            });

            LivePlaceUpdate[] seen;
            lock (updates)
            {
                seen = [.. updates];
            }

            var lines = seen.SelectMany(u => u.Lines).ToList();
            Assert.Equal(40, lines.Count(l => l is { Reason: QueueChangeReason.VoucherOffered, Delta: -1 }));
            Assert.Equal(5, lines.Count(l => l is { Reason: QueueChangeReason.DocumentsConfirmed, Delta: 1, SubmittedEarlier: true }));
            Assert.DoesNotContain(lines, l => l.Reason == QueueChangeReason.Submitted);
        }

        await Eventually(() => places.Count == 0);
    }

    [Fact]
    public async Task Hub_WatchIn_PushesTheNewPlaceWhenTheHeadLeaves()
    {
        var (key, queue) = await NewQueueAsync(5);
        await using var hub = await ConnectAsync();
        var pushed = new TaskCompletionSource<HubPlace>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<HubPlace>(QueueHub.PlaceMessage, place => pushed.TrySetResult(place));

        var start = await hub.InvokeAsync<HubPlace?>("WatchIn", key, "N003");
        await queue.LeaveAsync("N000", QueueChangeReason.VoucherOffered);
        var moved = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((4, 5), (start!.Place, start.Total));
        Assert.Equal(("N003", 3, 4, -1, "VoucherOffered"), (moved.Number, moved.Place, moved.Total, moved.Delta, moved.Reason));
    }

    [Fact]
    public async Task Hub_RefusesMalformedInput_InTheClientsLanguage_AndAnswersNullForUnknownNumbers()
    {
        await using var hub = await ConnectAsync("en");

        var bad = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<HubPlace?>("Watch", "<script>"));
        var badQueue = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<HubPlace?>("WatchIn", "app:ALA-000001", "ALA-000001"));
        var unknown = await hub.InvokeAsync<HubPlace?>("Watch", "ZZZ-999999");

        Assert.True(bad.Message.Contains("ALA-000123", StringComparison.Ordinal), bad.Message);
        Assert.Contains("letters", bad.Message, StringComparison.Ordinal);
        Assert.Contains("ALA-000123", badQueue.Message, StringComparison.Ordinal);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task Hub_OneConnectionWatchesAtMostTwentyPlaces()
    {
        var (key, _) = await NewQueueAsync(QueueHub.MaxWatchesPerConnection + 1);
        await using var hub = await ConnectAsync("en");
        for (var i = 0; i < QueueHub.MaxWatchesPerConnection; i++)
        {
            Assert.NotNull(await hub.InvokeAsync<HubPlace?>("WatchIn", key, $"N{i:D3}"));
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<HubPlace?>("WatchIn", key, $"N{QueueHub.MaxWatchesPerConnection:D3}"));
        Assert.Contains("Too many", refused.Message, StringComparison.Ordinal);
    }

    private async Task<(string Key, IQueueGrain Queue)> NewQueueAsync(int size)
    {
        var key = QueueKeys.For("live" + Guid.NewGuid().ToString("N")[..8], QueueType.General, null);
        var queue = Grains.GetGrain<IQueueGrain>(key);
        for (var i = 0; i < size; i++)
        {
            await queue.EnterAsync(Entry($"N{i:D3}", i), QueueChangeReason.Submitted);
        }

        return (key, queue);
    }

    private async Task<HubConnection> ConnectAsync(string culture = "ru")
    {
        var server = portal.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, QueueHub.Path), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.Headers["Cookie"] = $".AspNetCore.Culture=c%3D{culture}%7Cuic%3D{culture}";
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static QueueEntry Entry(string number, int minutes) =>
        new(number, VoucherApplication.NoPriorityRank, T0 + Duration.FromMinutes(minutes), 2021);

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
