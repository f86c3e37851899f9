namespace Balabaqsha.Abstractions;

/// <summary>A name kept as data in the three interface languages.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.LocalizedText")]
public sealed record LocalizedText(
    [property: Id(0)] string Kk,
    [property: Id(1)] string Ru,
    [property: Id(2)] string En)
{
    public string In(string language) => language switch
    {
        "kk" => Kk,
        "en" => En,
        _ => Ru,
    };
}
