using System.Collections.Concurrent;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Balabaqsha.Web.Tests;

/// <summary>A portal whose every log line is kept, to check that no personal data reaches the logs.</summary>
public sealed class LoggedPortalFactory : PortalFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new CapturingProvider(Lines));
        });
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + " " + exception);
    }
}

public sealed class PrivacyAndLimitsTests(LoggedPortalFactory portal) : IClassFixture<LoggedPortalFactory>
{
    [Fact]
    public async Task Logs_RegistrationAndSignIns_NeverHoldAnIinPhoneOrName()
    {
        _ = portal.Server;
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var registry = JsonPopulationRegistry.BuiltIn();
        var person = registry.Families.Where(f => !f.Demo).SelectMany(f => f.Guardians).Select(i => registry.Find(i)!).Where(p => p.Phone is not null).Skip(30).First();
        var identity = grains.GetGrain<IIdentityGrain>(0);

        await identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var sms = (await grains.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(10)).First(m => m.Phone == person.Phone);
        var verified = await identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, System.Text.RegularExpressions.Regex.Match(sms.Text, @"\b\d{6}\b").Value);
        await identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, "Private-2026", "Private-2026", "ru");
        for (var i = 0; i < 5; i++)
        {
            await identity.SignInAsync(LoginKind.Iin, person.Iin, "wrong-password");
        }

        await identity.SignInAsync(LoginKind.Phone, person.Phone!, "Private-2026");
        await Task.Delay(200); // the logger pipeline is synchronous, but grain calls may log just after answering

        var log = string.Join("\n", portal.Lines);
        Assert.Contains("registered", log, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Iin, log, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Phone!, log, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Phone![1..], log, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Surname, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityClient_ElevenCodeRequestsInAMinuteFromOneAddress_EleventhRefusedBeforeTheGrains()
    {
        _ = portal.Server;
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.7");
        var client = new IdentityClient(
            portal.Services.GetRequiredService<IGrainFactory>(),
            new ClientRateLimits(),
            new HttpContextAccessor { HttpContext = context });
        var keys = new List<string>();

        for (var i = 0; i < 11; i++)
        {
            var error = await Assert.ThrowsAsync<DomainException>(() => client.RequestCodeAsync(SmsPurpose.Registration, "+77010000000", "123", "ru"));
            keys.Add(error.MessageKey);
        }

        Assert.All(keys.Take(10), k => Assert.Equal("Error.Iin.Format", k));
        Assert.Equal("Error.RateLimited", keys[10]);
    }
}

public sealed class GrainKeyPrivacyTests
{
    [Fact]
    public void Keys_PersonalData_NeverAppearInGrainIds()
    {
        const string iin = "850814393150";
        const string phone = "+77019789856";
        const string email = "mama@mail.kz";

        var keys = new[]
        {
            GrainKeys.Account(iin), Balabaqsha.Abstractions.Applications.ApplicationKeys.Parent(iin),
            Balabaqsha.Abstractions.Notifications.NotificationKeys.Inbox(iin), GrainKeys.SmsPhone(phone),
            GrainKeys.PhoneIndex(phone), GrainKeys.EmailIndex(email), GrainKeys.SignInGuard("iin", iin),
        };

        Assert.All(keys, key => Assert.DoesNotContain(iin, key, StringComparison.Ordinal));
        Assert.All(keys, key => Assert.DoesNotContain(phone[1..], key, StringComparison.Ordinal));
        Assert.All(keys, key => Assert.DoesNotContain(email, key, StringComparison.Ordinal));
        Assert.Equal(GrainKeys.Account(iin), GrainKeys.Account(iin));
        Assert.NotEqual(GrainKeys.Account(iin), GrainKeys.Account("990105474223"));
    }
}
