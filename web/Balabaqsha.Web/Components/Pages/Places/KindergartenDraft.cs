using System.Globalization;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Catalog;
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

    /// <summary>
    /// The form as a profile of kindergarten <paramref name="id"/> in <paramref name="cityId"/>: texts trimmed, and
    /// what does not parse (a number, an age, a choice) made a value the rules refuse with the field's message.
    /// </summary>
    public KindergartenProfile ToProfile(string id, string cityId) => new(
        id,
        FormText.Number(Number?.TrimStart('№', '#'), invalid: 0),
        new LocalizedText(FormText.Trim(NameKk), FormText.Trim(NameRu), FormText.Trim(NameEn)),
        cityId,
        DistrictId ?? string.Empty,
        FormText.Trim(Address),
        Enum.TryParse<Abstractions.Catalog.Ownership>(Ownership, ignoreCase: false, out var ownership) && Enum.IsDefined(ownership) ? ownership : (Abstractions.Catalog.Ownership)(-1),
        [.. new[] { (Kazakh, Languages.Kazakh), (Russian, Languages.Russian) }.Where(l => l.Item1).Select(l => l.Item2)],
        FormText.Trim(Phone),
        [.. Groups.Select(g => g.ToGroup())]);

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

    /// <summary>The row as a group; a new one has an empty id (the grain gives it one).</summary>
    public KindergartenGroup ToGroup()
    {
        var queueType = Enum.TryParse<Domain.Applications.QueueType>(QueueType, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : (Domain.Applications.QueueType)(-1);
        return new KindergartenGroup(
            Id ?? string.Empty,
            FormText.Trim(Name),
            FormText.Number(MinAge, invalid: -1),
            FormText.Number(MaxAge, invalid: -1),
            Language ?? string.Empty,
            queueType,
            queueType == Domain.Applications.QueueType.Sanatorium ? RehabilitationTypeId : null,
            FormText.Number(Capacity, invalid: 0));
    }

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
/// The catalog editor's reads and saves (SPEC §1, §7). A save turns the form into a profile and leaves the decision
/// to the kindergarten's grain, which applies <see cref="KindergartenRules"/> (who may change what, and the catalog's
/// rules): a refusal is a <see cref="DomainException"/> with the same message keys, and nothing is saved. The city of a
/// saved profile is always the actor's.
/// </summary>
public static class KindergartenCatalogEditing
{
    /// <summary>The kindergartens of the actor's city (staff: their own), by number.</summary>
    public static async Task<IReadOnlyList<KindergartenProfile>> ListAsync(IGrainFactory grains, Actor actor)
    {
        var cityId = CityOf(actor);
        return [.. (await grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(cityId)).GetAllAsync())
            .Where(k => KindergartenRules.MayChangeGroups(actor, cityId, k.Id))
            .OrderBy(k => k.Number)];
    }

    /// <summary>A kindergarten the actor may edit; another city's (or, for staff, another kindergarten's) is refused, an unknown one is an error.</summary>
    public static async Task<KindergartenProfile> GetAsync(IGrainFactory grains, Actor actor, string kindergartenId)
    {
        var cityId = CityOf(actor);
        var profile = await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync()
            ?? throw new DomainException("Error.CatalogEditor.UnknownKindergarten");
        var theirs = profile.CityId == cityId && KindergartenRules.MayChangeGroups(actor, profile.CityId, profile.Id);
        return theirs ? profile : throw new DomainException("Error.Access.Denied");
    }

    /// <summary>Saves the draft as a kindergarten of the actor's city through its grain; returns what was saved.</summary>
    public static async Task<KindergartenProfile> SaveAsync(IGrainFactory grains, Actor actor, KindergartenDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var cityId = CityOf(actor);
        var id = draft.Id ?? await NewKindergartenIdAsync(grains, cityId);
        return await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(id)).SaveAsync(actor, draft.ToProfile(id, cityId));
    }

    private static string CityOf(Actor actor) =>
        actor.Role is Role.Operator or Role.KindergartenStaff && actor.CityId is { Length: > 0 } cityId ? cityId : throw new DomainException("Error.Access.Denied");

    private static async Task<string> NewKindergartenIdAsync(IGrainFactory grains, string cityId)
    {
        var others = await grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(cityId)).GetAllAsync();
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
}

/// <summary>How the catalog editor reads what is typed.</summary>
internal static class FormText
{
    public static string Trim(string? text) => text?.Trim() ?? string.Empty;

    public static int Number(string? text, int invalid) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : invalid;
}
