using System.Collections.Concurrent;
using System.Diagnostics;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Notifications;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Catalog;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Time;
using Balabaqsha.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace Balabaqsha.Benchmarks;

/// <summary>
/// Part 6 (issue: vouchers): N outstanding vouchers whose answer deadline is a few minutes ahead on the
/// real clock. N synthetic families apply through the grains, publications of N places in all (groups of at
/// most the catalog's 100 places) offer them N vouchers, then the portal clock is moved once so the common deadline (24:00 Almaty of the 2nd business
/// day) is <see cref="BenchmarkSizes.VoucherLead"/> ahead; from then on only real time passes. Measured: the
/// silo process's CPU while it waits (goal under 2 %) and how long after the deadline each voucher's
/// expiry took effect, from the "History.StopListed" line the enforcement writes with its own "now"
/// (goal: every one within 2 minutes).
/// </summary>
public static class VoucherBenchmark
{
    private const string Part = "6 vouchers and deadlines";
    private const int Parallelism = 32;
    private static readonly Duration Goal = Duration.FromMinutes(2);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(BenchDatabase database, BenchmarkSizes sizes, Figures figures)
    {
        var n = sizes.Vouchers;
        var birthYear = SystemClock.Instance.GetCurrentInstant().InZone(PortalClock.Almaty).Year - 3;
        var registry = new SyntheticRegistry(n, birthYear);
        var sms = new CountingSmsSender();
        var log = new LogCounter();

        // The development SMS outbox (one grain rewriting its last 500 messages per SMS) exists only with the
        // development controls, which the benchmark needs for the clock; production sends through an HTTP
        // gateway, here a counter.
        await using var silo = await BenchSilo.StartAsync(database, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IPopulationRegistry>(registry));
            services.Replace(ServiceDescriptor.Singleton<ISmsSender>(sms));
            services.AddSingleton<ILoggerProvider>(log);
        });
        var grains = silo.Grains;
        var sweeper = silo.Services.GetRequiredService<DeadlineSweeper>();

        // A locality of its own: general Russian groups of the largest capacity the catalog allows, in as many
        // kindergartens as it takes to have room for everyone.
        var city = "vb" + Guid.NewGuid().ToString("N")[..6];
        await grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Actor.System, new City(city, new LocalizedText(city, city, city), [new District("d1", new LocalizedText("d1", "d1", "d1"))]));
        var places = new List<(Actor Staff, string KindergartenId, string GroupId, int Places)>();
        for (var left = n; left > 0;)
        {
            var kindergartenId = $"{city}-{places.Count / KindergartenRules.MaxGroups + 1:D3}";
            var groups = new List<KindergartenGroup>();
            while (left > 0 && groups.Count < KindergartenRules.MaxGroups)
            {
                var capacity = Math.Min(left, KindergartenRules.MaxCapacity);
                groups.Add(new KindergartenGroup($"g{groups.Count + 1}", $"Группа {groups.Count + 1}", 1, 7, "ru", QueueType.General, null, capacity));
                left -= capacity;
            }

            var number = places.Count / KindergartenRules.MaxGroups + 1;
            await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).SaveAsync(Actor.System, new KindergartenProfile(
                kindergartenId, number, new LocalizedText("Бала", "Бала", "Bala"), city, "d1", "ул. Тестовая, 1", Ownership.State, ["ru"], "+77270000000", groups));
            var staff = new Actor("staff-" + kindergartenId, Role.KindergartenStaff, "Сотрудник ДО", city, kindergartenId);
            places.AddRange(groups.Select(g => (staff, kindergartenId, g.Id, g.Capacity)));
        }

        // N families register, add their child and apply.
        var numbers = new string[n];
        var watch = Stopwatch.StartNew();
        await ForAllAsync(n, async i =>
        {
            var parent = registry.Parents[i];
            await grains.GetGrain<IAccountGrain>(GrainKeys.Account(parent.Iin)).CreateParentAsync(RegistryPersonSnapshot.From(parent), parent.Phone!, "benchmark", "ru");
            var parentGrain = grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parent.Iin));
            await parentGrain.AddChildAsync(ParentActor(parent), registry.Children[i].Iin);
            numbers[i] = await parentGrain.SubmitApplicationAsync(ParentActor(parent), new ApplicationForm(
                QueueType.General, registry.Children[i].Iin, null, null, city, places[0].KindergartenId, "ru", null, null, true));
        });
        figures.Add(Part, $"{n:N0} families register, add the child, apply ({Parallelism} at a time)", Rate(n, watch.Elapsed));

        // N places published, a group's at a time: the pool offers N vouchers, one after another.
        var pool = grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(city, QueueType.General, null, "ru", birthYear));
        watch.Restart();
        foreach (var (staff, kindergartenId, groupId, count) in places)
        {
            await pool.PublishAsync(staff, kindergartenId, groupId, count);
        }

        var progress = new List<(TimeSpan At, int Offered)> { (TimeSpan.Zero, 0) };
        var view = await pool.GetAsync();
        var lastReport = TimeSpan.Zero;
        var lastChange = TimeSpan.Zero;
        while (view.Outstanding < n || view.Offered < n)
        {
            await Task.Delay(500);
            view = await pool.GetAsync();
            if (view.Offered > progress[^1].Offered)
            {
                lastChange = watch.Elapsed;
            }
            else if (watch.Elapsed - lastChange > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"The pool stopped offering at {view.Offered} of {n}: {view}");
            }

            progress.Add((watch.Elapsed, view.Offered));
            if (watch.Elapsed - lastReport >= TimeSpan.FromSeconds(30))
            {
                lastReport = watch.Elapsed;
                Console.WriteLine($"  (offered {view.Offered:N0} of {n:N0} vouchers after {watch.Elapsed.TotalSeconds:0} s)");
            }
        }

        var offering = watch.Elapsed;
        figures.Add(Part, $"offering {n:N0} vouchers ({places.Count} publications) until all are outstanding", Rate(n, offering));
        figures.Add(Part, "offers per second in the first tenth / the last tenth of the offering", $"{TenthRate(progress, n, first: true)} / {TenthRate(progress, n, first: false)}");

        // Every application holds its voucher; its answer deadline is the same for all offered the same day.
        var deadlines = new Instant[n];
        await ForAllAsync(n, async i =>
        {
            var application = await App(grains, numbers[i]).GetAsync(ParentActor(registry.Parents[i]));
            if (application is not { Status: ApplicationStatus.VoucherOffered, Deadline: { Kind: DeadlineKind.Answer } deadline })
            {
                throw new InvalidOperationException($"{numbers[i]} is {application.Status} after the offering, not VoucherOffered.");
            }

            deadlines[i] = deadline.At;
        });
        var common = deadlines.Min();
        var measured = deadlines.Count(d => d == common);
        if (measured < n)
        {
            Console.WriteLine($"  ({n - measured} offers were made after midnight Almaty: their deadline is a day later and they are left out)");
        }

        // The portal clock moves once: the deadline is the lead ahead; from here on only real time passes.
        var devClock = grains.GetGrain<IDevClockGrain>(GrainKeys.DevClock);
        var lead = Duration.FromTimeSpan(sizes.VoucherLead);
        var advance = common - (SystemClock.Instance.GetCurrentInstant() + await devClock.GetOffsetAsync()) - lead;
        if (advance < Duration.Zero)
        {
            throw new InvalidOperationException($"The deadline {common} is less than {lead} ahead already.");
        }

        var cpuAtJump = Environment.CpuUsage.TotalTime;
        var sinceJump = Stopwatch.StartNew();
        var offset = await devClock.AdvanceAsync(advance);
        var deadlineReal = common - offset;
        Console.WriteLine($"  (clock moved by {advance.TotalHours:0.0} h: the deadline {common.InZone(PortalClock.Almaty):yyyy-MM-dd HH:mm} Almaty is {sizes.VoucherLead.TotalSeconds:0} s ahead)");
        TimeSpan UntilDeadline() => (deadlineReal - SystemClock.Instance.GetCurrentInstant()).ToTimeSpan();

        // The jump passes 09:00 of the deadline's last business day: every application sends its
        // "last business day" reminder now (the sweeper sees them due at once). The idle window starts after.
        var settled = await SettleAsync(database, sweeper, offset, sinceJump, UntilDeadline);
        figures.Add(Part, $"last-day reminders the clock jump made due, until the deadline index has none due ({n:N0})", $"{settled.TotalSeconds:0.0} s");

        // Idle: nothing runs but the silo waiting for the deadline.
        var window = UntilDeadline() - TimeSpan.FromSeconds(1);
        if (window < TimeSpan.FromSeconds(5))
        {
            throw new InvalidOperationException($"No idle window left before the deadline ({window}): the lead is too short for the reminders.");
        }

        var slices = new List<double>();
        var cpuStart = Environment.CpuUsage.TotalTime;
        var idle = Stopwatch.StartNew();
        var slice = TimeSpan.FromSeconds(10);
        var cpuSlice = cpuStart;
        while (idle.Elapsed + slice <= window)
        {
            await Task.Delay(slice);
            var now = Environment.CpuUsage.TotalTime;
            slices.Add(Percent(now - cpuSlice, slice));
            cpuSlice = now;
        }

        await Task.Delay(window - idle.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        var idleCpu = Environment.CpuUsage.TotalTime - cpuStart;
        var idleWall = idle.Elapsed;
        var wholeLeadCpu = Environment.CpuUsage.TotalTime - cpuAtJump;
        var wholeLead = sinceJump.Elapsed;
        figures.Add(Part, $"silo process CPU while idle, % of all {Environment.ProcessorCount} cores ({idleWall.TotalSeconds:0} s window before the deadline)", Figures.Number(Percent(idleCpu, idleWall) / Environment.ProcessorCount, "0.00") + " %", "< 2 %");
        figures.Add(Part, "silo process CPU while idle, % of one core", Figures.Number(Percent(idleCpu, idleWall), "0.00") + " %");
        if (slices.Count > 0)
        {
            figures.Add(Part, "silo process CPU while idle, busiest 10 s slice, % of one core", Figures.Number(slices.Max(), "0.00") + " %");
        }

        figures.Add(Part, $"silo process CPU over the whole lead with the reminders ({wholeLead.TotalSeconds:0} s), % of all cores", Figures.Number(Percent(wholeLeadCpu, wholeLead) / Environment.ProcessorCount, "0.00") + " %");

        // The deadline passes: watch the pool take the vouchers back, cheaply.
        log.Reset();
        var released = await WatchReleasesAsync(pool, measured, UntilDeadline);
        var lines = new Duration?[n];
        var told = new Duration?[n];
        var holding = 0;
        await ForAllAsync(n, async i =>
        {
            var application = await App(grains, numbers[i]).GetAsync(ParentActor(registry.Parents[i]));
            if (application.Status == ApplicationStatus.VoucherOffered)
            {
                Interlocked.Increment(ref holding);
            }

            var stopListed = application.History.LastOrDefault(h => h.EventKey == "History.StopListed");
            lines[i] = stopListed is null ? null : stopListed.At - deadlines[i];

            // The notice is the enforcement's last step: the queue, the voucher, the next deadline are done.
            var notices = await grains.GetGrain<INotificationGrain>(NotificationKeys.Inbox(registry.Parents[i].Iin)).GetAsync(10);
            var notice = notices.FirstOrDefault(x => x.Key == "Notice.StopListed" && x.ApplicationNumber == numbers[i]);
            told[i] = notice is null ? null : notice.At - deadlines[i];
        });
        var latencies = Enumerable.Range(0, n).Where(i => deadlines[i] == common && lines[i] is not null).Select(i => lines[i]!.Value.TotalSeconds).Order().ToArray();
        var late = Enumerable.Range(0, n).Count(i => deadlines[i] == common && (lines[i] is null || lines[i]!.Value > Goal));
        figures.Add(Part, $"enforced after the deadline (History.StopListed − deadline), median, {measured:N0} vouchers", Seconds(Figures.Quantile(latencies, 0.5)));
        figures.Add(Part, "enforced after the deadline, p99", Seconds(Figures.Quantile(latencies, 0.99)));
        figures.Add(Part, "enforced after the deadline, max", Seconds(latencies.Length > 0 ? latencies[^1] : double.NaN), "≤ 2 min");
        figures.Add(Part, $"not enforced within 2 minutes (never: {measured - latencies.Length})", Figures.Number(late), "0");
        var tellings = Enumerable.Range(0, n).Where(i => deadlines[i] == common && told[i] is not null).Select(i => told[i]!.Value.TotalSeconds).Order().ToArray();
        figures.Add(Part, "enforcement done, parent told (Notice.StopListed − deadline), median / p99 / max", $"{Seconds(Figures.Quantile(tellings, 0.5))} / {Seconds(Figures.Quantile(tellings, 0.99))} / {Seconds(tellings.Length > 0 ? tellings[^1] : double.NaN)}");
        figures.Add(Part, $"parents not told within 2 minutes (never: {measured - tellings.Length})", Figures.Number(Enumerable.Range(0, n).Count(i => deadlines[i] == common && (told[i] is null || told[i]!.Value > Goal))), "0");
        figures.Add(Part, "vouchers back in the pool (its Annulled count) after the deadline, half / all", released.Figure);
        if (!released.All)
        {
            // Not all back in time: slow, or lost? Watch until the count stops moving.
            var (back, took) = await DrainAsync(pool, released.Start);
            var after = await pool.GetAsync();
            figures.Add(Part, $"vouchers back in the pool in the end (its count then still for a minute; last change {took.TotalSeconds:0} s after the {Patience.TotalMinutes:0} min)", $"{back:N0} of {measured:N0}");
            figures.Add(Part, "vouchers the pool still counts outstanding though their application is in the stop list", Figures.Number(after.Outstanding - holding), "0");
        }

        var logged = log.Counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:N0}").ToList();
        figures.Add(Part, "warnings and errors the silo logged from the deadline on, by source", logged.Count == 0 ? "none" : string.Join(", ", logged));
        Console.WriteLine($"  ({sms.Sent:N0} SMS to the counting gateway; the sweepers looked at {sweeper.Enforced:N0} applications)");
    }

    // Until the deadline index has nothing due on the portal clock and the sweeper is quiet.
    private static async Task<TimeSpan> SettleAsync(BenchDatabase database, DeadlineSweeper sweeper, Duration offset, Stopwatch sinceJump, Func<TimeSpan> untilDeadline)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var enforced = sweeper.Enforced;
        var quietAt = TimeSpan.MaxValue;
        while (untilDeadline() > TimeSpan.FromSeconds(10))
        {
            await Task.Delay(500);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM balabaqsha_deadline WHERE due_at <= $1", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (SystemClock.Instance.GetCurrentInstant() + offset).ToUnixTimeTicks() });
            var due = (long)(await command.ExecuteScalarAsync())!;
            var now = sweeper.Enforced;
            if (due == 0 && now == enforced && sinceJump.Elapsed > TimeSpan.FromSeconds(1))
            {
                // Quiet for a whole second: the last reminders' notices are written.
                if (quietAt == TimeSpan.MaxValue)
                {
                    quietAt = sinceJump.Elapsed;
                }
                else if (sinceJump.Elapsed - quietAt >= TimeSpan.FromSeconds(1))
                {
                    return quietAt;
                }
            }
            else
            {
                quietAt = TimeSpan.MaxValue;
            }

            enforced = now;
        }

        return sinceJump.Elapsed;
    }

    // Polls the pool's Annulled count every 250 ms from the deadline until all are back or the patience ends.
    private static async Task<(string Figure, int Start, bool All)> WatchReleasesAsync(IVoucherPoolGrain pool, int count, Func<TimeSpan> untilDeadline)
    {
        var wait = untilDeadline();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var since = Stopwatch.StartNew();
        var start = (await pool.GetAsync()).Annulled;
        TimeSpan? half = null;
        TimeSpan? all = null;
        while (since.Elapsed < Patience)
        {
            var annulled = (await pool.GetAsync()).Annulled - start;
            if (half is null && annulled >= (count + 1) / 2)
            {
                half = since.Elapsed;
            }

            if (annulled >= count)
            {
                all = since.Elapsed;
                break;
            }

            await Task.Delay(250);
        }

        var final = (await pool.GetAsync()).Annulled - start;
        var figure = $"{(half is { } h ? Seconds(h.TotalSeconds) : "not yet")} / {(all is { } a ? Seconds(a.TotalSeconds) : $"not yet: {final:N0} of {count:N0} after {Patience.TotalMinutes:0} min")}";
        return (figure, start, all is not null);
    }

    // After the patience: waits until the pool's Annulled count has not moved for a minute (at most half an
    // hour), so a release still queued is told from one that will never come.
    private static async Task<(int Released, TimeSpan Took)> DrainAsync(IVoucherPoolGrain pool, int start)
    {
        var watch = Stopwatch.StartNew();
        var last = (await pool.GetAsync()).Annulled;
        var lastChange = TimeSpan.Zero;
        var lastReport = TimeSpan.Zero;
        while (watch.Elapsed - lastChange < TimeSpan.FromMinutes(1) && watch.Elapsed < TimeSpan.FromMinutes(30))
        {
            await Task.Delay(1000);
            var annulled = (await pool.GetAsync()).Annulled;
            if (annulled != last)
            {
                last = annulled;
                lastChange = watch.Elapsed;
            }

            if (watch.Elapsed - lastReport >= TimeSpan.FromSeconds(30))
            {
                lastReport = watch.Elapsed;
                Console.WriteLine($"  ({last - start:N0} vouchers back in the pool {watch.Elapsed.TotalSeconds:0} s after the patience)");
            }
        }

        return (last - start, lastChange);
    }

    private static string TenthRate(List<(TimeSpan At, int Offered)> progress, int n, bool first)
    {
        var tenth = Math.Max(1, n / 10);
        var (from, to) = first ? (0, tenth) : (n - tenth, n);
        var start = progress.First(p => p.Offered >= from).At;
        var end = progress.First(p => p.Offered >= to).At;
        return end > start ? Figures.Number(tenth / (end - start).TotalSeconds) : "–";
    }

    private static Task ForAllAsync(int count, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) => await body(i));

    private static IApplicationGrain App(IGrainFactory grains, string number) => grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));

    private static Actor ParentActor(RegistryPerson parent) => new(parent.Iin, Role.Parent, parent.FullName, null, null);

    private static double Percent(TimeSpan cpu, TimeSpan wall) => cpu.TotalMilliseconds / wall.TotalMilliseconds * 100;

    private static string Rate(int count, TimeSpan elapsed) => $"{elapsed.TotalSeconds:0.0} s ({count / elapsed.TotalSeconds:0}/s)";

    private static string Seconds(double seconds) => double.IsNaN(seconds) ? "–" : Figures.Number(seconds, "0.00") + " s";

    /// <summary>Counts the silo's warnings and errors by the last part of their category (e.g. LocalReminderService).</summary>
    private sealed class LogCounter : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, int> Counts => _counts;

        public void Reset() => _counts.Clear();

        public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

        public void Dispose()
        {
        }

        private sealed class Counter(LogCounter owner, string source) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner._counts.AddOrUpdate(source, 1, (_, count) => count + 1);
                }
            }
        }
    }

    /// <summary>Stands in for the SMS gateway: counts.</summary>
    private sealed class CountingSmsSender : ISmsSender
    {
        private long _sent;

        public long Sent => Interlocked.Read(ref _sent);

        public Task SendAsync(string phone, string text, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _sent);
            return Task.CompletedTask;
        }
    }
}
