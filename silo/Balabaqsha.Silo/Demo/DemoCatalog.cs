using Balabaqsha.Domain.Applications;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;

namespace Balabaqsha.Silo.Demo;

/// <summary>The demo data of the embedded default: localities, catalogs and kindergartens.</summary>
public static class DemoCatalog
{
    public const string Almaty = "almaty";
    public const string Astana = "astana";
    public const string Shymkent = "shymkent";
    public const int AlmatyKindergartens = 42;

    public static IReadOnlyList<City> Cities { get; } =
    [
        new(Almaty, new("Алматы қ.", "г. Алматы", "Almaty"),
        [
            new("almaty-alatau", new("Алатау ауданы", "Алатауский район", "Alatau district")),
            new("almaty-almaly", new("Алмалы ауданы", "Алмалинский район", "Almaly district")),
            new("almaty-auezov", new("Әуезов ауданы", "Ауэзовский район", "Auezov district")),
            new("almaty-bostandyk", new("Бостандық ауданы", "Бостандыкский район", "Bostandyk district")),
            new("almaty-zhetysu", new("Жетісу ауданы", "Жетысуский район", "Zhetysu district")),
            new("almaty-medeu", new("Медеу ауданы", "Медеуский район", "Medeu district")),
            new("almaty-nauryzbay", new("Наурызбай ауданы", "Наурызбайский район", "Nauryzbay district")),
            new("almaty-turksib", new("Түрксіб ауданы", "Турксибский район", "Turksib district")),
        ]),
        new(Astana, new("Астана қ.", "г. Астана", "Astana"),
        [
            new("astana-almaty", new("Алматы ауданы", "район Алматы", "Almaty district")),
            new("astana-yesil", new("Есіл ауданы", "район Есиль", "Yesil district")),
            new("astana-saryarka", new("Сарыарқа ауданы", "район Сарыарка", "Saryarka district")),
            new("astana-baikonur", new("Байқоңыр ауданы", "район Байконур", "Baikonur district")),
            new("astana-nura", new("Нұра ауданы", "район Нура", "Nura district")),
        ]),
        new(Shymkent, new("Шымкент қ.", "г. Шымкент", "Shymkent"),
        [
            new("shymkent-abay", new("Әбай ауданы", "Абайский район", "Abay district")),
            new("shymkent-alfarabi", new("Әл-Фараби ауданы", "Аль-Фарабийский район", "Al-Farabi district")),
            new("shymkent-enbekshi", new("Еңбекші ауданы", "Енбекшинский район", "Enbekshi district")),
            new("shymkent-karatau", new("Қаратау ауданы", "Каратауский район", "Karatau district")),
            new("shymkent-turan", new("Тұран ауданы", "район Туран", "Turan district")),
        ]),
    ];

    public static IReadOnlyList<CatalogEntry> RehabilitationTypes { get; } =
    [
        new("rehab-tb-infected", new("Туберкулезбен жұқтырылған балалар", "Дети, инфицированные туберкулезом", "Children with TB infection"), 1, true),
        new("rehab-after-tb", new("Туберкулезден емделгеннен кейінгі балалар", "Дети после лечения туберкулеза", "Children after TB treatment"), 2, true),
        new("rehab-tb-contact", new("Туберкулезбен ауыратындармен байланыста болған балалар", "Дети из контакта с больными туберкулезом", "Children in contact with TB patients"), 3, true),
        new("rehab-frequently-ill", new("Жиі және ұзақ ауыратын балалар", "Часто и длительно болеющие дети", "Frequently and long-term ill children"), 4, true),
    ];

    public static IReadOnlyList<CatalogEntry> PriorityCategories { get; } =
    [
        new("priority-military", new("Әскери қызметшілердің және арнаулы мемлекеттік органдар қызметкерлерінің балалары", "Дети военнослужащих и сотрудников специальных государственных органов", "Children of military and special state bodies' staff"), 1, true),
        new("priority-orphans", new("Жетім балалар және ата-анасының қамқорлығынсыз қалған балалар", "Дети-сироты и дети, оставшиеся без попечения родителей", "Orphans and children left without parental care"), 2, true),
        new("priority-disabled-parents", new("Мүгедектігі бар ата-аналардың балалары", "Дети родителей с инвалидностью", "Children of parents with disabilities"), 2, true),
        new("priority-large-families", new("Көпбалалы отбасылардың балалары", "Дети из многодетных семей", "Children of large families"), 2, true),
        new("priority-special-needs", new("Ерекше білім беру қажеттіліктері бар балалар", "Дети с особыми образовательными потребностями", "Children with special educational needs"), 2, true),
    ];

    private static readonly (string Kk, string En)[] Names =
    [
        ("Балапан", "Balapan"), ("Айгөлек", "Aigolek"), ("Күншуақ", "Kunshuak"), ("Ақбота", "Akbota"), ("Болашақ", "Bolashak"),
        ("Еркетай", "Erketai"), ("Балбөбек", "Balbobek"), ("Құлыншақ", "Kulynshak"), ("Гүлдер", "Gulder"), ("Жұлдыз", "Zhuldyz"),
        ("Ақсұңқар", "Aksunkar"), ("Бәйтерек", "Baiterek"), ("Нұршуақ", "Nurshuak"), ("Шаттық", "Shattyk"), ("Қарлығаш", "Karlygash"),
    ];

    private static readonly string[] Streets =
    [
        "ул. Абая", "ул. Толе би", "пр. Райымбека", "ул. Жандосова", "мкр. Орбита-2", "ул. Сейфуллина", "ул. Тимирязева",
        "мкр. Аксай-3", "ул. Розыбакиева", "пр. Суюнбая", "ул. Навои", "мкр. Шугыла",
    ];

    /// <summary>The kindergartens of every demo locality: 42 in Almaty, four in Astana and Shymkent.</summary>
    public static IReadOnlyList<KindergartenProfile> Kindergartens()
    {
        var list = new List<KindergartenProfile>();
        foreach (var city in Cities)
        {
            var count = city.Id == Almaty ? AlmatyKindergartens : 4;
            for (var n = 1; n <= count; n++)
            {
                list.Add(Kindergarten(city, n));
            }
        }

        return list;
    }

    private static KindergartenProfile Kindergarten(City city, int n)
    {
        var (kk, en) = Names[(n - 1) % Names.Length];
        var number = city.Id == Almaty ? 100 + n : n;
        var languages = (n % 3) switch
        {
            0 => new[] { "kk" },
            1 => new[] { "kk", "ru" },
            _ => new[] { "ru" },
        };
        var groups = new List<KindergartenGroup>();
        var ages = new (int Min, int Max, string Kk, string Ru)[]
        {
            (1, 2, "Бөбектер", "Ясельная"), (2, 3, "Кіші топ", "Младшая"), (3, 4, "Ортаңғы топ", "Средняя"),
            (4, 5, "Ересек топ", "Старшая"), (5, 6, "Мектепалды топ", "Предшкольная"),
        };
        foreach (var language in languages)
        {
            foreach (var age in ages)
            {
                groups.Add(new KindergartenGroup(
                    $"g-{language}-{age.Min}", language == "kk" ? age.Kk : age.Ru, age.Min, age.Max, language,
                    QueueType.General, null, 20 + ((n + age.Min) % 6)));
            }
        }

        // Every third kindergarten also runs sanatorium groups, each for one rehabilitation type.
        if (n % 3 == 0 || city.Id != Almaty && n == 1)
        {
            var rehab = RehabilitationTypes[(n / 3) % RehabilitationTypes.Count];
            var second = RehabilitationTypes[((n / 3) + 1) % RehabilitationTypes.Count];
            groups.Add(new KindergartenGroup("g-san-1", "Санаторная группа 1", 2, 4, languages[0], QueueType.Sanatorium, rehab.Id, 15));
            groups.Add(new KindergartenGroup("g-san-2", "Санаторная группа 2", 4, 6, languages[^1], QueueType.Sanatorium, second.Id, 15));
        }

        var district = city.Districts[(n - 1) % city.Districts.Count];
        var id = $"{city.Id}-{n:D3}";
        return new KindergartenProfile(
            id,
            number,
            new LocalizedText($"№{number} «{kk}» балабақшасы", $"Детский сад №{number} «{kk}»", $"Kindergarten No. {number} “{en}”"),
            city.Id,
            district.Id,
            $"{Streets[(n - 1) % Streets.Length]}, {10 + (n * 7 % 190)}",
            n % 5 == 0 ? Ownership.Private : Ownership.State,
            languages,
            $"+7 (727) 3{n % 10}{(n * 3) % 10}-{10 + n:D2}-{20 + n:D2}",
            groups);
    }

    /// <summary>The staff login of the n-th kindergarten of Almaty.</summary>
    public static string StaffLogin(int n) => $"staff.{n}";

    public static string KindergartenId(string cityId, int n) => $"{cityId}-{n:D3}";

    internal static string Key(string id) => GrainKeys.Kindergarten(id);
}
