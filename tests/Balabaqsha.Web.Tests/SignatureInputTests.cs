using System.Globalization;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Balabaqsha.Web.Tests;

/// <summary>
/// How a contract is signed (SPEC §7, ЭЦП): production offers NCALayer alone; key files (.p12) only while the
/// development controls are on, or where the configuration allows them explicitly.
/// </summary>
public sealed class SignatureInputTests
{
    [Fact]
    public void Production_NcaLayerOnly_NoKeyFileInputAndNoChoice()
    {
        using var context = Context(new PortalOptions { DevelopmentControls = false }, new BrowserSigningOptions());

        var input = context.Render<SignatureInput>(p => p.Add(c => c.Id, "sign"));

        Assert.Equal(SignatureInput.NcaLayerMethod, input.Find("[data-testid=signature-input]").GetAttribute("data-method"));
        Assert.Empty(input.FindAll("input[type=file]"));
        Assert.Empty(input.FindAll("[data-testid=signature-method]"));
        Assert.Contains("NCALayer", input.Find("[data-testid=signature-ncalayer-hint]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void DevelopmentControls_KeyFileFirst_NcaLayerOffered()
    {
        using var context = Context(new PortalOptions { DevelopmentControls = true }, new BrowserSigningOptions());

        var input = context.Render<SignatureInput>(p => p.Add(c => c.Id, "sign"));

        Assert.Equal(SignatureInput.KeyFileMethod, input.Find("[data-testid=signature-input]").GetAttribute("data-method"));
        Assert.Equal("Файл ключа ЭЦП (.p12)", input.Find("label[for=sign-key]").TextContent);
        Assert.Equal(2, input.FindAll("input[type=radio]").Count);
    }

    [Fact]
    public void ProductionWithKeyFilesAllowedExplicitly_KeyFileOffered()
    {
        using var context = Context(new PortalOptions { DevelopmentControls = false }, new BrowserSigningOptions { AllowKeyFiles = true });

        var input = context.Render<SignatureInput>(p => p.Add(c => c.Id, "sign"));

        Assert.Single(input.FindAll("input[type=file]"));
    }

    [Theory]
    [InlineData("wss://127.0.0.1:13579/", true)]
    [InlineData("ws://127.0.0.1:40000/", true)]
    [InlineData("https://127.0.0.1:13579/", false)]
    [InlineData("not an address", false)]
    public void Validate_NcaLayerUrlMustBeAWebSocketAddress(string url, bool valid)
    {
        var options = new BrowserSigningOptions { NcaLayerUrl = url };

        Assert.Equal(valid, !options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Any());
    }

    private static BunitContext Context(PortalOptions portal, BrowserSigningOptions signing)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru");
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        context.Services.AddHttpContextAccessor();
        context.Services.AddScoped<PortalPreferences>();
        context.Services.AddLogging();
        context.Services.AddFluentUIComponents();
        context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(portal));
        context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(signing));
        return context;
    }
}
