using Balabaqsha.Domain.Catalog;

namespace Balabaqsha.Abstractions.Catalog;

/// <summary>The catalog's wire types as the domain's catalog rules (<see cref="KindergartenRules"/>) see them.</summary>
public static class CatalogRulesMapping
{
    public static CatalogGroup ToCatalogGroup(this KindergartenGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new(group.Id, group.Name, group.MinAgeYears, group.MaxAgeYears, group.Language, group.QueueType, group.RehabilitationTypeId, group.Capacity);
    }

    /// <summary>An ownership outside <see cref="Ownership"/> is none chosen.</summary>
    public static CatalogKindergarten ToCatalogKindergarten(this KindergartenProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new(
            profile.Id,
            profile.Number,
            profile.CityId,
            profile.Name?.Kk,
            profile.Name?.Ru,
            profile.Name?.En,
            profile.DistrictId,
            profile.Address,
            profile.Phone,
            Enum.IsDefined(profile.Ownership) ? profile.Ownership.ToString() : null,
            profile.Languages ?? [],
            [.. (profile.Groups ?? []).Select(ToCatalogGroup)]);
    }
}
