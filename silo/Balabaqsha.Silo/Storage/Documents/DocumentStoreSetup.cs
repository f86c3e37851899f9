using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Balabaqsha.Silo.Storage.Documents;

public static class DocumentStoreSetup
{
    /// <summary>The folder under <see cref="PortalOptions.DataFolder"/> that holds the embedded default's documents.</summary>
    public const string FolderName = "documents";

    /// <summary>
    /// Registers the singleton <see cref="IDocumentStore"/>: PostgreSQL in cluster mode, files under
    /// <c>&lt;DataFolder&gt;/documents</c> in the embedded default. A second call changes nothing.
    /// </summary>
    public static IServiceCollection AddBalabaqshaDocumentStore(this IServiceCollection services, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClusterMode)
        {
            var connectionString = options.PostgresConnectionString!;
            services.TryAddSingleton<IDocumentStore>(_ => new PostgresDocumentStore(connectionString));
        }
        else
        {
            var root = Path.Combine(Path.GetFullPath(options.DataFolder), FolderName);
            services.TryAddSingleton<IDocumentStore>(_ => new FileDocumentStore(root));
        }

        return services;
    }
}
