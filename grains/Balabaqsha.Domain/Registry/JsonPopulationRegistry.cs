using System.Text.Json;
using System.Text.Json.Serialization;
using Balabaqsha.Domain.Identity;
using NodaTime.Text;

namespace Balabaqsha.Domain.Registry;

/// <summary>The registry read from a JSON data set; by default the fictional one shipped with the project.</summary>
public sealed class JsonPopulationRegistry : IPopulationRegistry
{
    private readonly Dictionary<string, RegistryPerson> _people;
    private readonly Dictionary<string, List<RegistryPerson>> _children = [];

    public JsonPopulationRegistry(Stream json)
    {
        var data = JsonSerializer.Deserialize<RegistryFile>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException("The registry data set is empty.");
        People = data.People.Select(ToPerson).ToList();
        _people = People.ToDictionary(p => p.Iin);
        Families = data.Families.Select(f => new RegistryFamily(
            f.Relation == "guardian" ? GuardianRelation.Guardian : GuardianRelation.Parent,
            f.Guardians,
            f.Children,
            f.Demo)).ToList();
        foreach (var family in Families)
        {
            foreach (var guardian in family.Guardians)
            {
                if (!_children.TryGetValue(guardian, out var list))
                {
                    _children[guardian] = list = [];
                }

                list.AddRange(family.Children.Select(c => _people[c]));
            }
        }
    }

    /// <summary>The fictional registry shipped with the project (demo data and tests).</summary>
    public static JsonPopulationRegistry BuiltIn()
    {
        using var stream = typeof(JsonPopulationRegistry).Assembly
            .GetManifestResourceStream("Balabaqsha.Domain.Registry.people.json")
            ?? throw new InvalidOperationException("The built-in registry data set is missing.");
        return new JsonPopulationRegistry(stream);
    }

    public IReadOnlyList<RegistryFamily> Families { get; }

    public IReadOnlyList<RegistryPerson> People { get; }

    public RegistryPerson? Find(string iin) => iin is null ? null : _people.GetValueOrDefault(iin);

    public IReadOnlyList<RegistryPerson> ChildrenOf(string guardianIin) =>
        _children.TryGetValue(guardianIin, out var list) ? list : [];

    private static RegistryPerson ToPerson(PersonRow row) => new(
        row.Iin,
        row.Surname,
        row.Name,
        string.IsNullOrWhiteSpace(row.Patronymic) ? null : row.Patronymic,
        row.Sex == "F" ? Sex.Female : Sex.Male,
        LocalDatePattern.Iso.Parse(row.BirthDate).GetValueOrThrow(),
        row.Phone);

    private sealed record RegistryFile(
        [property: JsonPropertyName("people")] List<PersonRow> People,
        [property: JsonPropertyName("families")] List<FamilyRow> Families);

    private sealed record PersonRow(string Iin, string Surname, string Name, string? Patronymic, string Sex, string BirthDate, string? Phone);

    private sealed record FamilyRow(string Relation, List<string> Guardians, List<string> Children, bool Demo);
}
