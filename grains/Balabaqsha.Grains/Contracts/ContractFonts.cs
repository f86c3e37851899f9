using System.Reflection;
using PdfSharp.Fonts;

namespace Balabaqsha.Grains.Contracts;

/// <summary>
/// Serves DejaVu Sans (regular and bold) to PDFsharp from font files embedded in this assembly.
/// PDFsharp finds no system fonts on Linux, and the contract needs a face that has every Kazakh
/// letter (ә ғ қ ң ө ұ ү һ і); shipping the files keeps the output the same on every machine.
/// </summary>
internal sealed class ContractFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static volatile bool registered;

    private readonly Lazy<byte[]> regular = new(() => Load(RegularFace));
    private readonly Lazy<byte[]> bold = new(() => Load(BoldFace));

    private ContractFonts()
    {
    }

    public static ContractFonts Instance { get; } = new();

    /// <summary>
    /// Makes this the PDFsharp font resolver of the process. PDFsharp allows one resolver, set before
    /// any font is used, so another resolver already in place is an error rather than silently replaced.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (registered)
        {
            return;
        }

        lock (Gate)
        {
            var current = GlobalFontSettings.FontResolver;
            if (current is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (!ReferenceEquals(current, Instance))
            {
                throw new InvalidOperationException(
                    $"PDFsharp already has the font resolver {current.GetType().FullName}; the contract needs {nameof(ContractFonts)}.");
            }

            registered = true;
        }
    }

    // Every family resolves to DejaVu Sans: it is the only font the process has, and a contract must
    // never fall back to a face without Cyrillic or Kazakh glyphs.
    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => regular.Value,
        BoldFace => bold.Value,
        _ => null,
    };

    private static byte[] Load(string face)
    {
        var name = $"Balabaqsha.Grains.Contracts.Fonts.{face}.ttf";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly.");
        using var copy = new MemoryStream((int)stream.Length);
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
