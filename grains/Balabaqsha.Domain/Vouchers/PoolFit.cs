using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Catalog;

namespace Balabaqsha.Domain.Vouchers;

/// <summary>
/// Which group may publish free places in which pool. A pool holds the places for one queue (and, sanatorium, one
/// rehabilitation type), one language and one birth year; a group fits when it takes that queue, type and language,
/// and a child born that year is, in the current calendar year, within the group's ages (both ends included).
/// </summary>
public static class PoolFit
{
    /// <summary>The age a child born in <paramref name="birthYear"/> reaches in <paramref name="currentYear"/>.</summary>
    public static int AgeIn(int currentYear, int birthYear) => currentYear - birthYear;

    /// <summary>The birth years whose pools <paramref name="group"/> may publish in, in <paramref name="currentYear"/>: the oldest children first.</summary>
    public static IReadOnlyList<int> BirthYears(CatalogGroup group, int currentYear)
    {
        ArgumentNullException.ThrowIfNull(group);
        return [.. Enumerable.Range(currentYear - group.MaxAgeYears, Math.Max(0, group.MaxAgeYears - group.MinAgeYears + 1))];
    }

    /// <summary>True when <paramref name="group"/> may publish places in the pool of these keys, in <paramref name="currentYear"/>.</summary>
    public static bool Fits(CatalogGroup group, QueueType queueType, string? rehabilitationTypeId, string language, int birthYear, int currentYear)
    {
        ArgumentNullException.ThrowIfNull(group);
        var age = AgeIn(currentYear, birthYear);
        return group.QueueType == queueType
            && string.Equals(group.RehabilitationTypeId, rehabilitationTypeId, StringComparison.Ordinal)
            && string.Equals(group.Language, language, StringComparison.Ordinal)
            && age >= group.MinAgeYears && age <= group.MaxAgeYears;
    }
}
