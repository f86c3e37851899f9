using System.Text;
using System.Text.Json;
using Balabaqsha.Silo.Hosting;
using Balabaqsha.Silo.Sms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Balabaqsha.Web.Tests;

/// <summary>The production SMS adapter against a real local HTTP endpoint that plays the gateway.</summary>
public sealed class HttpSmsGatewayTests : IAsyncLifetime
{
    private readonly List<(string? Authorization, string Body)> _received = [];
    private WebApplication? _gateway;
    private string _url = string.Empty;
    private int _status = StatusCodes.Status200OK;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _gateway = builder.Build();
        _gateway.MapPost("/send", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_received)
            {
                _received.Add((request.Headers.Authorization.ToString(), body));
            }

            return Results.StatusCode(_status);
        });
        await _gateway.StartAsync();
        _url = _gateway.Urls.First() + "/send";
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task SendAsync_ConfiguredGateway_PostsTemplateWithCredentials()
    {
        var gateway = Gateway();

        await gateway.SendAsync("+77011234567", "Код \"123456\"\nдля входа");

        var (authorization, body) = Assert.Single(_received);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("portal:s3cret")), authorization);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("+77011234567", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("Код \"123456\"\nдля входа", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("balabaqsha", json.RootElement.GetProperty("sender").GetString());
    }

    [Fact]
    public async Task SendAsync_GatewayRefuses_Throws()
    {
        _status = StatusCodes.Status503ServiceUnavailable;
        var gateway = Gateway();

        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.SendAsync("+77011234567", "text"));
    }

    private HttpSmsGateway Gateway() => new(
        new HttpClient(),
        Options.Create(new PortalOptions
        {
            Sms = new SmsGatewayOptions
            {
                Url = _url,
                Username = "portal",
                Password = "s3cret",
                Template = """{"to":"{phone}","text":"{text}","sender":"balabaqsha"}""",
            },
        }),
        NullLogger<HttpSmsGateway>.Instance);
}
