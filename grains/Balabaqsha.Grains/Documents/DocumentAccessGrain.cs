using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Grains.Documents;

public sealed class DocumentAccessGrain(
    [PersistentState("document-access")] IPersistentState<DocumentAccessState> access) : Grain, IDocumentAccessGrain
{
    private List<DocumentAccessRecord> Grants => access.State.Grants;

    public async Task GrantAsync(DocumentGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrWhiteSpace(grant.OwnerIin);

        var record = new DocumentAccessRecord
        {
            Purpose = grant.Purpose,
            OwnerIin = grant.OwnerIin,
            CityId = grant.CityId ?? string.Empty,
            ApplicationNumber = grant.ApplicationNumber,
            KindergartenId = grant.KindergartenId,
        };
        if (Grants.Contains(record))
        {
            return;
        }

        Grants.Add(record);
        await access.WriteStateAsync();
    }

    public Task<bool> CanReadAsync(Actor reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Task.FromResult(Grants.Any(grant => Allows(grant, reader)));
    }

    public Task<bool> IsOwnedByAsync(string iin) =>
        Task.FromResult(!string.IsNullOrEmpty(iin) && Grants.Any(grant => grant.OwnerIin == iin));

    private static bool Allows(DocumentAccessRecord grant, Actor reader)
    {
        if (!reader.IsSystem && grant.OwnerIin == reader.Iin)
        {
            return true;
        }

        // An upload not yet attached to an application belongs to no city: only its owner reads it
        // (a staff account without a city must not match the empty city).
        if (grant.CityId.Length == 0)
        {
            return false;
        }

        return grant.Purpose switch
        {
            DocumentPurpose.Conclusion => reader.IsDoctorOf(grant.CityId),
            DocumentPurpose.PriorityProof => reader.IsOperatorOf(grant.CityId),
            DocumentPurpose.ContractDocument => reader.Role == Role.KindergartenStaff && grant.KindergartenId is { } kindergarten && reader.KindergartenId == kindergarten,
            _ => false,
        };
    }
}
