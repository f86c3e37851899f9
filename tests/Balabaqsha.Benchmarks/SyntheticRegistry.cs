using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using NodaTime;

namespace Balabaqsha.Benchmarks;

/// <summary>
/// A population registry of <c>families</c> synthetic families for the voucher benchmark: one parent with
/// a mobile phone and one child born in <c>childBirthYear</c>, every IIN valid (made by <see cref="Iin.Create"/>)
/// and distinct. Family i is <see cref="Parents"/>[i] with <see cref="Children"/>[i].
/// </summary>
public sealed class SyntheticRegistry : IPopulationRegistry
{
    private readonly Dictionary<string, RegistryPerson> _people;
    private readonly Dictionary<string, IReadOnlyList<RegistryPerson>> _children;

    public SyntheticRegistry(int families, int childBirthYear)
    {
        var parentIins = Iins(new LocalDate(1985, 1, 1), 3650, families);
        var childIins = Iins(new LocalDate(childBirthYear, 1, 1), 365, families);
        Parents = [.. parentIins.Select((iin, i) => new RegistryPerson(
            iin.Value, "Синтетов" + (iin.Sex == Sex.Female ? "а" : string.Empty), iin.Sex == Sex.Female ? "Айгерим" : "Ерлан", null, iin.Sex, iin.BirthDate,
            "+7701" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)))];
        Children = [.. childIins.Select(iin => new RegistryPerson(
            iin.Value, "Синтетов" + (iin.Sex == Sex.Female ? "а" : string.Empty), iin.Sex == Sex.Female ? "Дана" : "Алихан", null, iin.Sex, iin.BirthDate, null))];
        People = [.. Parents, .. Children];
        _people = People.ToDictionary(p => p.Iin, StringComparer.Ordinal);
        _children = new Dictionary<string, IReadOnlyList<RegistryPerson>>(families, StringComparer.Ordinal);
        var list = new List<RegistryFamily>(families);
        for (var i = 0; i < families; i++)
        {
            _children[Parents[i].Iin] = [Children[i]];
            list.Add(new RegistryFamily(GuardianRelation.Parent, [Parents[i].Iin], [Children[i].Iin], Demo: false));
        }

        Families = list;
    }

    public IReadOnlyList<RegistryPerson> Parents { get; }

    public IReadOnlyList<RegistryPerson> Children { get; }

    public IReadOnlyList<RegistryFamily> Families { get; }

    public IReadOnlyList<RegistryPerson> People { get; }

    public RegistryPerson? Find(string iin) => iin is null ? null : _people.GetValueOrDefault(iin);

    public IReadOnlyList<RegistryPerson> ChildrenOf(string guardianIin) =>
        guardianIin is not null && _children.TryGetValue(guardianIin, out var list) ? list : [];

    // Distinct valid IINs: birth dates cycle through `days` days from `first`, the serial grows each cycle,
    // the sex alternates; a (date, serial) that has no check digit is skipped.
    private static List<Iin> Iins(LocalDate first, int days, int count)
    {
        var result = new List<Iin>(count);
        for (var k = 0; result.Count < count; k++)
        {
            var serial = 1 + (k / days);
            if (serial > 9999)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "Too many synthetic people for the date range.");
            }

            if (Iin.Create(first.PlusDays(k % days), k % 2 == 0 ? Sex.Male : Sex.Female, serial) is { } iin)
            {
                result.Add(iin);
            }
        }

        return result;
    }
}
