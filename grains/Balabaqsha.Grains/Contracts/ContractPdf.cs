using System.Security.Cryptography;
using System.Text;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Contracts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Balabaqsha.Grains.Contracts;

/// <summary>
/// Renders an enrollment contract (SPEC §7) as an A4 PDF: the Kazakh text on the left, the Russian
/// text on the right, clause by clause, then the signature block of both parties. The same terms give
/// the same bytes (the creation date comes from the terms), though the PDF is meant to be rendered
/// once and stored: the parties' ЭЦП signatures are made over the stored bytes.
/// </summary>
public static class ContractPdf
{
    private const double FontSize = 8.5;
    private const string Blank = "____________________________";

    public static byte[] Render(ContractTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ContractFonts.EnsureRegistered();

        using var document = new PdfDocument();
        // UTC, so the stored dates do not depend on the server's time zone.
        var created = DateTime.SpecifyKind(terms.Date.AtMidnight().ToDateTimeUnspecified(), DateTimeKind.Utc);
        document.Info.Title = $"Шарт / Договор № {terms.Number}";
        document.Info.Subject = $"{terms.Child.FullName} — {terms.Kindergarten.Name.Ru}";
        document.Info.Author = terms.Kindergarten.Name.Ru;
        document.Info.Creator = "Balabaqsha";
        document.Info.CreationDate = created;
        document.Info.ModificationDate = created;

        using (var sheet = new Sheet(document))
        {
            Write(sheet, terms);
            sheet.Finish((wording, page, pages) => wording.PageFooter(terms.Number, page, pages));
        }

        // The first identifier names the contract, the second this version of it (ISO 32000-1 §14.4).
        var first = Hash16(Encoding.UTF8.GetBytes($"contract|{terms.Number}"));
        var second = Hash16(PageContents(document));
        MakeReproducible(document, first, second);
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        var bytes = stream.ToArray();
        PinXmpIdentifier(bytes, "<xmpMM:DocumentID>uuid:", first);
        PinXmpIdentifier(bytes, "<xmpMM:InstanceID>uuid:", second);
        return bytes;
    }

    private static void Write(Sheet sheet, ContractTerms terms)
    {
        var kindergarten = terms.Kindergarten;
        var parent = terms.Parent;
        var entries = terms.ParentEntries;
        var child = terms.Child;
        var group = terms.Group;

        sheet.Both(w => sheet.Centered(w.Title, sheet.TitleFont), spaceAfter: 1);
        sheet.Both(_ => sheet.Centered($"№ {terms.Number}", sheet.TitleFont), spaceAfter: 6);
        sheet.Both(w => sheet.Split(w.Place(terms), w.Dated(terms.Date)), spaceAfter: 6);
        sheet.Both(w => sheet.Paragraph(w.Preamble(terms)), spaceAfter: 6);

        sheet.Both(w => sheet.Heading(w.PartiesHeading), keepWithNext: 40);
        sheet.Both(w => sheet.Field(w.KindergartenLabel, w.Pick(kindergarten.Name)));
        sheet.Both(w => sheet.Field(w.NumberLabel, $"№ {ContractWording.Number(kindergarten.Number)}"));
        sheet.Both(w => sheet.Field(w.AddressLabel, kindergarten.Address));
        sheet.Both(w => sheet.Field(w.BinLabel, kindergarten.Bin ?? "—"));
        sheet.Both(w => sheet.Field(w.SignerLabel, kindergarten.SignerName), spaceAfter: 4);
        sheet.Both(w => sheet.Field(w.ParentLabel, parent.FullName));
        sheet.Both(w => sheet.Field(w.IinLabel, parent.Iin));
        sheet.Both(w => sheet.Field(w.PhoneLabel, parent.Phone));
        sheet.Both(w => sheet.Field(w.SecondPhoneLabel, entries.SecondPhone));
        sheet.Both(w => sheet.Field(w.HomeAddressLabel, entries.Address), spaceAfter: 6);

        sheet.Both(w => sheet.Heading(w.SubjectHeading), keepWithNext: 40);
        sheet.Both(w => sheet.Paragraph(w.Subject(terms)), spaceAfter: 4);
        sheet.Both(w => sheet.Field(w.ChildLabel, child.FullName));
        sheet.Both(w => sheet.Field(w.IinLabel, child.Iin));
        sheet.Both(w => sheet.Field(w.BirthDateLabel, ContractWording.Date(child.BirthDate)), spaceAfter: 4);
        sheet.Both(w => sheet.Field(w.GroupLabel, group.Name));
        sheet.Both(w => sheet.Field(w.GroupLanguageLabel, w.LanguageName(group.Language)));
        sheet.Both(w => sheet.Field(w.AgesLabel, w.Ages(group.MinAgeYears, group.MaxAgeYears)));
        sheet.Both(w => sheet.Field(w.GroupTypeLabel, w.GroupType(group)), spaceAfter: 4);
        sheet.Both(w => sheet.Field(w.VoucherLabel, w.Voucher(terms.Voucher)));
        sheet.Both(w => sheet.Field(w.StartLabel, terms.StartDate is { } start ? w.Dated(start) : null), spaceAfter: 4);
        sheet.Both(w => sheet.Paragraph(w.PlaceClause), spaceAfter: 6);

        var sanatorium = group.QueueType == QueueType.Sanatorium;
        Clauses(sheet, 3, w => w.KindergartenDutiesHeading, w => sanatorium
            ? [.. w.KindergartenDuties.Take(3), w.SanatoriumDuty, .. w.KindergartenDuties.Skip(3)]
            : w.KindergartenDuties);
        Clauses(sheet, 4, w => w.ParentDutiesHeading, w => w.ParentDuties);
        Clauses(sheet, 5, w => w.TermHeading, w => w.TermClauses);

        sheet.Both(w => sheet.Heading(w.SignaturesHeading), keepWithNext: 120);
        sheet.Both(w => sheet.Paragraph(w.SignaturesNote), spaceAfter: 8);
        sheet.Rule();
        var signatures = SignatureBlocks(
            sheet,
            (ContractWording.Both(w => w.KindergartenLabel),
            [
                kindergarten.Name.Kk,
                kindergarten.Name.Ru,
                $"{ContractWording.Both(w => w.BinLabel)}: {kindergarten.Bin ?? "—"}",
                $"{ContractWording.Both(w => w.SignerLabel)}: {kindergarten.SignerName}",
            ]),
            (ContractWording.Both(w => w.ParentShortLabel),
            [
                parent.FullName,
                $"{ContractWording.Both(w => w.IinLabel)}: {parent.Iin}",
                $"{ContractWording.Both(w => w.PhoneLabel)}: {parent.Phone}",
            ]));
        sheet.Row(signatures[0], signatures[1], spaceAfter: 0);
    }

    /// <summary>Both parties' blocks, padded so that the two signature lines sit side by side.</summary>
    private static List<Line>[] SignatureBlocks(Sheet sheet, params (string Title, string[] Lines)[] parties)
    {
        var blocks = parties
            .Select(party => party.Lines.Aggregate(sheet.Paragraph(party.Title, sheet.BoldFont), (block, line) =>
            {
                block.AddRange(sheet.Paragraph(line));
                return block;
            }))
            .ToArray();
        var height = blocks.Max(block => block.Count);
        foreach (var block in blocks)
        {
            block.AddRange(Enumerable.Range(0, height - block.Count).Select(_ => sheet.Gap(sheet.RegularFont.GetHeight())));
            block.Add(sheet.Gap(10));
            block.AddRange(sheet.Paragraph($"ЭЦП: {Blank}"));
            block.AddRange(sheet.Paragraph(ContractWording.Both(w => w.Signature), sheet.SmallFont));
        }

        return blocks;
    }

    /// <summary>
    /// PDFsharp draws the file identifiers and the font subset tags at random; fix them instead so that
    /// the same terms give the same bytes.
    /// </summary>
    private static void MakeReproducible(PdfDocument document, byte[] first, byte[] second)
    {
        document.Internals.FirstDocumentID = Raw(first);
        document.Internals.SecondDocumentID = Raw(second);

        foreach (var dictionary in document.Internals.GetAllObjects().OfType<PdfDictionary>())
        {
            foreach (var key in (string[])["/BaseFont", "/FontName"])
            {
                var name = dictionary.Elements.GetName(key);
                if (name.Length > 8 && name[7] == '+')
                {
                    dictionary.Elements.SetName(key, "/" + SubsetTag(name[8..]) + name[7..]);
                }
            }
        }
    }

    /// <summary>
    /// PDFsharp 6.2 always writes its own XMP packet with fresh random UUIDs; overwrite them in place with
    /// the file identifiers. The packet is stored uncompressed and a UUID keeps its length, so no offset moves.
    /// </summary>
    private static void PinXmpIdentifier(byte[] pdf, string marker, byte[] identifier)
    {
        var at = pdf.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        if (at < 0)
        {
            return;
        }

        var target = pdf.AsSpan(at + marker.Length, 36);
        if (Guid.TryParseExact(Encoding.ASCII.GetString(target), "D", out _))
        {
            var hex = Convert.ToHexStringLower(identifier);
            Encoding.ASCII.GetBytes($"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}", target);
        }
    }

    /// <summary>What the pages draw: every term the contract shows is in there.</summary>
    private static byte[] PageContents(PdfDocument document)
    {
        using var contents = new MemoryStream();
        for (var i = 0; i < document.PageCount; i++)
        {
            foreach (var item in document.Pages[i].Contents.Elements)
            {
                var content = (item is PdfReference reference ? reference.Value : item) as PdfDictionary;
                contents.Write(content?.Stream?.Value ?? []);
            }
        }

        return contents.ToArray();
    }

    private static byte[] Hash16(byte[] data) => SHA256.HashData(data)[..16];

    // PDFsharp takes a file identifier as a string of byte-valued characters.
    private static string Raw(byte[] identifier) => new([.. identifier.Select(b => (char)b)]);

    // Six capital letters per face: unique within the file, which is all PDF asks of a subset tag.
    private static string SubsetTag(string face) =>
        new([.. Hash16(Encoding.UTF8.GetBytes(face)).Take(6).Select(b => (char)('A' + b % 26))]);

    private static void Clauses(
        Sheet sheet, int section, Func<ContractWording, string> heading, Func<ContractWording, IReadOnlyList<string>> clauses)
    {
        sheet.Both(w => sheet.Heading(heading(w)), keepWithNext: 40);
        var count = clauses(ContractWording.Kazakh).Count;
        for (var i = 0; i < count; i++)
        {
            var number = $"{section}.{i + 1}.";
            var index = i;
            sheet.Both(w => sheet.Clause(number, clauses(w)[index]), spaceAfter: i == count - 1 ? 6 : 2);
        }
    }

    private sealed record Segment(string Text, XFont Font, double Dx);

    private sealed record Line(IReadOnlyList<Segment> Segments, double Height);

    /// <summary>
    /// A minimal flow layout: rows of two columns that advance together, wrapped by words, breaking
    /// pages between lines and keeping short blocks and headings with what follows.
    /// </summary>
    private sealed class Sheet : IDisposable
    {
        private const double MarginLeft = 50;
        private const double MarginRight = 42;
        private const double MarginTop = 46;
        private const double MarginBottom = 56;
        private const double Gutter = 18;
        private const double LabelWidth = 92;

        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

        private readonly PdfDocument document;
        private readonly List<(double Top, double Bottom)?> dividers = [];
        private PdfPage page = null!;
        private XGraphics graphics = null!;
        private double y;

        public Sheet(PdfDocument document)
        {
            this.document = document;
            NewPage();
            ColumnWidth = (page.Width.Point - MarginLeft - MarginRight - Gutter) / 2;
        }

        public XFont RegularFont { get; } = new(ContractFonts.Family, FontSize, XFontStyleEx.Regular, Unicode);
        public XFont BoldFont { get; } = new(ContractFonts.Family, FontSize, XFontStyleEx.Bold, Unicode);
        public XFont HeadingFont { get; } = new(ContractFonts.Family, FontSize + 0.5, XFontStyleEx.Bold, Unicode);
        public XFont TitleFont { get; } = new(ContractFonts.Family, FontSize + 1.5, XFontStyleEx.Bold, Unicode);
        public XFont SmallFont { get; } = new(ContractFonts.Family, FontSize - 1.5, XFontStyleEx.Regular, Unicode);

        public double ColumnWidth { get; }

        private double Bottom => page.Height.Point - MarginBottom;

        /// <summary>A row with the Kazakh wording on the left and the Russian on the right.</summary>
        public void Both(Func<ContractWording, List<Line>> build, double spaceAfter = 0, double keepWithNext = 0) =>
            Row(build(ContractWording.Kazakh), build(ContractWording.Russian), spaceAfter, keepWithNext);

        public void Row(List<Line> left, List<Line> right, double spaceAfter, double keepWithNext = 0)
        {
            var count = Math.Max(left.Count, right.Count);
            var heights = Enumerable.Range(0, count)
                .Select(i => Math.Max(i < left.Count ? left[i].Height : 0, i < right.Count ? right[i].Height : 0))
                .ToList();
            var total = heights.Sum();
            var pageHeight = Bottom - MarginTop;
            if (y + total + keepWithNext > Bottom && total + keepWithNext < pageHeight / 3)
            {
                NewPage();
            }

            for (var i = 0; i < count; i++)
            {
                if (y + heights[i] > Bottom)
                {
                    NewPage();
                }

                var top = y;
                if (i < left.Count)
                {
                    Draw(left[i], MarginLeft);
                }

                if (i < right.Count)
                {
                    Draw(right[i], MarginLeft + ColumnWidth + Gutter);
                }

                y += heights[i];
                var divider = dividers[^1];
                dividers[^1] = (divider?.Top ?? top, y);
            }

            y += spaceAfter;
        }

        /// <summary>A full-width horizontal line that also ends the column divider.</summary>
        public void Rule()
        {
            if (y + 4 > Bottom)
            {
                NewPage();
            }

            graphics.DrawLine(XPens.Gray, MarginLeft, y, page.Width.Point - MarginRight, y);
            y += 6;
            dividers.Add(null);
        }

        public List<Line> Paragraph(string text, XFont? font = null)
        {
            font ??= RegularFont;
            return [.. Wrap(text, font, ColumnWidth).Select(line => Single(line, font, 0))];
        }

        public List<Line> Heading(string text) =>
            [Gap(2), .. Wrap(text, HeadingFont, ColumnWidth).Select(line => Single(line, HeadingFont, 0)), Gap(2)];

        public List<Line> Centered(string text, XFont font) =>
            [.. Wrap(text, font, ColumnWidth).Select(line => Single(line, font, (ColumnWidth - Measure(line, font)) / 2))];

        /// <summary>One line with <paramref name="left"/> at the left edge and <paramref name="right"/> at the right.</summary>
        public List<Line> Split(string left, string right)
        {
            var width = Measure(right, RegularFont);
            return [new Line([new(left, RegularFont, 0), new(right, RegularFont, ColumnWidth - width)], RegularFont.GetHeight())];
        }

        /// <summary>A label and its value; an empty value is a line for the parent to fill in.</summary>
        public List<Line> Field(string label, string? value)
        {
            var labels = Wrap(label + ":", RegularFont, LabelWidth - 4);
            var values = string.IsNullOrWhiteSpace(value)
                ? [Blank]
                : Wrap(value, BoldFont, ColumnWidth - LabelWidth);
            var valueFont = string.IsNullOrWhiteSpace(value) ? RegularFont : BoldFont;
            var lines = new List<Line>();
            for (var i = 0; i < Math.Max(labels.Count, values.Count); i++)
            {
                var segments = new List<Segment>();
                if (i < labels.Count)
                {
                    segments.Add(new(labels[i], RegularFont, 0));
                }

                if (i < values.Count)
                {
                    segments.Add(new(values[i], valueFont, LabelWidth));
                }

                lines.Add(new Line(segments, Math.Max(RegularFont.GetHeight(), valueFont.GetHeight())));
            }

            return lines;
        }

        /// <summary>A numbered clause with a hanging indent.</summary>
        public List<Line> Clause(string number, string text)
        {
            const double indent = 20;
            var lines = Wrap(text, RegularFont, ColumnWidth - indent);
            return [.. lines.Select((line, i) => new Line(
                i == 0 ? [new(number, RegularFont, 0), new(line, RegularFont, indent)] : [new(line, RegularFont, indent)],
                RegularFont.GetHeight()))];
        }

        public Line Gap(double height) => new([], height);

        /// <summary>Draws the column dividers and the page footers, which need the page count.</summary>
        public void Finish(Func<ContractWording, int, int, string> footer)
        {
            DrawDividers();
            graphics.Dispose();
            var pages = document.PageCount;
            for (var i = 0; i < pages; i++)
            {
                var current = document.Pages[i];
                using var gfx = XGraphics.FromPdfPage(current, XGraphicsPdfPageOptions.Append);
                var lineY = current.Height.Point - MarginBottom + 14;
                gfx.DrawLine(XPens.LightGray, MarginLeft, lineY, current.Width.Point - MarginRight, lineY);
                var columns = new[] { (ContractWording.Kazakh, MarginLeft), (ContractWording.Russian, MarginLeft + ColumnWidth + Gutter) };
                foreach (var (wording, x) in columns)
                {
                    var text = footer(wording, i + 1, pages);
                    var width = gfx.MeasureString(text, SmallFont).Width;
                    gfx.DrawString(text, SmallFont, XBrushes.DimGray, x + (ColumnWidth - width) / 2, lineY + 4, XStringFormats.TopLeft);
                }
            }

            graphics = null!;
        }

        public void Dispose() => graphics?.Dispose();

        private static Line Single(string text, XFont font, double dx) => new([new(text, font, dx)], font.GetHeight());

        private void NewPage()
        {
            if (graphics is not null)
            {
                DrawDividers();
                graphics.Dispose();
            }

            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            graphics = XGraphics.FromPdfPage(page);
            y = MarginTop;
            dividers.Clear();
            dividers.Add(null);
        }

        private void DrawDividers()
        {
            var x = MarginLeft + ColumnWidth + Gutter / 2;
            foreach (var divider in dividers)
            {
                if (divider is { } span)
                {
                    graphics.DrawLine(XPens.LightGray, x, span.Top, x, span.Bottom);
                }
            }
        }

        private void Draw(Line line, double x)
        {
            foreach (var segment in line.Segments)
            {
                graphics.DrawString(segment.Text, segment.Font, XBrushes.Black, x + segment.Dx, y, XStringFormats.TopLeft);
            }
        }

        private double Measure(string text, XFont font) => graphics.MeasureString(text, font).Width;

        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var current = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : $"{current} {word}";
                if (Measure(candidate, font) <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (current.Length > 1 && Measure(current, font) > width)
                {
                    var cut = current.Length - 1;
                    while (cut > 1 && Measure(current[..cut], font) > width)
                    {
                        cut--;
                    }

                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }

            if (current.Length > 0 || lines.Count == 0)
            {
                lines.Add(current);
            }

            return lines;
        }
    }
}
