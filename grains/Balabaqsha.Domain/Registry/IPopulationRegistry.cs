using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Domain.Registry;

/// <summary>A person as the state population registry (ГБД ФЛ) knows them.</summary>
public sealed record RegistryPerson(
    string Iin,
    string Surname,
    string Name,
    string? Patronymic,
    Sex Sex,
    LocalDate BirthDate,
    string? Phone)
{
    public string FullName => Patronymic is null ? $"{Surname} {Name}" : $"{Surname} {Name} {Patronymic}";
}

public enum GuardianRelation
{
    Parent,
    Guardian,
}

/// <summary>A family of the registry: parents or legal representatives and their children.</summary>
public sealed record RegistryFamily(
    GuardianRelation Relation,
    IReadOnlyList<string> Guardians,
    IReadOnlyList<string> Children,
    bool Demo);

/// <summary>
/// The population registry (ГБД ФЛ) together with the mobile citizens' base (БМГ): who a person is,
/// whose child they are, and which phone is registered to them.
/// </summary>
public interface IPopulationRegistry
{
    RegistryPerson? Find(string iin);

    /// <summary>The children for whom this person is a parent or legal representative.</summary>
    IReadOnlyList<RegistryPerson> ChildrenOf(string guardianIin);

    IReadOnlyList<RegistryFamily> Families { get; }

    IReadOnlyList<RegistryPerson> People { get; }
}
