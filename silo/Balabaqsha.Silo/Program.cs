using Balabaqsha.Silo.Hosting;

// A silo of the cluster mode: configuration names the PostgreSQL database (Balabaqsha:PostgresConnectionString).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
builder.AddBalabaqshaSilo();
var host = builder.Build();
host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(
    () => Console.WriteLine("Balabaqsha silo is running"));
await host.RunAsync();
