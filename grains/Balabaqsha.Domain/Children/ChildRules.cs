using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using NodaTime;

namespace Balabaqsha.Domain.Children;

/// <summary>«Добавить ребенка»: which IIN a parent may add as their child.</summary>
public static class ChildRules
{
    public const int MaxAgeYears = 7;

    /// <summary>The registry's child, or a <see cref="DomainException"/> saying why it can't be added.</summary>
    public static RegistryPerson Check(string parentIin, string? childIin, IPopulationRegistry registry, LocalDate today, IReadOnlyCollection<string> alreadyAdded)
    {
        var iin = Iin.Parse(childIin);
        var child = registry.Find(iin.Value) ?? throw new DomainException("Error.Registry.UnknownIin");
        if (!registry.ChildrenOf(parentIin).Any(c => c.Iin == child.Iin))
        {
            throw new DomainException("Error.Child.NotYourChild");
        }

        if (alreadyAdded.Contains(child.Iin))
        {
            throw new DomainException("Error.Child.AlreadyAdded");
        }

        if (child.BirthDate.PlusYears(MaxAgeYears) <= today)
        {
            throw new DomainException("Error.Child.TooOld");
        }

        return child;
    }
}
