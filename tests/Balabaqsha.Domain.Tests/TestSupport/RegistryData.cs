using System.Text.Json;
using Balabaqsha.Domain.Registry;

namespace Balabaqsha.Domain.Tests.TestSupport;

/// <summary>The built-in registry, loaded once for all tests, and the raw JSON it was read from.</summary>
internal static class RegistryData
{
    public const int PeopleCount = 682;

    private static readonly Lazy<JsonPopulationRegistry> LazyRegistry = new(JsonPopulationRegistry.BuiltIn);

    public static JsonPopulationRegistry Registry => LazyRegistry.Value;

    /// <summary>iin, birthDate (ISO), sex ("M"/"F") of every person as the raw embedded JSON has them.</summary>
    public static IReadOnlyList<(string Iin, string BirthDate, string Sex)> RawPeople()
    {
        using var stream = typeof(JsonPopulationRegistry).Assembly
            .GetManifestResourceStream("Balabaqsha.Domain.Registry.people.json")
            ?? throw new InvalidOperationException("The embedded registry is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("people").EnumerateArray()
            .Select(p => (
                p.GetProperty("iin").GetString()!,
                p.GetProperty("birthDate").GetString()!,
                p.GetProperty("sex").GetString()!))
            .ToList();
    }
}
