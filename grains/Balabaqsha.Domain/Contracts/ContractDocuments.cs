namespace Balabaqsha.Domain.Contracts;

/// <summary>
/// The documents a parent attaches to the enrollment contract (SPEC §7 «Contract»): справка 027/у,
/// свидетельство о рождении, удостоверение личности родителя, справка 052-2/у, карта прививок 065/у, and
/// заключение ПМПК if the child has one. An attachment is written "kind:sha256".
/// </summary>
public static class ContractDocuments
{
    public static IReadOnlyList<string> Required { get; } = ["027u", "birth-certificate", "parent-id", "052-2u", "065u"];

    public static IReadOnlyList<string> Optional { get; } = ["pmpk"];

    /// <summary>Every kind, required ones first, in the order the form asks for them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Required, .. Optional];

    /// <summary>
    /// The attachments as (kind, sha256) pairs. Refuses a missing required kind (naming it), an unknown or
    /// repeated kind, and an attachment without a hash.
    /// </summary>
    public static IReadOnlyList<(string Kind, string Sha256)> Check(IReadOnlyList<string> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var parsed = attachments.Select(a => a.Split(':', 2) is [var kind, var sha] ? (Kind: kind, Sha256: sha) : (Kind: a, Sha256: string.Empty)).ToList();
        var kinds = parsed.Select(p => p.Kind).ToHashSet(StringComparer.Ordinal);
        if (Required.FirstOrDefault(k => !kinds.Contains(k)) is { } missing)
        {
            throw new DomainException("Error.Enrollment.MissingDocument", missing);
        }

        if (kinds.Count != parsed.Count || parsed.Any(p => !All.Contains(p.Kind) || p.Sha256.Length == 0))
        {
            throw new DomainException("Error.Enrollment.UnknownDocument");
        }

        return parsed;
    }
}
