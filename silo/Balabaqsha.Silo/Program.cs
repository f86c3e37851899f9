using Balabaqsha.Silo.Hosting;

// A silo of the cluster mode: configuration names the PostgreSQL database (Balabaqsha:PostgresConnectionString).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
builder.AddBalabaqshaSilo();
await builder.Build().RunAsync();
