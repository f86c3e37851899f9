using Balabaqsha.Abstractions;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Dev;
using Balabaqsha.Grains.Identity;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Silo.Signatures;
using Balabaqsha.Silo.Sms;
using Balabaqsha.Silo.Storage;
using Balabaqsha.Silo.Storage.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using Orleans.Configuration;

namespace Balabaqsha.Silo.Hosting;

public static class SiloHosting
{
    /// <summary>Reads and checks the portal options; throws at start on a configuration that must not run.</summary>
    public static PortalOptions AddPortalOptions(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        var problems = PortalOptionsRules.Problems(options).ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(PortalOptions.Section, typeof(PortalOptions), problems);
        }

        GrainKeys.UsePseudonymKey(options.PseudonymKey);
        builder.Services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection(PortalOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(_ => new PortalClock(SystemClock.Instance));
        builder.Services.AddSingleton<IClock>(sp => sp.GetRequiredService<PortalClock>());
        builder.Services.AddSingleton<IPopulationRegistry>(_ => JsonPopulationRegistry.BuiltIn());
        builder.Services.AddHostedService(_ => new SchemaInstallerService(options));
        builder.Services.AddBalabaqshaDocumentStore(options);
        builder.Services.AddBalabaqshaSignatures(options);
        return options;
    }

    /// <summary>
    /// Runs a silo in this host: co-hosted by the web server in the embedded default (SQLite,
    /// localhost clustering), or as its own process in cluster mode (PostgreSQL).
    /// </summary>
    public static IHostApplicationBuilder AddBalabaqshaSilo(this IHostApplicationBuilder builder)
    {
        var options = builder.AddPortalOptions();
        builder.Services.AddBalabaqshaGrainServices(options);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            if (options.ClusterMode)
            {
                silo.UseBalabaqshaPostgresClustering(options.PostgresConnectionString!);
                if (options.AdvertisedIPAddress is { Length: > 0 } address)
                {
                    silo.ConfigureEndpoints(System.Net.IPAddress.Parse(address), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
                }
                else
                {
                    silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort);
                }

                silo.Configure<ClusterMembershipOptions>(ConfigureFailureDetection);
                silo.AddBalabaqshaStorage(StorageBackend.Postgres, options.PostgresConnectionString!);
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                silo.AddBalabaqshaStorage(StorageBackend.Sqlite, options.SqliteConnectionString);
            }
        });

        if (options.DevelopmentControlsOn)
        {
            builder.Services.AddHostedService<ClockSyncService>();
        }

        builder.Services.AddSingleton<DeadlineSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());

        if (options.SeedDemoDataOn)
        {
            builder.Services.AddSingleton<DemoSeeder>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        }

        return builder;
    }

    /// <summary>What the grains need from the silo's container besides the clock and the registry: the SMS sender and texts.</summary>
    public static IServiceCollection AddBalabaqshaGrainServices(this IServiceCollection services, PortalOptions options)
    {
        services.AddSingleton<SmsTexts>();
        services.AddSingleton<Balabaqsha.Grains.Notifications.NoticeTexts>();
        if (options.DevelopmentControlsOn)
        {
            services.AddSingleton<ISmsSender, DevelopmentSmsSender>();
        }
        else
        {
            services.AddHttpClient<ISmsSender, HttpSmsGateway>();
        }

        return services;
    }

    /// <summary>Connects this host to a silo cluster on PostgreSQL as an Orleans client (cluster mode web server).</summary>
    public static IHostApplicationBuilder AddBalabaqshaClient(this IHostApplicationBuilder builder)
    {
        var options = builder.AddPortalOptions();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            client.UseBalabaqshaPostgresClustering(options.PostgresConnectionString!);
        });
        if (options.DevelopmentControlsOn)
        {
            builder.Services.AddHostedService<ClockSyncService>();
        }

        return builder;
    }

    // A killed silo is declared dead within seconds, so its grains move to the survivors quickly.
    private static void ConfigureFailureDetection(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.NumMissedProbesLimit = 2;
        membership.NumVotesForDeathDeclaration = 1;
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(5);
    }

    private sealed class SchemaInstallerService(PortalOptions options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            options.ClusterMode
                ? SchemaInstaller.ApplyPostgresAsync(options.PostgresConnectionString!, cancellationToken)
                : SchemaInstaller.ApplySqliteAsync(options.SqliteConnectionString, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
