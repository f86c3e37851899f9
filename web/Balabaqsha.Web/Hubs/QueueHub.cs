using System.Collections.Concurrent;
using System.Globalization;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace Balabaqsha.Web.Hubs;

/// <summary>A place as the public hub sends it: no personal data, only the public number and figures.</summary>
public sealed record HubPlace(
    string Number,
    string QueueKey,
    int? Place,
    int? BirthYearPlace,
    int? Total,
    int Delta,
    int BirthYearDelta,
    string? Reason,
    DateTimeOffset? At);

/// <summary>
/// The public live-place hub (<c>/hubs/queue</c>) for mobile apps and dashboards: <c>Watch(number)</c>
/// answers the place now and then pushes <c>place</c> messages whenever it changes. No sign-in: it shows
/// only what the public look-up shows. Each connection watches at most <see cref="MaxWatchesPerConnection"/> places.
/// </summary>
public sealed class QueueHub(
    IGrainFactory grains,
    LivePlaces places,
    QueueHubWatches watches,
    IHubContext<QueueHub> hub,
    IStringLocalizer<SharedResource> localizer) : Hub
{
    public const string Path = "/hubs/queue";
    public const string PlaceMessage = "place";
    public const int MaxWatchesPerConnection = 20;

    /// <summary>Watches an application's place by its public number; null when it is not waiting in a queue.</summary>
    public async Task<HubPlace?> Watch(string number)
    {
        if (!PublicNumbers.Plausible(number))
        {
            throw Refuse("Error.Lookup.BadNumber");
        }

        var found = await grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).GetPublicAsync();
        if (found?.Place is null)
        {
            return null;
        }

        return await WatchInAsync(QueueKeys.For(found.CityId, found.QueueType, found.RehabilitationTypeId), number);
    }

    /// <summary>Watches a number in a named queue (for dashboards that know the queue).</summary>
    public Task<HubPlace?> WatchIn(string queueKey, string number)
    {
        if (!PublicNumbers.Plausible(number) || !PublicNumbers.PlausibleQueue(queueKey))
        {
            throw Refuse("Error.Lookup.BadNumber");
        }

        return WatchInAsync(queueKey, number);
    }

    /// <summary>Stops watching a number.</summary>
    public Task Unwatch(string number)
    {
        watches.Stop(Context.ConnectionId, number);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watches.StopAll(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private async Task<HubPlace?> WatchInAsync(string queueKey, string number)
    {
        var connection = Context.ConnectionId;
        if (!watches.CanAdd(connection, number))
        {
            throw Refuse("Error.Lookup.TooManyWatches");
        }

        var client = hub.Clients.Client(connection);
        var (place, watch) = await places.WatchAsync(queueKey, number, update => client.SendAsync(PlaceMessage, ToHub(queueKey, update)));
        if (place is null)
        {
            watch.Dispose();
            return null;
        }

        if (!watches.Add(connection, number, watch))
        {
            watch.Dispose();
        }

        return new HubPlace(number, queueKey, place.Place, place.BirthYearPlace, place.Total, 0, 0, null, null);
    }

    // In the language the client asked for when it connected (culture cookie or Accept-Language).
    private HubException Refuse(string key)
    {
        var culture = Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            if (culture is not null)
            {
                CultureInfo.CurrentUICulture = culture;
            }

            return new HubException(localizer[key]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static HubPlace ToHub(string queueKey, LivePlaceUpdate update)
    {
        var delta = update.Lines.Sum(l => l.Delta);
        var yearDelta = update.Lines.Sum(l => l.BirthYearDelta);
        var last = update.Lines.Count > 0 ? update.Lines[^1] : null;
        return new HubPlace(
            update.Number, queueKey, update.Place?.Place, update.Place?.BirthYearPlace, update.Place?.Total, delta, yearDelta,
            last?.Reason.ToString(), last?.At.ToDateTimeOffset());
    }
}

/// <summary>The hub's watches per connection, so a disconnect stops them all.</summary>
public sealed class QueueHubWatches
{
    private readonly ConcurrentDictionary<string, Dictionary<string, IDisposable>> _byConnection = new(StringComparer.Ordinal);

    public bool CanAdd(string connectionId, string number)
    {
        if (!_byConnection.TryGetValue(connectionId, out var watches))
        {
            return true;
        }

        lock (watches)
        {
            return watches.ContainsKey(number) || watches.Count < QueueHub.MaxWatchesPerConnection;
        }
    }

    public bool Add(string connectionId, string number, IDisposable watch)
    {
        var watches = _byConnection.GetOrAdd(connectionId, _ => new Dictionary<string, IDisposable>(StringComparer.Ordinal));
        lock (watches)
        {
            if (watches.Count >= QueueHub.MaxWatchesPerConnection && !watches.ContainsKey(number))
            {
                return false;
            }

            if (watches.Remove(number, out var previous))
            {
                previous.Dispose();
            }

            watches[number] = watch;
            return true;
        }
    }

    public void Stop(string connectionId, string number)
    {
        if (_byConnection.TryGetValue(connectionId, out var watches))
        {
            lock (watches)
            {
                if (watches.Remove(number, out var watch))
                {
                    watch.Dispose();
                }
            }
        }
    }

    public void StopAll(string connectionId)
    {
        if (_byConnection.TryRemove(connectionId, out var watches))
        {
            lock (watches)
            {
                foreach (var watch in watches.Values)
                {
                    watch.Dispose();
                }

                watches.Clear();
            }
        }
    }
}

/// <summary>What a public number and a queue key look like; anything else is not worth a grain call.</summary>
public static class PublicNumbers
{
    public static bool Plausible(string? number) =>
        number is { Length: > 0 and <= 32 } && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public static bool PlausibleQueue(string? queueKey)
    {
        if (queueKey is not { Length: > 0 and <= 120 } || !queueKey.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or ':'))
        {
            return false;
        }

        try
        {
            _ = QueueKeys.Parse(queueKey);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
