using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Abstractions.Serialization;

[GenerateSerializer]
public struct ActorSurrogate
{
    [Id(0)] public string Iin;
    [Id(1)] public Role Role;
    [Id(2)] public string FullName;
    [Id(3)] public string? CityId;
    [Id(4)] public string? KindergartenId;
}

[RegisterConverter]
public sealed class ActorSurrogateConverter : IConverter<Actor, ActorSurrogate>
{
    public Actor ConvertFromSurrogate(in ActorSurrogate s) => new(s.Iin, s.Role, s.FullName, s.CityId, s.KindergartenId);

    public ActorSurrogate ConvertToSurrogate(in Actor a) => new()
    {
        Iin = a.Iin,
        Role = a.Role,
        FullName = a.FullName,
        CityId = a.CityId,
        KindergartenId = a.KindergartenId,
    };
}

[GenerateSerializer]
public struct ApplicationFormSurrogate
{
    [Id(0)] public QueueType QueueType;
    [Id(1)] public string ChildIin;
    [Id(2)] public string? RehabilitationTypeId;
    [Id(3)] public string? ConclusionDocument;
    [Id(4)] public string CityId;
    [Id(5)] public string? PreferredKindergartenId;
    [Id(6)] public string Language;
    [Id(7)] public string? PriorityCategoryId;
    [Id(8)] public string? PriorityProofDocument;
    [Id(9)] public bool Consent;
}

[RegisterConverter]
public sealed class ApplicationFormSurrogateConverter : IConverter<ApplicationForm, ApplicationFormSurrogate>
{
    public ApplicationForm ConvertFromSurrogate(in ApplicationFormSurrogate s) => new(
        s.QueueType, s.ChildIin, s.RehabilitationTypeId, s.ConclusionDocument, s.CityId, s.PreferredKindergartenId,
        s.Language, s.PriorityCategoryId, s.PriorityProofDocument, s.Consent);

    public ApplicationFormSurrogate ConvertToSurrogate(in ApplicationForm f) => new()
    {
        QueueType = f.QueueType,
        ChildIin = f.ChildIin,
        RehabilitationTypeId = f.RehabilitationTypeId,
        ConclusionDocument = f.ConclusionDocument,
        CityId = f.CityId,
        PreferredKindergartenId = f.PreferredKindergartenId,
        Language = f.Language,
        PriorityCategoryId = f.PriorityCategoryId,
        PriorityProofDocument = f.PriorityProofDocument,
        Consent = f.Consent,
    };
}

[GenerateSerializer]
public struct QueueEntrySurrogate
{
    [Id(0)] public string Number;
    [Id(1)] public int Rank;
    [Id(2)] public NodaTime.Instant SubmittedAt;
    [Id(3)] public int BirthYear;
}

[RegisterConverter]
public sealed class QueueEntrySurrogateConverter : IConverter<QueueEntry, QueueEntrySurrogate>
{
    public QueueEntry ConvertFromSurrogate(in QueueEntrySurrogate s) => new(s.Number, s.Rank, s.SubmittedAt, s.BirthYear);

    public QueueEntrySurrogate ConvertToSurrogate(in QueueEntry e) => new()
    {
        Number = e.Number,
        Rank = e.Rank,
        SubmittedAt = e.SubmittedAt,
        BirthYear = e.BirthYear,
    };
}
