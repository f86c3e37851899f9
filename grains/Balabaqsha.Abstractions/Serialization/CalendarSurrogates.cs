using Balabaqsha.Domain.Time;
using NodaTime;

namespace Balabaqsha.Abstractions.Serialization;

[GenerateSerializer]
public struct CalendarDaySurrogate
{
    [Id(0)] public LocalDate Date;
    [Id(1)] public CalendarDayKind Kind;
    [Id(2)] public string Reason;
}

[RegisterConverter]
public sealed class CalendarDaySurrogateConverter : IConverter<CalendarDay, CalendarDaySurrogate>
{
    public CalendarDay ConvertFromSurrogate(in CalendarDaySurrogate s) => new(s.Date, s.Kind, s.Reason);

    public CalendarDaySurrogate ConvertToSurrogate(in CalendarDay d) => new()
    {
        Date = d.Date,
        Kind = d.Kind,
        Reason = d.Reason,
    };
}

[GenerateSerializer]
public struct CalendarYearSurrogate
{
    [Id(0)] public int Year;
    [Id(1)] public CalendarDay[] Days;
}

[RegisterConverter]
public sealed class CalendarYearSurrogateConverter : IConverter<CalendarYear, CalendarYearSurrogate>
{
    public CalendarYear ConvertFromSurrogate(in CalendarYearSurrogate s) => new(s.Year, s.Days ?? []);

    public CalendarYearSurrogate ConvertToSurrogate(in CalendarYear y) => new()
    {
        Year = y.Year,
        Days = [.. y.Days],
    };
}
