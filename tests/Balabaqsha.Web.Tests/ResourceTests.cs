using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Balabaqsha.Web.Tests;

public sealed partial class ResourceTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> ResourceSets() =>
    [
        "web/Balabaqsha.Web/Resources/SharedResource",
        "grains/Balabaqsha.Grains/Resources/SmsTexts",
    ];

    [Theory]
    [MemberData(nameof(ResourceSets))]
    public void Resources_ThreeLanguages_HaveTheSameKeysAndNoEmptyValues(string baseName)
    {
        var neutral = Read($"{baseName}.resx");
        var russian = Read($"{baseName}.ru.resx");
        var kazakh = Read($"{baseName}.kk.resx");

        Assert.NotEmpty(neutral);
        Assert.Equal(neutral.Keys.Order(), russian.Keys.Order());
        Assert.Equal(neutral.Keys.Order(), kazakh.Keys.Order());
        Assert.All(neutral.Concat(russian).Concat(kazakh), pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key));
    }

    [Fact]
    public void Resources_EveryDomainMessageKey_IsTranslated()
    {
        var keys = Read("web/Balabaqsha.Web/Resources/SharedResource.resx").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(Path.Combine(Root, "grains"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "web"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => ErrorKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(keys));
    }

    [Fact]
    public void RazorFiles_ContainNoCyrillicText()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "web/Balabaqsha.Web/Components"), "*.razor", SearchOption.AllDirectories)
            .Where(f => Cyrillic().IsMatch(RazorComment().Replace(File.ReadAllText(f), string.Empty)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void RussianResources_UseTheGuideLabels()
    {
        var russian = Read("web/Balabaqsha.Web/Resources/SharedResource.ru.resx").Values.ToHashSet();

        foreach (var label in new[] { "Регистрация", "Вход", "Запросить код", "Отправить", "Сохранить", "Войти в систему", "Войти через код", "Забыли пароль?", "Запомнить меня" })
        {
            Assert.Contains(label, russian);
        }
    }

    private static Dictionary<string, string> Read(string relative) =>
        XDocument.Load(Path.Combine(Root, relative)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Balabaqsha.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Balabaqsha.sln not found above the test folder.");
    }

    [GeneratedRegex("\"(Error\\.[A-Za-z]+\\.[A-Za-z]+|Error\\.[A-Za-z]+)\"")]
    private static partial Regex ErrorKey();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex("[\\u0400-\\u04FF]")]
    private static partial Regex Cyrillic();
}
