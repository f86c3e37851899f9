using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Balabaqsha.Silo.Storage;

/// <summary>
/// The ASP.NET Core Data Protection key ring in PostgreSQL (table <c>dataprotectionkeys</c>, created
/// by <see cref="SchemaInstaller.ApplyPostgresAsync"/>), so that every web server of the cluster
/// can read the cookies and antiforgery tokens that another one issued.
/// </summary>
public sealed class PostgresXmlRepository : IXmlRepository
{
    private readonly string connectionString;

    public PostgresXmlRepository(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.connectionString = connectionString;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM dataprotectionkeys ORDER BY created NULLS FIRST, friendlyname;", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements.AsReadOnly();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // Data Protection names keys "key-<guid>"; a name without one still gets a unique row.
        var name = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            """
            INSERT INTO dataprotectionkeys (friendlyname, xml, created) VALUES (@name, @xml, now())
            ON CONFLICT (friendlyname) DO UPDATE SET xml = excluded.xml;
            """,
            connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
