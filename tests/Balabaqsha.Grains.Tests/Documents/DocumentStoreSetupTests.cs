using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Silo.Storage.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Grains.Tests.Documents;

public sealed class DocumentStoreSetupTests
{
    [Fact]
    public void AddBalabaqshaDocumentStore_EmbeddedDefault_FilesUnderDataFolderDocuments()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "bq-setup-" + Guid.NewGuid().ToString("N"));
        using var services = new ServiceCollection()
            .AddBalabaqshaDocumentStore(new PortalOptions { DataFolder = dataFolder })
            .BuildServiceProvider();

        var store = Assert.IsType<FileDocumentStore>(services.GetRequiredService<IDocumentStore>());

        Assert.Equal(Path.Combine(dataFolder, "documents"), store.Root);
        Assert.Same(store, services.GetRequiredService<IDocumentStore>());
    }

    [Fact]
    public void AddBalabaqshaDocumentStore_ClusterModeCalledTwice_OnePostgresStore()
    {
        var options = new PortalOptions { PostgresConnectionString = "Host=127.0.0.1;Database=unused" };
        var collection = new ServiceCollection().AddBalabaqshaDocumentStore(options).AddBalabaqshaDocumentStore(options);
        using var services = collection.BuildServiceProvider();

        Assert.Single(collection, d => d.ServiceType == typeof(IDocumentStore));
        Assert.IsType<PostgresDocumentStore>(services.GetRequiredService<IDocumentStore>());
    }
}
