using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Abstractions.Catalog;

[GenerateSerializer, Immutable, Alias("Balabaqsha.District")]
public sealed record District(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Name);

/// <summary>A locality (населенный пункт) with its districts.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.City")]
public sealed record City(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] IReadOnlyList<District> Districts);

/// <summary>An entry of a catalog the administrator keeps (rehabilitation types, priority categories).</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.CatalogEntry")]
public sealed record CatalogEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] int Rank,
    [property: Id(3)] bool Active);


public enum Ownership
{
    State,
    Private,
}

/// <summary>A group of a kindergarten: ages, language, queue type and (sanatorium) rehabilitation type.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.KindergartenGroup")]
public sealed record KindergartenGroup(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] int MinAgeYears,
    [property: Id(3)] int MaxAgeYears,
    [property: Id(4)] string Language,
    [property: Id(5)] QueueType QueueType,
    [property: Id(6)] string? RehabilitationTypeId,
    [property: Id(7)] int Capacity);

/// <summary>A preschool organisation (ДО) as the catalog shows it.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.KindergartenProfile")]
public sealed record KindergartenProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] int Number,
    [property: Id(2)] LocalizedText Name,
    [property: Id(3)] string CityId,
    [property: Id(4)] string DistrictId,
    [property: Id(5)] string Address,
    [property: Id(6)] Ownership Ownership,
    [property: Id(7)] IReadOnlyList<string> Languages,
    [property: Id(8)] string Phone,
    [property: Id(9)] IReadOnlyList<KindergartenGroup> Groups);
