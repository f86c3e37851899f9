using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;

namespace Balabaqsha.Web.Components.Pages.Applications;

/// <summary>
/// «Добавить заявление»: queue type, child, rehabilitation type and the doctor's conclusion (sanatorium),
/// locality, preferred kindergarten, language, an optional priority category with its proof, consent → «Отправить».
/// </summary>
public sealed partial class NewApplication
{
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private bool _loaded;
    private CatalogNames _names = CatalogNames.Empty;
    private IReadOnlyList<ChildCard> _children = [];
    private IReadOnlyList<KindergartenProfile> _kindergartens = [];
    private QueueType? _queueType;
    private string? _childIin;
    private string? _rehabilitationTypeId;
    private string? _cityId;
    private string? _kindergartenId;
    private string? _language;
    private string? _priorityId;
    private bool _consent;
    private Upload _conclusion = new();
    private Upload _proof = new();
    private UploadSlot? _uploading;
    private string? _parentIin;

    private enum UploadSlot
    {
        Conclusion,
        PriorityProof,
    }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>«sanatorium» or «general» preselects the queue type.</summary>
    [SupplyParameterFromQuery(Name = "queue")]
    private string? Queue { get; set; }

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private DocumentUploads Uploads { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<NewApplication> Logger { get; set; } = default!;

    private IReadOnlyList<SelectOption> QueueTypeOptions =>
    [
        new(nameof(QueueType.Sanatorium), L["QueueType.Sanatorium"]),
        new(nameof(QueueType.General), L["QueueType.General"]),
    ];

    private IReadOnlyList<SelectOption> ChildOptions =>
        [.. _children.Select(c => new SelectOption(c.Iin, L["NewApplication.ChildOption", c.FullName, Display.Date(c.BirthDate)]))];

    private IReadOnlyList<SelectOption> LanguageOptions =>
    [
        new(Languages.Kazakh, L["Language.kk"]),
        new(Languages.Russian, L["Language.ru"]),
    ];

    private IEnumerable<KindergartenProfile> MatchingKindergartens =>
        _queueType is not { } type
            ? []
            : _kindergartens.Where(k => k.Groups.Any(g => g.QueueType == type
                && (type == QueueType.General || _rehabilitationTypeId is null || g.RehabilitationTypeId == _rehabilitationTypeId)));

    private IReadOnlyList<SelectOption> KindergartenOptions =>
        [.. MatchingKindergartens.Select(k => new SelectOption(k.Id, L["NewApplication.KindergartenOption", k.Name.In(Preferences.Language), k.Address]))];

    private string KindergartenPlaceholder =>
        _queueType is null ? L["NewApplication.ChooseQueueFirst"]
        : MatchingKindergartens.Any() ? L["NewApplication.ChooseKindergarten"]
        : L["NewApplication.NoKindergartens"];

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _parentIin = (await AuthenticationState).User.Iin();
        _queueType = Queue?.ToLowerInvariant() switch
        {
            "sanatorium" => QueueType.Sanatorium,
            "general" => QueueType.General,
            _ => null,
        };
        _language = Preferences.Language == Languages.Kazakh ? Languages.Kazakh : Languages.Russian;
        if (_parentIin is null || !RendererInfo.IsInteractive)
        {
            return;
        }

        await _load.RunAsync(async () =>
        {
            _names = await CatalogNames.LoadAsync(Grains, Preferences.Language);
            _children = await Grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(_parentIin)).GetChildrenAsync(Actors.ActorFrom((await AuthenticationState).User));
            if (_children.Count == 1)
            {
                _childIin = _children[0].Iin;
            }

            _cityId = _names.Cities.Any(c => c.Id == Preferences.CityId) ? Preferences.CityId : _names.Cities.FirstOrDefault()?.Id;
            await LoadKindergartensAsync();
            _loaded = true;
        });
    }

    private void OnQueueTypeChanged(string? value)
    {
        _queueType = Enum.TryParse<QueueType>(value, out var type) ? type : null;
        KeepKindergartenIfMatching();
    }

    private void OnRehabilitationChanged(string? value)
    {
        _rehabilitationTypeId = value;
        KeepKindergartenIfMatching();
    }

    private async Task OnCityChangedAsync(string? value)
    {
        _cityId = value;
        _kindergartenId = null;
        await _load.RunAsync(LoadKindergartensAsync);
    }

    private async Task LoadKindergartensAsync()
    {
        _kindergartens = _cityId is null
            ? []
            : await Grains.GetGrain<ICityKindergartensGrain>(GrainKeys.CityKindergartens(_cityId)).GetAllAsync();
        KeepKindergartenIfMatching();
    }

    private void KeepKindergartenIfMatching()
    {
        if (_kindergartenId is not null && MatchingKindergartens.All(k => k.Id != _kindergartenId))
        {
            _kindergartenId = null;
        }
    }

    private async Task UploadAsync(UploadSlot slot, InputFileChangeEventArgs e)
    {
        if (_parentIin is null)
        {
            return;
        }

        var file = e.File;
        var upload = new Upload { FileName = file.Name };
        _uploading = slot;
        try
        {
            var purpose = slot == UploadSlot.Conclusion ? DocumentPurpose.Conclusion : DocumentPurpose.PriorityProof;
            await _form.RunAsync(async () =>
            {
                try
                {
                    upload.Sha256 = await Uploads.UploadAsync(file, _parentIin, purpose);
                }
                catch (DomainException ex)
                {
                    upload.Refusal = (ex.MessageKey, [.. ex.Arguments]);
                    throw;
                }
            });
            if (upload.Sha256 is null && upload.Refusal is null)
            {
                upload.Refusal = (_form.ErrorKey ?? "Error.Unexpected", []);
            }
        }
        finally
        {
            _uploading = null;
        }

        if (slot == UploadSlot.Conclusion)
        {
            _conclusion = upload;
        }
        else
        {
            _proof = upload;
        }
    }

    private async Task SubmitAsync()
    {
        if (_parentIin is null || _form.Busy)
        {
            return;
        }

        if (Missing() is { } problem)
        {
            _form.Fail(problem.Key, problem.Arguments);
            return;
        }

        var sanatorium = _queueType == QueueType.Sanatorium;
        var form = new ApplicationForm(
            _queueType!.Value,
            _childIin!,
            sanatorium ? _rehabilitationTypeId : null,
            sanatorium ? _conclusion.Sha256 : null,
            _cityId!,
            _kindergartenId,
            _language!,
            _priorityId,
            _priorityId is null ? null : _proof.Sha256,
            _consent);

        var user = (await AuthenticationState).User;
        string? number = null;
        if (await _form.RunAsync(async () => number = await Grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(_parentIin))
                .SubmitApplicationAsync(Actors.ActorFrom(user), form)))
        {
            Navigation.NavigateTo($"/applications/{Uri.EscapeDataString(number!)}");
        }
    }

    /// <summary>The first thing the form lacks, in the order of the form; the grain checks everything again.</summary>
    private (string Key, object[] Arguments)? Missing()
    {
        if (_queueType is null)
        {
            return ("Error.Application.QueueTypeRequired", []);
        }

        if (string.IsNullOrEmpty(_childIin))
        {
            return ("Error.Application.ChildRequired", []);
        }

        if (_queueType == QueueType.Sanatorium)
        {
            if (string.IsNullOrEmpty(_rehabilitationTypeId))
            {
                return ("Error.Application.RehabilitationTypeRequired", []);
            }

            if (_conclusion.Sha256 is null)
            {
                return _conclusion.Refusal ?? ("Error.Application.ConclusionRequired", []);
            }
        }

        if (string.IsNullOrEmpty(_cityId))
        {
            return ("Error.Application.CityRequired", []);
        }

        if (_kindergartenId is null && MatchingKindergartens.Any())
        {
            return ("Error.Application.KindergartenRequired", []);
        }

        if (string.IsNullOrEmpty(_language))
        {
            return ("Error.Application.Language", []);
        }

        if (_priorityId is not null && _proof.Sha256 is null)
        {
            return _proof.Refusal ?? ("Error.Application.PriorityProofRequired", []);
        }

        return _consent ? null : ("Error.Application.ConsentRequired", []);
    }

    private sealed class Upload
    {
        public string? FileName { get; init; }

        public string? Sha256 { get; set; }

        /// <summary>Why the server refused the file: a message key and its arguments.</summary>
        public (string Key, object[] Arguments)? Refusal { get; set; }
    }
}
