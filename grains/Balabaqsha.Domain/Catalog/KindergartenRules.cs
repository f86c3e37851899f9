using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Domain.Catalog;

/// <summary>A group as the catalog's rules see it; an empty <see cref="Id"/> is a new group.</summary>
public sealed record CatalogGroup(
    string Id,
    string? Name,
    int MinAgeYears,
    int MaxAgeYears,
    string? Language,
    QueueType QueueType,
    string? RehabilitationTypeId,
    int Capacity);

/// <summary>
/// A kindergarten as the catalog's rules see it. <see cref="Ownership"/> is the name of the form of ownership,
/// null when none valid was chosen; <see cref="Languages"/> are interface language codes.
/// </summary>
public sealed record CatalogKindergarten(
    string Id,
    int Number,
    string CityId,
    string? NameKk,
    string? NameRu,
    string? NameEn,
    string? DistrictId,
    string? Address,
    string? Phone,
    string? Ownership,
    IReadOnlyList<string> Languages,
    IReadOnlyList<CatalogGroup> Groups);

/// <summary>
/// What a kindergarten is checked against: the districts of its city, the rehabilitation types (id → still active),
/// the numbers the city's other kindergartens hold, and the free places each of its groups publishes now.
/// </summary>
public sealed record CatalogContext(
    IReadOnlyCollection<string> DistrictIds,
    IReadOnlyDictionary<string, bool> RehabilitationTypes,
    IReadOnlyCollection<int> NumbersTaken,
    IReadOnlyDictionary<string, int> PublishedPlaces);

/// <summary>
/// The kindergarten catalog (SPEC §1, §7): who may change what, and what a kindergarten must be. The administrator
/// and the operator of the kindergarten's city change everything and add kindergartens; the staff of a kindergarten
/// change only its groups. A group that publishes free places keeps what its pools are keyed by (ages, language,
/// queue, rehabilitation type) and at least those places.
/// </summary>
public static class KindergartenRules
{
    public const int MaxCapacity = 100;
    public const int MaxAgeYears = Children.ChildRules.MaxAgeYears;
    public const int MaxGroups = 40;
    public const int MaxTextLength = 200;
    public const int MaxNumber = 99999;

    /// <summary>The languages a kindergarten teaches in (the queues know no other).</summary>
    public static IReadOnlyList<string> TeachingLanguages { get; } = [Identity.Languages.Kazakh, Identity.Languages.Russian];

    /// <summary>True when the actor may change a kindergarten's details (name, address, …) and add kindergartens in the city.</summary>
    public static bool MayChangeDetails(Actor actor, string cityId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role == Role.Administrator || actor.IsOperatorOf(cityId);
    }

    /// <summary>True when the actor may change the groups of the kindergarten.</summary>
    public static bool MayChangeGroups(Actor actor, string cityId, string kindergartenId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return MayChangeDetails(actor, cityId) || (actor.Role == Role.KindergartenStaff && actor.KindergartenId == kindergartenId);
    }

    /// <summary>
    /// Decides a save of kindergarten <paramref name="kindergartenId"/> (<paramref name="before"/> is null for a new one):
    /// who may change what first, then the catalog's rules. Returns the kindergarten to keep, its new groups with ids;
    /// a refusal is a <see cref="DomainException"/>.
    /// </summary>
    public static CatalogKindergarten Save(Actor actor, string kindergartenId, CatalogKindergarten? before, CatalogKindergarten after, CatalogContext context)
    {
        RequireMayChange(actor, kindergartenId, before, after);
        Validate(before, after, context);
        return after with { Groups = WithIds(before, after.Groups) };
    }

    /// <summary>Refuses (Error.Access.Denied) whoever may not make this change.</summary>
    public static void RequireMayChange(Actor actor, string kindergartenId, CatalogKindergarten? before, CatalogKindergarten after)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(after);
        var allowed = after.Id == kindergartenId
            && (before is null ? MayChangeDetails(actor, after.CityId) : MayChangeGroups(actor, before.CityId, kindergartenId));
        if (!allowed)
        {
            throw new DomainException("Error.Access.Denied");
        }

        if (before is null)
        {
            return;
        }

        // The city's list of kindergartens is keyed by city: a kindergarten never moves to another one.
        if (after.CityId != before.CityId)
        {
            throw new DomainException("Error.CatalogEditor.CityFixed");
        }

        if (!MayChangeDetails(actor, before.CityId) && !SameDetails(before, after))
        {
            throw new DomainException("Error.CatalogEditor.StaffGroupsOnly");
        }
    }

    /// <summary>Checks a kindergarten against the catalog's rules, in the order of the editor's form.</summary>
    public static void Validate(CatalogKindergarten? before, CatalogKindergarten after, CatalogContext context)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(context);
        if (after.Number is < 1 or > MaxNumber)
        {
            throw new DomainException("Error.CatalogEditor.NumberInvalid");
        }

        if (context.NumbersTaken.Contains(after.Number))
        {
            throw new DomainException("Error.CatalogEditor.NumberTaken", after.Number);
        }

        Require(after.NameKk, "Error.CatalogEditor.NameRequired");
        Require(after.NameRu, "Error.CatalogEditor.NameRequired");
        Require(after.NameEn, "Error.CatalogEditor.NameRequired");
        if (after.DistrictId is null || !context.DistrictIds.Contains(after.DistrictId))
        {
            throw new DomainException("Error.CatalogEditor.DistrictRequired");
        }

        Require(after.Address, "Error.CatalogEditor.AddressRequired");
        if (!IsPhone(after.Phone))
        {
            throw new DomainException("Error.CatalogEditor.PhoneInvalid");
        }

        if (string.IsNullOrEmpty(after.Ownership))
        {
            throw new DomainException("Error.CatalogEditor.OwnershipRequired");
        }

        if (after.Languages.Count == 0 || after.Languages.Distinct(StringComparer.Ordinal).Count() != after.Languages.Count
            || !after.Languages.All(TeachingLanguages.Contains))
        {
            throw new DomainException("Error.CatalogEditor.LanguageRequired");
        }

        if (after.Groups.Count > MaxGroups)
        {
            throw new DomainException("Error.CatalogEditor.TooManyGroups", MaxGroups);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in after.Groups)
        {
            // A kindergarten's groups are those it had, and new ones (empty id); only a new kindergarten (the demo
            // seed) brings ids of its own.
            var previous = before?.Groups.FirstOrDefault(g => g.Id == group.Id);
            if (group.Id.Length > 0 && (!seen.Add(group.Id) || (before is not null && previous is null)))
            {
                throw new DomainException("Error.CatalogEditor.UnknownGroup");
            }

            ValidateGroup(group, previous, after.Languages, context);
        }

        foreach (var previous in before?.Groups ?? [])
        {
            var places = context.PublishedPlaces.GetValueOrDefault(previous.Id);
            if (places <= 0)
            {
                continue;
            }

            var now = after.Groups.FirstOrDefault(g => g.Id == previous.Id);
            if (now is null || !SamePool(previous, now))
            {
                throw new DomainException("Error.CatalogEditor.GroupHasPlaces", previous.Name ?? string.Empty, places);
            }

            if (now.Capacity < places)
            {
                throw new DomainException("Error.CatalogEditor.CapacityBelowPublished", previous.Name ?? string.Empty, places);
            }
        }
    }

    /// <summary>True when the text is a phone number as the catalog shows it: 10 to 15 digits, with + ( ) - and spaces.</summary>
    public static bool IsPhone(string? text) =>
        text?.Trim() is { Length: > 0 and <= MaxTextLength } phone
        && phone.Count(char.IsAsciiDigit) is >= 10 and <= 15
        && phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '(' or ')' or '-');

    private static void ValidateGroup(CatalogGroup group, CatalogGroup? previous, IReadOnlyList<string> languages, CatalogContext context)
    {
        var name = Require(group.Name, "Error.CatalogEditor.GroupNameRequired");
        if (group.MinAgeYears < 0 || group.MaxAgeYears > MaxAgeYears || group.MinAgeYears > group.MaxAgeYears)
        {
            throw new DomainException("Error.CatalogEditor.GroupAgesInvalid", name, MaxAgeYears);
        }

        if (group.Language is null || !languages.Contains(group.Language))
        {
            throw new DomainException("Error.CatalogEditor.GroupLanguageInvalid", name);
        }

        if (!Enum.IsDefined(group.QueueType))
        {
            throw new DomainException("Error.CatalogEditor.GroupQueueRequired", name);
        }

        if (group.QueueType == QueueType.Sanatorium)
        {
            // A type the administrator retired stays valid for a group that already has it, not for a new choice.
            var type = group.RehabilitationTypeId;
            if (type is null || !context.RehabilitationTypes.TryGetValue(type, out var active) || (!active && previous?.RehabilitationTypeId != type))
            {
                throw new DomainException("Error.CatalogEditor.GroupRehabilitationRequired", name);
            }
        }
        else if (group.RehabilitationTypeId is not null)
        {
            throw new DomainException("Error.CatalogEditor.GroupRehabilitationGeneral", name);
        }

        if (group.Capacity is < 1 or > MaxCapacity)
        {
            throw new DomainException("Error.CatalogEditor.GroupCapacityInvalid", name, MaxCapacity);
        }
    }

    /// <summary>New groups get ids of the form g-n; the id of a removed group is never reused (old publications name it).</summary>
    private static List<CatalogGroup> WithIds(CatalogKindergarten? before, IReadOnlyList<CatalogGroup> groups)
    {
        var taken = groups.Select(g => g.Id).Concat(before?.Groups.Select(g => g.Id) ?? []).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var next = 1;
        var result = new List<CatalogGroup>(groups.Count);
        foreach (var group in groups)
        {
            if (group.Id.Length > 0)
            {
                result.Add(group);
                continue;
            }

            string id;
            do
            {
                id = "g-" + next++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (!taken.Add(id));

            result.Add(group with { Id = id });
        }

        return result;
    }

    private static bool SamePool(CatalogGroup before, CatalogGroup after) =>
        after.MinAgeYears == before.MinAgeYears && after.MaxAgeYears == before.MaxAgeYears && after.Language == before.Language
        && after.QueueType == before.QueueType && after.RehabilitationTypeId == before.RehabilitationTypeId;

    private static bool SameDetails(CatalogKindergarten before, CatalogKindergarten after) =>
        before.Number == after.Number && Same(before.NameKk, after.NameKk) && Same(before.NameRu, after.NameRu) && Same(before.NameEn, after.NameEn)
        && before.DistrictId == after.DistrictId && Same(before.Address, after.Address) && Same(before.Phone, after.Phone)
        && before.Ownership == after.Ownership && before.Languages.ToHashSet(StringComparer.Ordinal).SetEquals(after.Languages);

    // The form trims what is typed: surrounding spaces are no change.
    private static bool Same(string? before, string? after) =>
        string.Equals(before?.Trim() ?? string.Empty, after?.Trim() ?? string.Empty, StringComparison.Ordinal);

    private static string Require(string? text, string messageKey) =>
        text?.Trim() is { Length: > 0 and <= MaxTextLength } value ? value : throw new DomainException(messageKey);
}
