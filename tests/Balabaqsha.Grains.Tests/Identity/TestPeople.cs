using Balabaqsha.Domain.Registry;

namespace Balabaqsha.Grains.Tests.Identity;

/// <summary>
/// People of the fictional registry that identity tests may register: adults with a phone in every other
/// non-demo family (the application tests take the remaining families).
/// </summary>
internal static class TestPeople
{
    private static readonly JsonPopulationRegistry Registry = JsonPopulationRegistry.BuiltIn();

    private static readonly IReadOnlyList<RegistryPerson> FreeAdults =
    [
        .. Registry.Families.Where(f => !f.Demo).Where((_, i) => i % 2 == 0).SelectMany(f => f.Guardians).Distinct()
            .Select(iin => Registry.Find(iin)!).Where(p => p.Phone is not null),
    ];

    private static int _next;

    /// <summary>A person no other test in this run uses.</summary>
    public static RegistryPerson Next() => FreeAdults[Interlocked.Increment(ref _next) % FreeAdults.Count];

    /// <summary>A person with a child born 2021 or later (a preschooler in 2026–2027).</summary>
    public static RegistryPerson NextWithPreschooler()
    {
        while (true)
        {
            var person = Next();
            if (Registry.ChildrenOf(person.Iin).Any(c => c.BirthDate.Year >= 2021))
            {
                return person;
            }
        }
    }

    /// <summary>Someone else's registered phone, for the БМГ refusal.</summary>
    public static string PhoneOfSomeoneElse(RegistryPerson person) =>
        FreeAdults.First(p => p.Iin != person.Iin && p.Phone != person.Phone).Phone!;

    /// <summary>A child of the registry: valid IIN, no phone.</summary>
    public static RegistryPerson AnyChild() =>
        Registry.Find(Registry.Families.First(f => !f.Demo).Children[0])!;
}
