// Written by the storage's JSON serializer; never crosses the wire (see Identity/AccountState.cs).
// Property names are JSON field names: keep them stable once data exists.
using Balabaqsha.Abstractions.Documents;

namespace Balabaqsha.Grains.Documents;

public sealed record DocumentAccessState
{
    public List<DocumentAccessRecord> Grants { get; init; } = [];
}

/// <summary>One reason to read the document; <see cref="CityId"/> is empty until it is attached to an application.</summary>
public sealed record DocumentAccessRecord
{
    public DocumentPurpose Purpose { get; init; }

    public string OwnerIin { get; init; } = string.Empty;

    public string CityId { get; init; } = string.Empty;

    public string? ApplicationNumber { get; init; }

    /// <summary>The kindergarten of a contract document.</summary>
    public string? KindergartenId { get; init; }
}
