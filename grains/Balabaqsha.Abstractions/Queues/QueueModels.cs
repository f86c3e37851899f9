using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain.Applications;
using NodaTime;

namespace Balabaqsha.Abstractions.Queues;

/// <summary>
/// What a watcher needs to keep one application's place up to date from the queue's change
/// notifications: the queue, the entry, its place, and the sequence of the last change it includes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.QueueWatch")]
public sealed record QueueWatch(
    [property: Id(0)] string QueueKey,
    [property: Id(1)] QueueEntry Entry,
    [property: Id(2)] QueuePlace Place,
    [property: Id(3)] long Version);

/// <summary>An application's place as anyone may see it by its public number: no personal data.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.PublicPlace")]
public sealed record PublicPlace(
    [property: Id(0)] string Number,
    [property: Id(1)] string CityId,
    [property: Id(2)] QueueType QueueType,
    [property: Id(3)] string? RehabilitationTypeId,
    [property: Id(4)] ApplicationStatus Status,
    [property: Id(5)] int BirthYear,
    [property: Id(6)] QueuePlace? Place);

/// <summary>The public figures of one queue (SPEC §9).</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.QueueStatistics")]
public sealed record QueueStatistics(
    [property: Id(0)] string QueueKey,
    [property: Id(1)] string CityId,
    [property: Id(2)] QueueType QueueType,
    [property: Id(3)] string? RehabilitationTypeId,
    [property: Id(4)] int Waiting,
    [property: Id(5)] IReadOnlyList<BirthYearCount> ByBirthYear,
    [property: Id(6)] int EnteredThisWeek,
    [property: Id(7)] int LeftThisWeek,
    [property: Id(8)] double? MedianWaitingDays,
    [property: Id(9)] Instant AsOf);

[GenerateSerializer, Immutable, Alias("Balabaqsha.BirthYearCount")]
public sealed record BirthYearCount(
    [property: Id(0)] int BirthYear,
    [property: Id(1)] int Waiting);

/// <summary>What a queue grain has done, for the benchmark and the operators: changes and observer messages.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.QueueCounters")]
public sealed record QueueCounters(
    [property: Id(0)] long Changes,
    [property: Id(1)] long ObserverMessages,
    [property: Id(2)] int Observers);
