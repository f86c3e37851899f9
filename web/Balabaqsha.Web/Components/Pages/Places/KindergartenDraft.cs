using System.Globalization;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Web.Components.Pages.Places;

/// <summary>A kindergarten as the operator's form holds it: the text as typed, checked only on save.</summary>
public sealed class KindergartenDraft
{
    /// <summary>The id of the kindergarten edited; null for a new one.</summary>
    public string? Id { get; init; }

    public string? Number { get; set; }

    public string? NameKk { get; set; }

    public string? NameRu { get; set; }

    public string? NameEn { get; set; }

    public string? DistrictId { get; set; }

    public string? Address { get; set; }

    public string? Phone { get; set; }

    public string? Ownership { get; set; } = nameof(Abstractions.Catalog.Ownership.State);

    public bool Kazakh { get; set; }

    public bool Russian { get; set; }

    public List<GroupDraft> Groups { get; init; } = [];

    public bool IsNew => Id is null;

    public static KindergartenDraft From(KindergartenProfile profile) => new()
    {
        Id = profile.Id,
        Number = profile.Number.ToString(CultureInfo.InvariantCulture),
        NameKk = profile.Name.Kk,
        NameRu = profile.Name.Ru,
        NameEn = profile.Name.En,
        DistrictId = profile.DistrictId,
        Address = profile.Address,
        Phone = profile.Phone,
        Ownership = profile.Ownership.ToString(),
        Kazakh = profile.Languages.Contains(Languages.Kazakh),
        Russian = profile.Languages.Contains(Languages.Russian),
        Groups = [.. profile.Groups.Select(GroupDraft.From)],
    };
}

/// <summary>A group of a <see cref="KindergartenDraft"/>.</summary>
public sealed class GroupDraft
{
    private static int _nextKey;

    /// <summary>The id of the group; null for a new one (it gets one on save).</summary>
    public string? Id { get; init; }

    /// <summary>Tells the rows of the form apart, new ones too.</summary>
    public string Key { get; } = "row-" + Interlocked.Increment(ref _nextKey).ToString(CultureInfo.InvariantCulture);

    public string? Name { get; set; }

    public string? MinAge { get; set; }

    public string? MaxAge { get; set; }

    public string? Language { get; set; }

    public string? QueueType { get; set; } = nameof(Domain.Applications.QueueType.General);

    public string? RehabilitationTypeId { get; set; }

    public string? Capacity { get; set; }

    public static GroupDraft From(KindergartenGroup group) => new()
    {
        Id = group.Id,
        Name = group.Name,
        MinAge = group.MinAgeYears.ToString(CultureInfo.InvariantCulture),
        MaxAge = group.MaxAgeYears.ToString(CultureInfo.InvariantCulture),
        Language = group.Language,
        QueueType = group.QueueType.ToString(),
        RehabilitationTypeId = group.RehabilitationTypeId,
        Capacity = group.Capacity.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The operator's edits of the kindergarten catalog of their city (SPEC §1, §7): role and scope first (an operator,
/// and only a kindergarten of their own city; the city of a saved profile is always theirs), then the catalog's
/// rules; a refusal is a <see cref="DomainException"/> and nothing is saved. A group that publishes free places
/// keeps what its pools are keyed by (ages, language, queue, rehabilitation type) and at least those places.
/// </summary>
public static class KindergartenCatalogEditing
{
    public const int MaxCapacity = 100;
    public const int MaxAgeYears = 7;
    public const int MaxGroups = 40;
    public const int MaxTextLength = 200;

    /// <summary>The kindergartens of the operator's city, by number.</summary>
    public static async Task<IReadOnlyList<KindergartenProfile>> ListAsync(IGrainFactory grains, Actor actor)
    {
        var cityId = CityOf(actor);
        return [.. (await grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(cityId)).GetAllAsync())
            .Where(k => actor.Role != Role.KindergartenStaff || k.Id == actor.KindergartenId)
            .OrderBy(k => k.Number)];
    }

    /// <summary>A kindergarten of the operator's city; another city's is refused, an unknown one is an error.</summary>
    public static async Task<KindergartenProfile> GetAsync(IGrainFactory grains, Actor actor, string kindergartenId)
    {
        var cityId = CityOf(actor);
        var profile = await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync()
            ?? throw new DomainException("Error.CatalogEditor.UnknownKindergarten");
        var theirs = profile.CityId == cityId && (actor.Role != Role.KindergartenStaff || profile.Id == actor.KindergartenId);
        return theirs ? profile : throw new DomainException("Error.Access.Denied");
    }

    /// <summary>Checks the draft and saves it as a kindergarten of the operator's city; returns what was saved.</summary>
    public static async Task<KindergartenProfile> SaveAsync(IGrainFactory grains, Actor actor, KindergartenDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var cityId = CityOf(actor);
        if (draft.Id is null && actor.Role == Role.KindergartenStaff)
        {
            throw new DomainException("Error.Access.Denied"); // staff keep their own kindergarten; only the operator adds one
        }

        var existing = draft.Id is { } id ? await GetAsync(grains, actor, id) : null;
        var cities = await grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        var city = cities.FirstOrDefault(c => c.Id == cityId) ?? throw new DomainException("Error.Staff.NoCity");
        var rehabilitationTypes = await grains.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).GetRehabilitationTypesAsync();
        var others = (await ListAsync(grains, actor)).Where(k => k.Id != existing?.Id).ToList();

        var number = ParseNumber(draft.Number);
        if (others.Any(k => k.Number == number))
        {
            throw new DomainException("Error.CatalogEditor.NumberTaken", number);
        }

        var name = new LocalizedText(Required(draft.NameKk, "Error.CatalogEditor.NameRequired"), Required(draft.NameRu, "Error.CatalogEditor.NameRequired"), Required(draft.NameEn, "Error.CatalogEditor.NameRequired"));
        var district = city.Districts.FirstOrDefault(d => d.Id == draft.DistrictId) ?? throw new DomainException("Error.CatalogEditor.DistrictRequired");
        var address = Required(draft.Address, "Error.CatalogEditor.AddressRequired");
        var phone = ParsePhone(draft.Phone);
        if (!Enum.TryParse<Ownership>(draft.Ownership, ignoreCase: false, out var ownership) || !Enum.IsDefined(ownership))
        {
            throw new DomainException("Error.CatalogEditor.OwnershipRequired");
        }

        List<string> languages = [.. new[] { (draft.Kazakh, Languages.Kazakh), (draft.Russian, Languages.Russian) }.Where(l => l.Item1).Select(l => l.Item2)];
        if (languages.Count == 0)
        {
            throw new DomainException("Error.CatalogEditor.LanguageRequired");
        }

        if (draft.Groups.Count > MaxGroups)
        {
            throw new DomainException("Error.CatalogEditor.TooManyGroups", MaxGroups);
        }

        var published = existing is null ? new Dictionary<string, int>() : await PublishedByGroupAsync(grains, existing);
        var groups = new List<KindergartenGroup>();
        foreach (var groupDraft in draft.Groups)
        {
            var before = existing?.Groups.FirstOrDefault(g => g.Id == groupDraft.Id);
            if (groupDraft.Id is not null && (before is null || groups.Any(g => g.Id == groupDraft.Id)))
            {
                throw new DomainException("Error.CatalogEditor.UnknownGroup");
            }

            var group = ParseGroup(groupDraft, languages, rehabilitationTypes, before);
            groups.Add(group with { Id = group.Id.Length > 0 ? group.Id : NewGroupId(groups, existing) });
        }

        foreach (var before in existing?.Groups ?? [])
        {
            var places = published.GetValueOrDefault(before.Id);
            if (places == 0)
            {
                continue;
            }

            var after = groups.FirstOrDefault(g => g.Id == before.Id);
            if (after is null || after.MinAgeYears != before.MinAgeYears || after.MaxAgeYears != before.MaxAgeYears || after.Language != before.Language
                || after.QueueType != before.QueueType || after.RehabilitationTypeId != before.RehabilitationTypeId)
            {
                throw new DomainException("Error.CatalogEditor.GroupHasPlaces", before.Name, places);
            }

            if (after.Capacity < places)
            {
                throw new DomainException("Error.CatalogEditor.CapacityBelowPublished", before.Name, places);
            }
        }

        var profile = new KindergartenProfile(
            existing?.Id ?? await NewKindergartenIdAsync(grains, cityId, others),
            number,
            name,
            cityId,
            district.Id,
            address,
            ownership,
            languages,
            phone,
            groups);
        await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(profile.Id)).SaveAsync(profile);
        return profile;
    }

    private static string CityOf(Actor actor) =>
        actor.Role is Role.Operator or Role.KindergartenStaff && actor.CityId is { Length: > 0 } cityId ? cityId : throw new DomainException("Error.Access.Denied");

    private static KindergartenGroup ParseGroup(GroupDraft draft, IReadOnlyList<string> languages, IReadOnlyList<CatalogEntry> rehabilitationTypes, KindergartenGroup? before)
    {
        var name = Required(draft.Name, "Error.CatalogEditor.GroupNameRequired");
        if (!TryParse(draft.MinAge, out var minAge) || !TryParse(draft.MaxAge, out var maxAge) || minAge > MaxAgeYears || maxAge > MaxAgeYears || minAge > maxAge)
        {
            throw new DomainException("Error.CatalogEditor.GroupAgesInvalid", name, MaxAgeYears);
        }

        if (draft.Language is null || !languages.Contains(draft.Language))
        {
            throw new DomainException("Error.CatalogEditor.GroupLanguageInvalid", name);
        }

        if (!Enum.TryParse<QueueType>(draft.QueueType, ignoreCase: false, out var queueType) || !Enum.IsDefined(queueType))
        {
            throw new DomainException("Error.CatalogEditor.GroupQueueRequired", name);
        }

        string? rehabilitation = null;
        if (queueType == QueueType.Sanatorium)
        {
            // A type the administrator retired stays valid for a group that already has it, not for a new choice.
            rehabilitation = draft.RehabilitationTypeId;
            var known = rehabilitationTypes.FirstOrDefault(t => t.Id == rehabilitation);
            if (known is null || (!known.Active && before?.RehabilitationTypeId != rehabilitation))
            {
                throw new DomainException("Error.CatalogEditor.GroupRehabilitationRequired", name);
            }
        }

        if (!TryParse(draft.Capacity, out var capacity) || capacity is < 1 or > MaxCapacity)
        {
            throw new DomainException("Error.CatalogEditor.GroupCapacityInvalid", name, MaxCapacity);
        }

        return new KindergartenGroup(before?.Id ?? string.Empty, name, minAge, maxAge, draft.Language, queueType, rehabilitation, capacity);
    }

    /// <summary>The places each group of a kindergarten publishes now, over all its pools.</summary>
    private static async Task<Dictionary<string, int>> PublishedByGroupAsync(IGrainFactory grains, KindergartenProfile profile)
    {
        var pools = await grains.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync();
        return pools.SelectMany(p => p.Publications)
            .Where(p => p.KindergartenId == profile.Id && p.Places > 0)
            .GroupBy(p => p.GroupId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Places), StringComparer.Ordinal);
    }

    private static string NewGroupId(IReadOnlyList<KindergartenGroup> groups, KindergartenProfile? existing)
    {
        // Never reuse the id of a removed group: its old publications name it.
        var taken = groups.Select(g => g.Id).Concat(existing?.Groups.Select(g => g.Id) ?? []).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var id = "g-" + n.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(id))
            {
                return id;
            }
        }
    }

    private static async Task<string> NewKindergartenIdAsync(IGrainFactory grains, string cityId, IReadOnlyList<KindergartenProfile> others)
    {
        var taken = others.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        for (var n = others.Count + 1; ; n++)
        {
            var id = $"{cityId}-{n:D3}";
            if (!taken.Contains(id) && await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(id)).GetAsync() is null)
            {
                return id;
            }
        }
    }

    private static int ParseNumber(string? text) =>
        TryParse(text?.TrimStart('№', '#'), out var number) && number is >= 1 and <= 99999 ? number : throw new DomainException("Error.CatalogEditor.NumberInvalid");

    private static string ParsePhone(string? text)
    {
        var phone = Required(text, "Error.CatalogEditor.PhoneInvalid");
        var digits = phone.Count(char.IsAsciiDigit);
        return digits is >= 10 and <= 15 && phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '(' or ')' or '-')
            ? phone
            : throw new DomainException("Error.CatalogEditor.PhoneInvalid");
    }

    private static string Required(string? text, string messageKey) =>
        text?.Trim() is { Length: > 0 and <= MaxTextLength } value ? value : throw new DomainException(messageKey);

    private static bool TryParse(string? text, out int value) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
