using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Contracts;
using Balabaqsha.Grains.Contracts;
using NodaTime;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Balabaqsha.Grains.Tests.Contracts;

/// <summary>
/// Reads the rendered contract back with PDFsharp's own parser, so the checks need no external tool:
/// the text is decoded from the content streams through each font's ToUnicode map.
/// </summary>
public sealed partial class ContractPdfTests
{
    private const string KazakhLetters = "әғқңөұүһі";

    private static readonly ContractTerms Terms = new(
        "ДО-12/2025-0457",
        new LocalDate(2025, 8, 20),
        new ContractText("Алматы", "Алматы"),
        new ContractKindergarten(
            new ContractText("№ 12 «Балдәурен» бөбекжай-бақшасы", "Ясли-сад № 12 «Балдаурен»"),
            12,
            "Алматы қ., Әуезов ауданы, Жандосов к-сі, 58",
            "040540001234",
            "Төлеуова Айгүл Оңалбайқызы"),
        new ContractParent("Жұмабаева Гүлнұр Серікқызы", "900412400123", "+7 701 555 12 34"),
        new ContractChild("Жұмабаев Әліхан Қайратұлы", "210315500456", new LocalDate(2021, 3, 15)),
        new ContractGroup(
            "«Күншуақ» ортаңғы тобы",
            "kk",
            3,
            4,
            QueueType.Sanatorium,
            new ContractText("Тыныс алу ағзалары аурулары", "Заболевания органов дыхания")),
        new ContractVoucher("V-2025-000457", new LocalDate(2025, 8, 14)),
        new LocalDate(2025, 9, 1),
        ContractParentEntries.Empty);

    [Fact]
    public void Render_SampleTerms_IsAnA4PdfOfTwoOrThreePages()
    {
        var pdf = ContractPdf.Render(Terms);

        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        using var document = Open(pdf);
        Assert.InRange(document.PageCount, 2, 3);
        Assert.All(Pages(document), page =>
        {
            Assert.Equal(595, page.Width.Point, 0);
            Assert.Equal(842, page.Height.Point, 0);
        });
    }

    [Fact]
    public void Render_SampleTerms_EmbedsDejaVuSansSubsets()
    {
        using var document = Open(ContractPdf.Render(Terms));

        var fonts = Fonts(document);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, font =>
        {
            Assert.Matches("^/[A-Z]{6}\\+DejaVu", font.Elements.GetName("/BaseFont"));
            var descendant = (PdfDictionary)font.Elements.GetArray("/DescendantFonts")!.Elements.GetObject(0)!;
            var descriptor = descendant.Elements.GetDictionary("/FontDescriptor")!;
            var fontFile = descriptor.Elements.GetDictionary("/FontFile2");
            Assert.NotNull(fontFile);
            Assert.NotEmpty(fontFile.Stream.UnfilteredValue);
        });
    }

    [Fact]
    public void Render_SampleTerms_HasAGlyphForEveryKazakhLetter()
    {
        using var document = Open(ContractPdf.Render(Terms));

        var bodyFont = Assert.Single(Fonts(document), font => !font.Elements.GetName("/BaseFont").Contains("Bold", StringComparison.Ordinal));
        var glyphs = ToUnicode(bodyFont).ToLookup(entry => entry.Value, entry => entry.Key);
        foreach (var letter in KazakhLetters)
        {
            // Glyph 0 is .notdef, the box a font shows for a letter it lacks.
            var glyph = Assert.Single(glyphs[letter.ToString()]);
            Assert.True(glyph > 0, $"U+{(int)letter:X4} {letter} has no glyph of its own");
        }
    }

    [Fact]
    public void Render_SampleTerms_ShowsThePartiesTheChildAndTheVoucherInBothLanguages()
    {
        var text = Text(ContractPdf.Render(Terms));

        Assert.Contains("МЕКТЕПКЕ ДЕЙІНГІ ТӘРБИЕ МЕН ОҚЫТУ", text);
        Assert.Contains("ДОГОВОР О ДОШКОЛЬНОМ", text);
        Assert.Contains("№ ДО-12/2025-0457", text);
        Assert.Contains("Жұмабаев Әліхан Қайратұлы", text);
        Assert.Contains("210315500456", text);
        Assert.Contains("15.03.2021", text);
        Assert.Contains("Жұмабаева Гүлнұр Серікқызы", text);
        Assert.Contains("900412400123", text);
        Assert.Contains("№ V-2025-000457", text);
        Assert.Contains("№ 12 «Балдәурен» бөбекжай-бақшасы", text);
        Assert.Contains("Ясли-сад № 12 «Балдаурен»", text);
        Assert.Contains("01.09.2025", text);
        Assert.Contains("санаторной группе", text);
        Assert.Contains("ЭЦП", text);
        foreach (var letter in KazakhLetters)
        {
            Assert.Contains(letter.ToString(), text);
        }
    }

    [Fact]
    public void Render_GeneralGroupWithParentEntries_ShowsTheEntriesAndNoSanatoriumClause()
    {
        var terms = Terms.FilledInBy(new ContractParentEntries("Абай даңғылы, 150, 24-пәтер", "+7 777 123 45 67", new LocalDate(2025, 9, 15))) with
        {
            Group = Terms.Group with { QueueType = QueueType.General, RehabilitationType = null },
        };

        var text = Text(ContractPdf.Render(terms));

        Assert.Contains("Абай даңғылы, 150, 24-пәтер", text);
        Assert.Contains("+7 777 123 45 67", text);
        Assert.Contains("15.09.2025", text);
        Assert.DoesNotContain("01.09.2025", text);
        Assert.Contains("общая группа", text);
        Assert.DoesNotContain("санаторной группе", text);
    }

    [Fact]
    public void Render_SameTermsTwice_GivesTheSameBytes()
    {
        var first = ContractPdf.Render(Terms);
        var second = ContractPdf.Render(Terms);
        var other = ContractPdf.Render(Terms.FilledInBy(new ContractParentEntries(null, "+7 777 123 45 67", null)));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    private static PdfDocument Open(byte[] pdf) => PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);

    private static IEnumerable<PdfPage> Pages(PdfDocument document) =>
        Enumerable.Range(0, document.PageCount).Select(i => document.Pages[i]);

    private static List<PdfDictionary> Fonts(PdfDocument document) =>
    [
        .. Pages(document)
            .SelectMany(page => FontResources(page).Values)
            .DistinctBy(font => font.Elements.GetName("/BaseFont"))
            .Where(font => font.Elements.GetName("/Subtype") == "/Type0"),
    ];

    private static Dictionary<string, PdfDictionary> FontResources(PdfPage page)
    {
        var fonts = page.Resources.Elements.GetDictionary("/Font")!;
        return fonts.Elements.Keys.ToDictionary(key => key, key => (PdfDictionary)fonts.Elements.GetObject(key)!);
    }

    /// <summary>The glyph-to-text map of a font, from its ToUnicode CMap (bfrange and bfchar entries).</summary>
    private static Dictionary<int, string> ToUnicode(PdfDictionary font)
    {
        var cmap = Encoding.ASCII.GetString(font.Elements.GetDictionary("/ToUnicode")!.Stream.UnfilteredValue);
        var map = new Dictionary<int, string>();
        foreach (Match block in BfRangeBlock().Matches(cmap))
        {
            foreach (Match range in HexTriple().Matches(block.Groups[1].Value))
            {
                var low = Hex(range.Groups[1].Value);
                var high = Hex(range.Groups[2].Value);
                var first = Hex(range.Groups[3].Value);
                for (var glyph = low; glyph <= high; glyph++)
                {
                    map[glyph] = char.ConvertFromUtf32(first + glyph - low);
                }
            }
        }

        foreach (Match block in BfCharBlock().Matches(cmap))
        {
            foreach (Match single in HexPair().Matches(block.Groups[1].Value))
            {
                map[Hex(single.Groups[1].Value)] = Encoding.BigEndianUnicode.GetString(Convert.FromHexString(single.Groups[2].Value));
            }
        }

        return map;
    }

    /// <summary>The shown text of every page, one drawn string per line, decoded through the ToUnicode maps.</summary>
    private static string Text(byte[] pdf)
    {
        using var document = Open(pdf);
        var text = new StringBuilder();
        foreach (var page in Pages(document))
        {
            var maps = FontResources(page).ToDictionary(entry => entry.Key, entry => ToUnicode(entry.Value));
            var content = string.Concat(page.Contents.Elements
                .Select(item => (PdfDictionary)(item is PdfReference reference ? reference.Value : item))
                .Select(stream => Encoding.ASCII.GetString(stream.Stream.UnfilteredValue)));
            Dictionary<int, string>? current = null;
            foreach (Match operation in TextOperation().Matches(content))
            {
                if (operation.Groups["font"].Success)
                {
                    current = maps["/" + operation.Groups["font"].Value];
                    continue;
                }

                var hex = WhiteSpace().Replace(operation.Groups["hex"].Value, "");
                for (var i = 0; i + 4 <= hex.Length; i += 4)
                {
                    text.Append(current![Hex(hex.Substring(i, 4))]);
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static int Hex(string value) => int.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRangeBlock();

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfCharBlock();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex HexTriple();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex HexPair();

    [GeneratedRegex(@"/(?<font>[A-Za-z0-9]+)\s+[\d.]+\s+Tf|<(?<hex>[0-9A-Fa-f\s]*)>\s*Tj")]
    private static partial Regex TextOperation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
