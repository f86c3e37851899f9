namespace Balabaqsha.Domain.Applications;

/// <summary>
/// The order of the kindergartens a voucher holder may choose from at «Выбрать ДО». The kindergarten preferred in
/// the application only orders this list (SPEC §6): it comes first when it has a fitting free place; the rest follow
/// by number (unique within a locality, and a voucher's pool is one locality), then by id so equal numbers never
/// swap between two readings.
/// </summary>
public static class KindergartenChoiceOrder
{
    public static IReadOnlyList<T> Sort<T>(IEnumerable<T> kindergartens, string? preferredKindergartenId, Func<T, string> id, Func<T, int> number)
    {
        ArgumentNullException.ThrowIfNull(kindergartens);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(number);
        return
        [
            .. kindergartens
                .OrderBy(k => preferredKindergartenId is not null && id(k) == preferredKindergartenId ? 0 : 1)
                .ThenBy(number)
                .ThenBy(id, StringComparer.Ordinal),
        ];
    }
}
