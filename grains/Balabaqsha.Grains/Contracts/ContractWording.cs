using System.Globalization;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Contracts;
using Balabaqsha.Domain.Identity;
using NodaTime;
using NodaTime.Text;

namespace Balabaqsha.Grains.Contracts;

/// <summary>
/// The contract template in one language. The two versions share one structure (<see cref="ContractPdf"/>
/// lays them out side by side), so a clause added to one must be added to the other.
/// </summary>
internal sealed class ContractWording
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("dd.MM.yyyy");

    public required Func<ContractText, string> Pick { get; init; }
    public required string Title { get; init; }
    public required Func<ContractTerms, string> Place { get; init; }
    public required Func<LocalDate, string> Dated { get; init; }
    public required Func<ContractTerms, string> Preamble { get; init; }

    public required string PartiesHeading { get; init; }
    public required string KindergartenLabel { get; init; }
    public required string NumberLabel { get; init; }
    public required string AddressLabel { get; init; }
    public required string BinLabel { get; init; }
    public required string SignerLabel { get; init; }
    public required string ParentLabel { get; init; }
    public required string ParentShortLabel { get; init; }
    public required string IinLabel { get; init; }
    public required string PhoneLabel { get; init; }
    public required string SecondPhoneLabel { get; init; }
    public required string HomeAddressLabel { get; init; }

    public required string SubjectHeading { get; init; }
    public required Func<ContractTerms, string> Subject { get; init; }
    public required string ChildLabel { get; init; }
    public required string BirthDateLabel { get; init; }
    public required string GroupLabel { get; init; }
    public required string GroupLanguageLabel { get; init; }
    public required string AgesLabel { get; init; }
    public required string GroupTypeLabel { get; init; }
    public required string VoucherLabel { get; init; }
    public required string StartLabel { get; init; }
    public required string PlaceClause { get; init; }

    public required Func<string, string> LanguageName { get; init; }
    public required Func<int, int, string> Ages { get; init; }
    public required Func<ContractGroup, string> GroupType { get; init; }
    public required Func<ContractVoucher, string> Voucher { get; init; }

    public required string KindergartenDutiesHeading { get; init; }
    public required IReadOnlyList<string> KindergartenDuties { get; init; }
    public required string SanatoriumDuty { get; init; }
    public required string ParentDutiesHeading { get; init; }
    public required IReadOnlyList<string> ParentDuties { get; init; }
    public required string TermHeading { get; init; }
    public required IReadOnlyList<string> TermClauses { get; init; }

    public required string SignaturesHeading { get; init; }
    public required string SignaturesNote { get; init; }
    public required string Signature { get; init; }
    public required Func<string, int, int, string> PageFooter { get; init; }

    /// <summary>A short text in both languages, once if they agree.</summary>
    public static string Both(Func<ContractWording, string> text) =>
        text(Kazakh) == text(Russian) ? text(Kazakh) : $"{text(Kazakh)} / {text(Russian)}";

    public static string Date(LocalDate date) => DatePattern.Format(date);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static ContractWording Kazakh { get; } = new()
    {
        Pick = text => text.Kk,
        Title = "МЕКТЕПКЕ ДЕЙІНГІ ТӘРБИЕ МЕН ОҚЫТУ ТУРАЛЫ ШАРТ",
        Place = t => t.City.Kk,
        Dated = date => $"{Date(date)} ж.",
        Preamble = t =>
            $"{t.Kindergarten.Name.Kk} (бұдан әрі – Ұйым) атынан басшы {t.Kindergarten.SignerName}, бір тараптан, " +
            $"және баланың заңды өкілі {t.Parent.FullName} (бұдан әрі – Ата-ана), екінші тараптан, " +
            "төмендегілер туралы осы шартты жасасты.",

        PartiesHeading = "1. Тараптар",
        KindergartenLabel = "Ұйым",
        NumberLabel = "Ұйымның нөмірі",
        AddressLabel = "Мекенжайы",
        BinLabel = "БСН",
        SignerLabel = "Басшы",
        ParentLabel = "Ата-ана (заңды өкіл)",
        ParentShortLabel = "Ата-ана",
        IinLabel = "ЖСН",
        PhoneLabel = "Телефон",
        SecondPhoneLabel = "Қосымша телефон",
        HomeAddressLabel = "Тұратын мекенжайы",

        SubjectHeading = "2. Шарттың мәні",
        Subject = t =>
            "2.1. Ұйым мемлекеттік білім беру тапсырысы шеңберінде " +
            $"№ {t.Voucher.Id} жолдама негізінде баланы төмендегі топқа қабылдайды және оған мектепке " +
            "дейінгі тәрбие мен оқыту қызметін көрсетеді; Ата-ана осы шарттың талаптарын орындауға міндеттенеді.",
        ChildLabel = "Бала",
        BirthDateLabel = "Туған күні",
        GroupLabel = "Топ",
        GroupLanguageLabel = "Оқыту тілі",
        AgesLabel = "Балалардың жасы",
        GroupTypeLabel = "Топ түрі",
        VoucherLabel = "Жолдама",
        StartLabel = "Баруды бастау күні",
        PlaceClause =
            "2.2. Орын мемлекеттік білім беру тапсырысы есебінен беріледі. Бала осы шарт бойынша қабылданғаннан " +
            "кейін жолдама пайдаланылды деп есептеледі.",

        LanguageName = code => code switch
        {
            Languages.Kazakh => "қазақ тілі",
            Languages.Russian => "орыс тілі",
            _ => code,
        },
        Ages = (min, max) => $"{Number(min)}–{Number(max)} жас",
        GroupType = g => g.QueueType == QueueType.Sanatorium
            ? "санаторлық топ" + (g.RehabilitationType is { } rehabilitation ? $" ({rehabilitation.Kk})" : "")
            : "жалпы топ",
        Voucher = v => $"№ {v.Id}, {Date(v.AcceptedOn)} ж. қабылданды",

        KindergartenDutiesHeading = "3. Ұйымның міндеттері",
        KindergartenDuties =
        [
            "Баланы мектепке дейінгі тәрбие мен оқытудың мемлекеттік жалпыға міндетті стандартына сәйкес тәрбиелеу және оқыту.",
            "Баланың өмірі мен денсаулығын қорғауды, Ұйымда болған уақытта қауіпсіз жағдайды қамтамасыз ету.",
            "Баланы жас ерекшелігіне сай тамақпен, жиһазбен, ойыншықтармен және оқу құралдарымен қамтамасыз ету.",
            "Ата-ананы баланың дамуы туралы, сондай-ақ топ жұмысындағы өзгерістер туралы уақтылы хабардар ету.",
            "Бала мен Ата-ананың дербес деректерін Қазақстан Республикасының заңнамасына сәйкес қорғау.",
        ],
        SanatoriumDuty = "Санаторлық топта дәрігердің тағайындауы бойынша сауықтыру және оңалту іс-шараларын өткізу.",
        ParentDutiesHeading = "4. Ата-ананың міндеттері",
        ParentDuties =
        [
            "Шартқа қол қойғанға дейін құжаттарды тіркеу: 027/у нысанды анықтама, баланың туу туралы куәлігі, " +
            "ата-ананың жеке куәлігі, 052-2/у нысанды «Баланың денсаулық паспорты», 065/у нысанды " +
            "профилактикалық екпелер картасы, ПМПК қорытындысы (бар болса).",
            "Баланы Ұйымға сау және ұқыпты күйде әкелу және белгіленген уақытта өзі немесе сенім білдірілген адам арқылы алып кету.",
            "Баланың келмейтіні туралы алдын ала, ал ауырған жағдайда сол күні хабарлау.",
            "Байланыс деректері немесе тұратын мекенжайы өзгерген кезде Ұйымға хабарлау.",
            "Ұйымның ішкі тәртіп ережелерін сақтау.",
        ],
        TermHeading = "5. Шарттың мерзімі",
        TermClauses =
        [
            "Шарт екі Тарап ЭЦП-мен қол қойған күннен бастап күшіне енеді және бала Ұйымнан шыққанға дейін әрекет етеді.",
            "Шарт Тараптардың келісімі бойынша немесе заңнамада көзделген негіздер бойынша мерзімінен бұрын бұзылуы мүмкін.",
            "Шарт қазақ және орыс тілдерінде жасалды; екі мәтіннің күші бірдей.",
        ],

        SignaturesHeading = "6. Тараптардың қолтаңбалары",
        SignaturesNote =
            "Тараптар шартқа электрондық цифрлық қолтаңбамен (ЭЦП) қол қояды: алдымен Ата-ана, содан кейін Ұйым. " +
            "Қолтаңбалар осы файлдан бөлек сақталады (CAdES); қағаз данасы қажет емес.",
        Signature = "ЭЦП-мен қол қойылады",
        PageFooter = (number, page, pages) => $"Шарт № {number} · {Number(page)}/{Number(pages)} бет",
    };

    public static ContractWording Russian { get; } = new()
    {
        Pick = text => text.Ru,
        Title = "ДОГОВОР О ДОШКОЛЬНОМ ВОСПИТАНИИ И ОБУЧЕНИИ",
        Place = t => t.City.Ru,
        Dated = date => $"{Date(date)} г.",
        Preamble = t =>
            $"{t.Kindergarten.Name.Ru} (далее – Организация), от имени которой действует руководитель " +
            $"{t.Kindergarten.SignerName}, с одной стороны, " +
            $"и законный представитель ребёнка {t.Parent.FullName} (далее – Родитель), с другой стороны, " +
            "заключили настоящий договор о нижеследующем.",

        PartiesHeading = "1. Стороны",
        KindergartenLabel = "Организация",
        NumberLabel = "Номер организации",
        AddressLabel = "Адрес",
        BinLabel = "БИН",
        SignerLabel = "Руководитель",
        ParentLabel = "Родитель (законный представитель)",
        ParentShortLabel = "Родитель",
        IinLabel = "ИИН",
        PhoneLabel = "Телефон",
        SecondPhoneLabel = "Дополнительный телефон",
        HomeAddressLabel = "Адрес проживания",

        SubjectHeading = "2. Предмет договора",
        Subject = t =>
            "2.1. Организация в рамках государственного образовательного заказа на основании " +
            $"направления № {t.Voucher.Id} принимает ребёнка в указанную ниже группу и оказывает ему услуги " +
            "дошкольного воспитания и обучения; Родитель обязуется выполнять условия настоящего договора.",
        ChildLabel = "Ребёнок",
        BirthDateLabel = "Дата рождения",
        GroupLabel = "Группа",
        GroupLanguageLabel = "Язык обучения",
        AgesLabel = "Возраст детей",
        GroupTypeLabel = "Вид группы",
        VoucherLabel = "Направление",
        StartLabel = "Дата начала посещения",
        PlaceClause =
            "2.2. Место предоставляется за счёт государственного образовательного заказа. Направление считается " +
            "использованным после зачисления ребёнка по настоящему договору.",

        LanguageName = code => code switch
        {
            Languages.Kazakh => "казахский",
            Languages.Russian => "русский",
            _ => code,
        },
        Ages = (min, max) => $"от {Number(min)} до {Number(max)} {(max == 1 ? "года" : "лет")}",
        GroupType = g => g.QueueType == QueueType.Sanatorium
            ? "санаторная группа" + (g.RehabilitationType is { } rehabilitation ? $" ({rehabilitation.Ru})" : "")
            : "общая группа",
        Voucher = v => $"№ {v.Id}, принято {Date(v.AcceptedOn)} г.",

        KindergartenDutiesHeading = "3. Обязанности Организации",
        KindergartenDuties =
        [
            "Воспитывать и обучать ребёнка в соответствии с государственным общеобязательным стандартом дошкольного воспитания и обучения.",
            "Обеспечивать охрану жизни и здоровья ребёнка и безопасные условия во время его пребывания в Организации.",
            "Обеспечивать ребёнка питанием по возрастным нормам, мебелью, игрушками и учебными пособиями.",
            "Своевременно сообщать Родителю о развитии ребёнка и об изменениях в работе группы.",
            "Защищать персональные данные ребёнка и Родителя в соответствии с законодательством Республики Казахстан.",
        ],
        SanatoriumDuty = "В санаторной группе проводить оздоровительные и реабилитационные мероприятия по назначению врача.",
        ParentDutiesHeading = "4. Обязанности Родителя",
        ParentDuties =
        [
            "До подписания договора приложить документы: справку формы 027/у, свидетельство о рождении ребёнка, " +
            "удостоверение личности родителя, справку формы 052-2/у «Паспорт здоровья ребёнка», карту " +
            "профилактических прививок формы 065/у, заключение ПМПК (при наличии).",
            "Приводить ребёнка в Организацию здоровым и опрятным и забирать его в установленное время лично или через доверенное лицо.",
            "Сообщать об отсутствии ребёнка заранее, а о его болезни – в тот же день.",
            "Сообщать Организации об изменении контактных данных или адреса проживания.",
            "Соблюдать правила внутреннего распорядка Организации.",
        ],
        TermHeading = "5. Срок действия договора",
        TermClauses =
        [
            "Договор вступает в силу со дня его подписания обеими Сторонами с помощью ЭЦП и действует до выбытия ребёнка из Организации.",
            "Договор может быть расторгнут досрочно по соглашению Сторон или по основаниям, предусмотренным законодательством.",
            "Договор составлен на казахском и русском языках; оба текста имеют одинаковую силу.",
        ],

        SignaturesHeading = "6. Подписи Сторон",
        SignaturesNote =
            "Стороны подписывают договор электронной цифровой подписью (ЭЦП): сначала Родитель, затем Организация. " +
            "Подписи хранятся отдельно от этого файла (CAdES); бумажный экземпляр не требуется.",
        Signature = "подписывается ЭЦП",
        PageFooter = (number, page, pages) => $"Договор № {number} · стр. {Number(page)} из {Number(pages)}",
    };
}
