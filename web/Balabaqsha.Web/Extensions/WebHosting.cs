using System.Globalization;
using System.Threading.RateLimiting;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Silo.Storage;
using Balabaqsha.Web.Components;
using Balabaqsha.Web.Endpoints;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.FluentUI.AspNetCore.Components;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Balabaqsha.Web.Extensions;

public static class WebHosting
{
    public const string HttpRateLimit = "http";

    /// <summary>
    /// The Orleans side of the web server: a co-hosted silo on SQLite in the embedded default, or a
    /// client of the PostgreSQL cluster in cluster mode.
    /// </summary>
    public static PortalOptions AddBalabaqshaBackend(this WebApplicationBuilder builder)
    {
        var clusterMode = !string.IsNullOrWhiteSpace(builder.Configuration[$"{PortalOptions.Section}:{nameof(PortalOptions.PostgresConnectionString)}"]);
        if (clusterMode)
        {
            builder.AddBalabaqshaClient();
        }
        else
        {
            builder.AddBalabaqshaSilo();
        }

        return builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
    }

    /// <summary>Blazor, FluentUI, localization, cookies, Data Protection and rate limits.</summary>
    public static WebApplicationBuilder AddBalabaqshaWeb(this WebApplicationBuilder builder, PortalOptions options)
    {
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<PortalPreferences>();
        builder.Services.AddScoped<IdentityClient>();
        builder.Services.AddScoped<DocumentUploads>();
        // Browser test suites send every flow from 127.0.0.1 and raise these; production keeps the defaults.
        builder.Services.AddSingleton(new ClientRateLimits(
            builder.Configuration.GetValue("Balabaqsha:RateLimits:CodesPerMinute", ClientRateLimits.DefaultCodesPerMinute),
            builder.Configuration.GetValue("Balabaqsha:RateLimits:SignInsPerMinute", ClientRateLimits.DefaultSignInsPerMinute)));
        builder.Services.AddSingleton<SignInTickets>();
        builder.Services.AddOptions<BrowserSigningOptions>()
            .Bind(builder.Configuration.GetSection(BrowserSigningOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DevClockService>();
        builder.Services.AddSingleton<LiveNotifications>();
        builder.Services.AddSingleton<LiveInboxes>();
        builder.Services.AddSingleton<LiveKindergartenInboxes>();
        builder.Services.AddSingleton<LiveQueues>();
        builder.Services.AddSingleton<LivePlaces>();
        builder.Services.AddSingleton<Hubs.QueueHubWatches>();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveStatistics>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb));

        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Balabaqsha");
        if (options.ClusterMode)
        {
            dataProtection.PersistKeysToBalabaqshaPostgres(options.PostgresConnectionString!);
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(options.DataFolder), "keys")));
        }

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "bq.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(HttpRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) }));
        });
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (builder.Configuration.GetValue<bool>("Balabaqsha:TrustForwardedHeaders"))
            {
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            }
        });
        return builder;
    }

    public static WebApplication UseBalabaqshaWeb(this WebApplication app, PortalOptions options)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        var cultures = Languages.All.Select(CultureInfo.GetCultureInfo).ToArray();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Languages.Default),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new CookieRequestCultureProvider()],
        });
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapDocumentEndpoints();
        app.MapContractEndpoints();
        app.MapHub<Hubs.QueueHub>(Hubs.QueueHub.Path);
        app.MapStatisticsEndpoints();
        if (options.DevelopmentControlsOn)
        {
            app.MapDevEndpoints();
        }

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.Lifetime.ApplicationStarted.Register(() => PrintAddresses(app));
        return app;
    }

    private static void PrintAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            Console.WriteLine($"Balabaqsha is running at {address}");
        }
    }
}
