using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Contracts;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Endpoints;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using NodaTime;
using NodaTime.Text;

namespace Balabaqsha.Web.Components.Pages.Applications;

/// <summary>
/// The parent's part of enrollment on the card (SPEC §7, the guide's «Процесс зачисления в ДО»): «Выбрать ДО»
/// lists the groups of the voucher's pool with a free place, «Зачислиться» → the child → the group →
/// «Подтвердить» holds a place; once the kindergarten sends the contract the parent attaches the documents
/// and signs it with their electronic signature, through NCALayer or a key file («Подписать и отправить»).
/// </summary>
public sealed partial class EnrollmentPanel
{
    /// <summary>The documents of the contract, in the guide's order; the last (ПМПК) only when there is one.</summary>
    public static IReadOnlyList<string> DocumentKinds => ContractDocuments.All;

    private readonly Dictionary<string, Upload> _documents = new(StringComparer.Ordinal);
    private FormFeedback _form = default!;
    private SignatureInput? _signature;
    private IReadOnlyList<KindergartenChoice>? _choices;
    private KindergartenChoice? _picked;
    private string? _groupId;
    private string? _uploading;
    private string? _kindergartenName;
    private string? _groupName;
    private (string KindergartenId, string GroupId)? _named;
    private ContractEntriesModel _entries = new();
    private bool _editingEntries;
    private string? _entriesFor;

    /// <summary>The card as last read.</summary>
    [Parameter, EditorRequired]
    public ApplicationView View { get; set; } = default!;

    /// <summary>The signed-in parent who owns the application.</summary>
    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    /// <summary>The card after an action of this panel.</summary>
    [Parameter]
    public EventCallback<ApplicationView> Changed { get; set; }

    [Inject]
    private NodaTime.IClock Clock { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private DocumentUploads Uploads { get; set; } = default!;

    [Inject]
    private ILogger<EnrollmentPanel> Logger { get; set; } = default!;

    private IApplicationGrain Grain => Grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(View.Number));

    protected override void OnInitialized()
    {
        _form = new FormFeedback(L, Logger);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (View.Status != ApplicationStatus.ChoosingKindergarten)
        {
            _choices = null;
            _picked = null;
        }

        // The form starts from what the contract holds; an edit in progress is not overwritten by a live refresh.
        if (View.Enrollment is { ContractSentAt: not null } sent && (_entriesFor != View.Number + sent.ContractSentAt || !_editingEntries))
        {
            _entriesFor = View.Number + sent.ContractSentAt;
            _editingEntries = sent.EntryAddress is null;
            _entries = new ContractEntriesModel
            {
                Address = sent.EntryAddress,
                SecondPhone = sent.EntrySecondPhone,
                Start = sent.EntryStart is { } start ? start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
            };
        }

        if (View.Enrollment is not { } request || _named == (request.KindergartenId, request.GroupId))
        {
            return;
        }

        _named = (request.KindergartenId, request.GroupId);
        var profile = await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(request.KindergartenId)).GetAsync();
        _kindergartenName = profile is null ? request.KindergartenId : $"{profile.Name.In(Preferences.Language)}, {profile.Address}";
        _groupName = profile?.Groups.FirstOrDefault(g => g.Id == request.GroupId) is { } group
            ? L["Enrollment.GroupName", group.Name, L[$"Language.{group.Language}"]]
            : request.GroupId;
    }

    private async Task LoadChoicesAsync()
    {
        if (View.Voucher is not { } voucher)
        {
            return;
        }

        await _form.RunAsync(async () =>
        {
            var choices = await Grains.GetGrain<IVoucherPoolGrain>(voucher.PoolKey).GetChoicesAsync();
            var kindergartens = new List<KindergartenChoice>();
            foreach (var byKindergarten in choices.Where(c => c.Free > 0).GroupBy(c => c.KindergartenId))
            {
                var profile = await Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(byKindergarten.Key)).GetAsync();
                if (profile is null)
                {
                    continue;
                }

                var groups = byKindergarten
                    .Select(c => profile.Groups.FirstOrDefault(g => g.Id == c.GroupId) is { } g ? new GroupChoice(g.Id, g.Name, g.Language, c.Free) : null)
                    .OfType<GroupChoice>()
                    .OrderBy(g => g.Name, StringComparer.CurrentCulture)
                    .ToList();
                if (groups.Count > 0)
                {
                    kindergartens.Add(new KindergartenChoice(profile.Id, profile.Number, profile.Name.In(Preferences.Language), profile.Address, groups));
                }
            }

            _choices = KindergartenChoiceOrder.Sort(kindergartens, View.PreferredKindergartenId, k => k.Id, k => k.Number);
        });
    }

    private void Pick(KindergartenChoice kindergarten)
    {
        _form.Clear();
        _picked = kindergarten;
        _groupId = kindergarten.Groups.Count == 1 ? kindergarten.Groups[0].Id : null;
    }

    private IReadOnlyList<SelectOption> GroupOptions(KindergartenChoice kindergarten) =>
        [.. kindergarten.Groups.Select(g => new SelectOption(g.Id, L["Enrollment.GroupLine", g.Name, L[$"Language.{g.Language}"], g.Free]))];

    private async Task RequestAsync()
    {
        if (_picked is not { } picked || _groupId is not { } groupId)
        {
            return;
        }

        ApplicationView? after = null;
        if (await _form.RunAsync(async () => after = await Grain.RequestPlaceAsync(Actor, picked.Id, groupId)) && after is not null)
        {
            _form.Succeed(L["Enrollment.Requested"]);
            await Changed.InvokeAsync(after);
            return;
        }

        // The place may have gone meanwhile: show what is left.
        if (_form.ErrorKey == "Error.Enrollment.NoFreePlace")
        {
            var error = _form.Error;
            _picked = null;
            await LoadChoicesAsync();
            if (error is not null)
            {
                _form.Fail("Error.Enrollment.NoFreePlace");
            }
        }
    }

    private async Task UploadAsync(string kind, InputFileChangeEventArgs e)
    {
        var file = e.File;
        _uploading = kind;
        _documents.Remove(kind);
        try
        {
            // The documents stay the parent's own: only they may read them back.
            await _form.RunAsync(async () =>
                _documents[kind] = new Upload(file.Name, await Uploads.UploadAsync(file, Actor.Iin, DocumentPurpose.ContractDocument)));
        }
        finally
        {
            _uploading = null;
        }
    }

    private async Task SignAsync()
    {
        if (_signature is null || _form.Busy)
        {
            return;
        }

        if (_editingEntries || View.Enrollment?.EntryAddress is null)
        {
            _form.Fail("Error.Contract.EntriesMissing");
            return;
        }

        var missing = ContractDocuments.Required.Where(k => !_documents.ContainsKey(k)).Select(k => L[$"Enrollment.Document.{k}"].Value).ToList();
        if (missing.Count > 0)
        {
            _form.Fail("Enrollment.Error.DocumentsMissing", string.Join(", ", missing));
            return;
        }

        ApplicationView? after = null;
        var documents = _documents.Select(d => $"{d.Key}:{d.Value.Sha256}").ToList();
        var done = await _form.RunAsync(async () =>
        {
            var (signature, errorKey) = await _signature.SignAsync(ContractEndpoints.Url(View.Number), Clock.GetCurrentInstant());
            if (signature is null)
            {
                _form.Fail(errorKey ?? "DevKeys.Error.Browser");
                return;
            }

            after = await Grain.SignByParentAsync(Actor, signature, documents);
        });
        if (done && after is not null)
        {
            _form.Succeed(L["Enrollment.Sent"]);
            await Changed.InvokeAsync(after);
        }
    }

    private async Task FillInAsync()
    {
        LocalDate? start = null;
        if (!string.IsNullOrWhiteSpace(_entries.Start))
        {
            var parsed = LocalDatePattern.Iso.Parse(_entries.Start.Trim());
            if (!parsed.Success)
            {
                _form.Fail("Error.Contract.StartDateFormat");
                return;
            }

            start = parsed.Value;
        }

        ApplicationView? after = null;
        if (await _form.RunAsync(async () => after = await Grain.FillInContractAsync(Actor, _entries.Address, _entries.SecondPhone, start)) && after is not null)
        {
            _editingEntries = false;
            _form.Succeed(L["Enrollment.EntriesSaved"]);
            await Changed.InvokeAsync(after);
        }
    }

    private sealed record Upload(string FileName, string Sha256);

    /// <summary>The parent's part of the contract as typed; the grain checks it.</summary>
    private sealed class ContractEntriesModel
    {
        public string? Address { get; set; }

        public string? SecondPhone { get; set; }

        /// <summary>yyyy-MM-dd, as a date input gives it.</summary>
        public string? Start { get; set; }
    }

    private sealed record GroupChoice(string Id, string Name, string Language, int Free);

    private sealed record KindergartenChoice(string Id, int Number, string Name, string Address, IReadOnlyList<GroupChoice> Groups);
}
