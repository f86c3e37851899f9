using Balabaqsha.Web.Services;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Balabaqsha.Web.Components.Pages;

/// <summary>The guide's «Мои дети»: «Добавить ребенка» → ИИН → «Проверить ИИН» → registry data → «Сохранить».</summary>
public sealed partial class Children
{
    private IReadOnlyList<ChildCard>? _children;
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private bool _adding;
    private string? _iin;
    private ChildCard? _checked;
    private string? _saved;
    private string? _returnTo;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "return")]
    private string? Return { get; set; }

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Children> Logger { get; set; } = default!;

    private IParentGrain? Parent { get; set; }

    private Actor _actor = null!;

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _returnTo = Display.LocalPath(Return);
        _adding = _returnTo is not null;
        if ((await AuthenticationState).User.Iin() is { } iin)
        {
            _actor = Actors.ActorFrom((await AuthenticationState).User);
            Parent = Grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(iin));
            await _load.RunAsync(async () => _children = await Parent.GetChildrenAsync(_actor));
        }
    }

    private void StartAdding()
    {
        _adding = true;
        _saved = null;
        _iin = null;
        _checked = null;
        _form.Clear();
    }

    private void Cancel()
    {
        _adding = false;
        _iin = null;
        _checked = null;
        _form.Clear();
    }

    private void ChangeIin()
    {
        _checked = null;
        _form.Clear();
    }

    private void OnIinChanged(string? value)
    {
        _iin = value;
        _checked = null;
    }

    private Task SubmitAsync() => _checked is null ? CheckAsync() : SaveAsync();

    private async Task CheckAsync()
    {
        if (Parent is null)
        {
            return;
        }

        var iin = _iin?.Trim();
        await _form.RunAsync(async () => _checked = await Parent.CheckChildAsync(_actor, iin ?? string.Empty));
    }

    private async Task SaveAsync()
    {
        if (Parent is null || _checked is null)
        {
            return;
        }

        ChildCard? added = null;
        if (await _form.RunAsync(async () => added = await Parent.AddChildAsync(_actor, _checked.Iin)))
        {
            _saved = L["Children.Saved", added!.FullName];
            _adding = false;
            _checked = null;
            _iin = null;
            await _load.RunAsync(async () => _children = await Parent.GetChildrenAsync(_actor));
            if (_returnTo is not null)
            {
                Navigation.NavigateTo(_returnTo);
            }
        }
    }
}
