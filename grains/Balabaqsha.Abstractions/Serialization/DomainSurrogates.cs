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
    [Id(4)] public string? CategoryId;
    [Id(5)] public string? Language;
}

[RegisterConverter]
public sealed class QueueEntrySurrogateConverter : IConverter<QueueEntry, QueueEntrySurrogate>
{
    public QueueEntry ConvertFromSurrogate(in QueueEntrySurrogate s) => new(s.Number, s.Rank, s.SubmittedAt, s.BirthYear, s.CategoryId, s.Language);

    public QueueEntrySurrogate ConvertToSurrogate(in QueueEntry e) => new()
    {
        Number = e.Number,
        Rank = e.Rank,
        SubmittedAt = e.SubmittedAt,
        BirthYear = e.BirthYear,
        CategoryId = e.CategoryId,
        Language = e.Language,
    };
}

[GenerateSerializer]
public struct QueueChangeSurrogate
{
    [Id(0)] public long Sequence;
    [Id(1)] public NodaTime.Instant At;
    [Id(2)] public Balabaqsha.Domain.Queues.QueueChangeKind Kind;
    [Id(3)] public Balabaqsha.Domain.Queues.QueueChangeReason Reason;
    [Id(4)] public QueueEntry? Before;
    [Id(5)] public QueueEntry? After;
    [Id(6)] public int PlaceBefore;
    [Id(7)] public int PlaceAfter;
    [Id(8)] public int BirthYearPlaceBefore;
    [Id(9)] public int BirthYearPlaceAfter;
}

[RegisterConverter]
public sealed class QueueChangeSurrogateConverter : IConverter<Balabaqsha.Domain.Queues.QueueChange, QueueChangeSurrogate>
{
    public Balabaqsha.Domain.Queues.QueueChange ConvertFromSurrogate(in QueueChangeSurrogate s) => new(
        s.Sequence, s.At, s.Kind, s.Reason, s.Before, s.After, s.PlaceBefore, s.PlaceAfter, s.BirthYearPlaceBefore, s.BirthYearPlaceAfter);

    public QueueChangeSurrogate ConvertToSurrogate(in Balabaqsha.Domain.Queues.QueueChange c) => new()
    {
        Sequence = c.Sequence,
        At = c.At,
        Kind = c.Kind,
        Reason = c.Reason,
        Before = c.Before,
        After = c.After,
        PlaceBefore = c.PlaceBefore,
        PlaceAfter = c.PlaceAfter,
        BirthYearPlaceBefore = c.BirthYearPlaceBefore,
        BirthYearPlaceAfter = c.BirthYearPlaceAfter,
    };
}

[GenerateSerializer]
public struct PlaceHistoryLineSurrogate
{
    [Id(0)] public NodaTime.Instant At;
    [Id(1)] public Balabaqsha.Domain.Queues.QueueChangeKind Kind;
    [Id(2)] public Balabaqsha.Domain.Queues.QueueChangeReason Reason;
    [Id(3)] public bool Own;
    [Id(4)] public int Delta;
    [Id(5)] public int BirthYearDelta;
    [Id(6)] public int Place;
    [Id(7)] public int BirthYearPlace;
    [Id(8)] public string? CategoryId;
    [Id(9)] public bool SubmittedEarlier;
    [Id(10)] public int Count;
}

[RegisterConverter]
public sealed class PlaceHistoryLineSurrogateConverter : IConverter<Balabaqsha.Domain.Queues.PlaceHistoryLine, PlaceHistoryLineSurrogate>
{
    public Balabaqsha.Domain.Queues.PlaceHistoryLine ConvertFromSurrogate(in PlaceHistoryLineSurrogate s) => new(
        s.At, s.Kind, s.Reason, s.Own, s.Delta, s.BirthYearDelta, s.Place, s.BirthYearPlace, s.CategoryId, s.SubmittedEarlier, s.Count);

    public PlaceHistoryLineSurrogate ConvertToSurrogate(in Balabaqsha.Domain.Queues.PlaceHistoryLine l) => new()
    {
        At = l.At,
        Kind = l.Kind,
        Reason = l.Reason,
        Own = l.Own,
        Delta = l.Delta,
        BirthYearDelta = l.BirthYearDelta,
        Place = l.Place,
        BirthYearPlace = l.BirthYearPlace,
        CategoryId = l.CategoryId,
        SubmittedEarlier = l.SubmittedEarlier,
        Count = l.Count,
    };
}
