using System.Xml.Linq;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Grains.Tests.Storage;

public sealed class PostgresXmlRepositoryTests
{
    [Fact]
    public async Task GetAllElements_TwoElementsStoredByAnotherInstance_ReturnsBoth()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var first = new XElement("key", new XAttribute("id", "1"), new XElement("secret", "alpha"));
        var second = new XElement("key", new XAttribute("id", "2"), new XElement("secret", "бета"));
        var writer = new PostgresXmlRepository(database.ConnectionString);
        writer.StoreElement(first, "key-1");
        writer.StoreElement(second, "key-2");

        var elements = new PostgresXmlRepository(database.ConnectionString).GetAllElements();

        Assert.Equal(2, elements.Count);
        Assert.Contains(elements, e => XNode.DeepEquals(e, first));
        Assert.Contains(elements, e => XNode.DeepEquals(e, second));
    }

    [Fact]
    public async Task StoreElement_SameFriendlyNameTwice_KeepsOneRowWithLatestXml()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var repository = new PostgresXmlRepository(database.ConnectionString);
        repository.StoreElement(new XElement("revocation", "old"), "revocation-1");
        repository.StoreElement(new XElement("revocation", "new"), "revocation-1");

        var element = Assert.Single(repository.GetAllElements());

        Assert.Equal("new", element.Value);
    }

    [Fact]
    public async Task PersistKeysToBalabaqshaPostgres_TwoWebServers_ReadEachOthersProtectedData()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        IDataProtector Server() => new ServiceCollection()
            .AddDataProtection()
            .SetApplicationName("balabaqsha")
            .PersistKeysToBalabaqshaPostgres(database.ConnectionString)
            .Services
            .BuildServiceProvider()
            .GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("auth-cookie");

        var protectedByFirst = Server().Protect("session of parent 42");
        var unprotectedBySecond = Server().Unprotect(protectedByFirst);

        Assert.Equal("session of parent 42", unprotectedBySecond);
        Assert.Single(new PostgresXmlRepository(database.ConnectionString).GetAllElements());
    }
}
