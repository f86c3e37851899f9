using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Abstractions.Documents;

/// <summary>A stored document's bytes and type.</summary>
public sealed record StoredDocument(string Sha256, string ContentType, byte[] Content);

/// <summary>
/// Content-addressed storage of uploaded documents, outside grain state: files on disk in the
/// embedded default, a PostgreSQL table in cluster mode.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Checks the content (<see cref="Domain.Documents.DocumentCheck"/>), stores it once, returns its SHA-256 (hex, lower case).</summary>
    Task<string> SaveAsync(byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The document, or null when no such hash is stored.</summary>
    Task<StoredDocument?> ReadAsync(string sha256, CancellationToken cancellationToken = default);
}

public enum DocumentPurpose
{
    Conclusion,
    PriorityProof,

    /// <summary>A document attached to an enrollment contract: the staff of the contract's kindergarten read it.</summary>
    ContractDocument,
}

/// <summary>Why someone may read a document: it belongs to an application of theirs, of a city.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.DocumentGrant")]
public sealed record DocumentGrant(
    [property: Id(0)] DocumentPurpose Purpose,
    [property: Id(1)] string OwnerIin,
    [property: Id(2)] string CityId,
    [property: Id(3)] string? ApplicationNumber,
    [property: Id(4)] string? KindergartenId = null);

/// <summary>Who may read one stored document (<see cref="DocumentKeys.Access"/>).</summary>
[Alias("Balabaqsha.IDocumentAccessGrain")]
public interface IDocumentAccessGrain : IGrainWithStringKey
{
    /// <summary>Records the uploader as an owner (before the document is used in an application).</summary>
    Task GrantAsync(DocumentGrant grant);

    /// <summary>Whether this person may read the document: an owner, the doctor of the city for conclusions, the operator of the city for priority proofs, the staff of the kindergarten for contract documents.</summary>
    Task<bool> CanReadAsync(Actor reader);

    /// <summary>Whether this IIN uploaded the document (an application may only attach its parent's own uploads).</summary>
    Task<bool> IsOwnedByAsync(string iin);
}

public static class DocumentKeys
{
    public static string Access(string sha256) => $"doc:{sha256}";
}
