using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Balabaqsha.Domain.Signatures;
using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Silo.Signatures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>
/// Signing through NCALayer (SPEC §7, ЭЦП): the portal's page module (ncalayer.js) and the signature input of
/// the staff inbox talk to a stand-in for NCALayer — a WebSocket server in this process that speaks NCALayer's
/// JSON protocol and signs with a key the portal's test CA issued — and the portal verifies what comes back.
/// </summary>
public sealed class NcaLayerSigningTests(NcaLayerPortalFixture portal) : IClassFixture<NcaLayerPortalFixture>
{
    private const string StaffSignButton = "Подписать";

    // Each signing is a round trip through the circuit, NCALayer and the grains: allow for a busy machine.
    private static readonly LocatorAssertionsToContainTextOptions Answered = new() { Timeout = 20_000 };

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task SignDetached_NcaLayerSigns_AskedForADetachedCmsAndThePortalAcceptsIt()
    {
        var standIn = portal.NcaLayer;
        await standIn.StartAsync();
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dev/keys");
        using var key = await KeyOfAsync(context, "parent.1");
        var iin = ContractSignatureVerifier.IinOf(key)!;
        standIn.Behave(NcaLayerAnswer.Sign, key);

        var outcome = await SignInPageAsync(page, standIn.Url, Convert.ToBase64String(Pdf), iin);

        Assert.True(outcome.TryGetProperty("signature", out var signature), outcome.ToString());
        var request = standIn.LastRequest!;
        Assert.Equal("kz.gov.pki.knca.basics", (string?)request["module"]);
        Assert.Equal("sign", (string?)request["method"]);
        var args = request["args"]!;
        Assert.Equal("cms", (string?)args["format"]);
        Assert.Equal(Convert.ToBase64String(Pdf), (string?)args["data"]);
        Assert.Equal(iin, (string?)args["signerParams"]!["iin"]);
        Assert.Equal("kk", (string?)args["locale"]);

        var verdict = await VerifyAsync(context, Pdf, Convert.FromBase64String(signature.GetString()!), iin);
        Assert.True(verdict.GetProperty("valid").GetBoolean(), verdict.ToString());
        Assert.Equal(iin, verdict.GetProperty("iin").GetString());
    }

    [Fact]
    public async Task SignDetached_CancelledFailedOrNotRunning_SaysWhich()
    {
        var standIn = portal.NcaLayer;
        await standIn.StartAsync();
        await using var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dev/keys");
        var data = Convert.ToBase64String(Pdf);

        standIn.Behave(NcaLayerAnswer.Cancel);
        Assert.Equal("ncalayer-cancelled", (await SignInPageAsync(page, standIn.Url, data, null)).GetProperty("code").GetString());

        standIn.Behave(NcaLayerAnswer.Fail);
        Assert.Equal("ncalayer-failed", (await SignInPageAsync(page, standIn.Url, data, null)).GetProperty("code").GetString());

        var nobody = $"ws://127.0.0.1:{PortalProcess.FreePort()}/";
        Assert.Equal("ncalayer-unavailable", (await SignInPageAsync(page, nobody, data, null)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task StaffInbox_SignThroughNcaLayer_NotRunningThenCancelledThenSigned_ChildEnrolled()
    {
        // The demo data leaves one contract the parent signed in some Almaty kindergarten's inbox.
        var (context, page, login, request) = await StaffWithContractToSignAsync();
        await using var contextScope = context;
        var number = await request.GetAttributeAsync("data-number") ?? throw new InvalidOperationException("No number.");
        using var key = await KeyOfAsync(context, login);
        var staffIin = ContractSignatureVerifier.IinOf(key)!;

        // With the development controls on, the key file is offered and chosen first, NCALayer beside it.
        var keyFileMethod = request.GetByRole(AriaRole.Radio, new() { Name = "Файл ключа (.p12)", Exact = true });
        var ncaLayerMethod = request.GetByRole(AriaRole.Radio, new() { Name = "NCALayer", Exact = true });
        await Assertions.Expect(keyFileMethod).ToBeCheckedAsync();
        await Assertions.Expect(request.GetByLabel("Файл ключа ЭЦП (.p12)")).ToBeVisibleAsync();
        await ncaLayerMethod.CheckAsync();
        await Assertions.Expect(request.GetByLabel("Файл ключа ЭЦП (.p12)")).ToHaveCountAsync(0);
        await Assertions.Expect(request.GetByTestId("signature-ncalayer-hint")).ToBeVisibleAsync();

        // Nothing listens where NCALayer should be.
        await portal.NcaLayer.StopAsync();
        await request.GetByRole(AriaRole.Button, new() { Name = StaffSignButton, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-error")).ToContainTextAsync("NCALayer не запущен на этом компьютере", Answered);
        await Assertions.Expect(request).ToHaveAttributeAsync("data-status", "ContractSigning");

        // NCALayer runs, and the person closes its dialog.
        await portal.NcaLayer.StartAsync();
        portal.NcaLayer.Behave(NcaLayerAnswer.Cancel);
        await request.GetByRole(AriaRole.Button, new() { Name = StaffSignButton, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-error")).ToContainTextAsync("Подписание в NCALayer отменено", Answered);
        await Assertions.Expect(request).ToHaveAttributeAsync("data-status", "ContractSigning");

        // NCALayer signs with the staff member's key: the portal verifies it and the child is enrolled.
        portal.NcaLayer.Behave(NcaLayerAnswer.Sign, key);
        await request.GetByRole(AriaRole.Button, new() { Name = StaffSignButton, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-success")).ToContainTextAsync("ребенок зачислен", Answered);
        await Assertions.Expect(page.GetByTestId($"inbox-request-{number}")).ToHaveCountAsync(0);

        // What the page asked NCALayer for: a detached CMS over exactly the contract, by this staff member.
        var contract = await context.APIRequest.GetAsync($"/applications/{number}/contract.pdf");
        Assert.True(contract.Ok, $"HTTP {contract.Status}");
        var args = portal.NcaLayer.LastRequest!["args"]!;
        Assert.Equal(Convert.ToBase64String(await contract.BodyAsync()), (string?)args["data"]);
        Assert.Equal(staffIin, (string?)args["signerParams"]!["iin"]);
        Assert.Equal("ru", (string?)args["locale"]);
    }

    /// <summary>Runs ncalayer.js's signDetached in the page and returns its outcome.</summary>
    private static Task<JsonElement> SignInPageAsync(IPage page, string ncaLayerUrl, string dataBase64, string? iin) =>
        page.EvaluateAsync<JsonElement>(
            "async ([url, data, iin]) => (await import('/js/ncalayer.js')).signDetached(url, data, { iin, locale: 'kk', connectTimeoutMs: 5000, signTimeoutMs: 15000 })",
            new object?[] { ncaLayerUrl, dataBase64, iin });

    /// <summary>The portal's test-CA key of a demo login, as NCALayer would hold it.</summary>
    private static async Task<X509Certificate2> KeyOfAsync(IBrowserContext context, string login)
    {
        var response = await context.APIRequest.GetAsync($"/dev/keys/{login}.p12");
        Assert.True(response.Ok, $"No test key for {login}: HTTP {response.Status}");
        return X509CertificateLoader.LoadPkcs12(await response.BodyAsync(), DemoSeeder.DemoPassword);
    }

    /// <summary>The portal's own check of a signature (the development key door).</summary>
    private static async Task<JsonElement> VerifyAsync(IBrowserContext context, byte[] content, byte[] signature, string iin)
    {
        var form = context.APIRequest.CreateFormData();
        form.Set("content", new FilePayload { Name = "contract.pdf", MimeType = "application/pdf", Buffer = content });
        form.Set("signature", new FilePayload { Name = "contract.pdf.cms", MimeType = "application/pkcs7-signature", Buffer = signature });
        form.Set("iin", iin);
        var response = await context.APIRequest.PostAsync("/dev/keys/verify", new() { Multipart = form });
        Assert.True(response.Ok, $"HTTP {response.Status}");
        return (await response.JsonAsync())!.Value;
    }

    /// <summary>
    /// The signed-in staff whose inbox holds a contract the parent signed, and that request. The demo publishes
    /// its places in the Almaty kindergartens from the fourth on, so those are tried first.
    /// </summary>
    private async Task<(IBrowserContext Context, IPage Page, string Login, ILocator Request)> StaffWithContractToSignAsync()
    {
        var numbers = Enumerable.Range(4, DemoCatalog.AlmatyKindergartens - 3).Concat(Enumerable.Range(1, 3));
        foreach (var login in numbers.Select(DemoCatalog.StaffLogin))
        {
            var context = await portal.Browser.NewContextAsync(portal.BaseUrl);
            var page = await context.NewPageAsync();
            await PortalFlows.SignInAsync(page, "ЛОГИН", "Логин", login, DemoSeeder.DemoPassword);
            await page.WaitForURLAsync("**/cabinet");
            await page.GotoAsync("/kindergarten/requests");
            await Assertions.Expect(page.GetByTestId("inbox-count")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            var request = page.Locator("article[data-signed-by-parent='true'][data-status='ContractSigning']").First;
            if (await request.CountAsync() > 0)
            {
                await Assertions.Expect(request.GetByRole(AriaRole.Button, new() { Name = StaffSignButton, Exact = true })).ToBeEnabledAsync(new() { Timeout = 20_000 });
                return (context, page, login, request);
            }

            await context.DisposeAsync();
        }

        throw new InvalidOperationException("No demo contract signed by a parent waits in an Almaty kindergarten's inbox.");
    }
}

/// <summary>What the NCALayer stand-in answers to "sign".</summary>
public enum NcaLayerAnswer
{
    /// <summary>A detached CAdES-BES signature with the key it holds.</summary>
    Sign,

    /// <summary>The person closed NCALayer's dialog: status true, a body without a result.</summary>
    Cancel,

    /// <summary>NCALayer could not sign: status false with an error code.</summary>
    Fail,
}

/// <summary>
/// A protocol-level stand-in for NCALayer (kz.gov.pki.knca.basics, method sign) on a fixed 127.0.0.1 port, plain
/// ws://: greets each connection as NCALayer does, records the requests, and answers as told. It signs only what
/// the portal must ask for — a detached CMS over base64-decoded data — and refuses any other request as
/// NCALayer refuses parameters it cannot use, so a changed request fails the tests.
/// </summary>
public sealed class NcaLayerStandIn(int port) : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonNode> _requests = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _app;
    private volatile NcaLayerAnswer _answer = NcaLayerAnswer.Sign;
    private X509Certificate2? _key;

    public string Url { get; } = $"ws://127.0.0.1:{port}/";

    public JsonNode? LastRequest => _requests.LastOrDefault();

    /// <summary>How the next requests are answered, and with which key a signature is made.</summary>
    public void Behave(NcaLayerAnswer answer, X509Certificate2? key = null)
    {
        _key = key ?? _key;
        _answer = answer;
    }

    /// <summary>Starts listening (again); nothing happens when it already listens.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_app is not null)
            {
                return;
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            app.UseWebSockets();
            app.Run(ServeAsync);
            await app.StartAsync();
            _app = app;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops listening: the port is closed, as when NCALayer is not running.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_app is { } app)
            {
                _app = null;
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _gate.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await SendAsync(socket, new JsonObject { ["result"] = new JsonObject { ["version"] = "1.4" } });
        while (await ReceiveAsync(socket) is { } text)
        {
            var request = JsonNode.Parse(text)!;
            _requests.Enqueue(request);
            await SendAsync(socket, Answer(request));
        }
    }

    private JsonObject Answer(JsonNode request)
    {
        if ((string?)request["module"] != "kz.gov.pki.knca.basics" || (string?)request["method"] != "sign")
        {
            return Failure("INVOCATION_ERROR", "Unknown module or method");
        }

        var args = request["args"];
        var parameters = args?["signingParams"];
        if ((string?)args?["format"] != "cms" || args?["data"] is not JsonValue data
            || parameters?["decode"]?.GetValueKind() != JsonValueKind.True
            || parameters["encapsulate"]?.GetValueKind() != JsonValueKind.False
            || parameters["digested"]?.GetValueKind() != JsonValueKind.False)
        {
            return Failure("INVALID_SIGNING_PARAMS", "Only a detached CMS over base64 data is made here");
        }

        switch (_answer)
        {
            case NcaLayerAnswer.Cancel:
                return new JsonObject { ["status"] = true, ["body"] = new JsonObject() };
            case NcaLayerAnswer.Fail:
                return Failure("SIGNING_FAILURE", "The key could not be used");
        }

        var key = _key ?? throw new InvalidOperationException("The stand-in holds no key.");
        var signature = DemoSigner.SignDetached(Convert.FromBase64String(data.GetValue<string>()), key, DateTimeOffset.UtcNow);
        return new JsonObject
        {
            ["status"] = true,
            ["body"] = new JsonObject { ["result"] = new JsonArray(Convert.ToBase64String(signature)) },
        };
    }

    private static JsonObject Failure(string code, string message) =>
        new() { ["status"] = false, ["code"] = code, ["message"] = message, ["details"] = string.Empty };

    private static Task SendAsync(WebSocket socket, JsonNode message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string?> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                return null;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }

                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}

/// <summary>
/// The embedded portal with NCALayer configured at the stand-in's address (Balabaqsha:Signatures:NcaLayerUrl),
/// which listens from the start.
/// </summary>
public sealed class NcaLayerPortalFixture : EmbeddedPortalFixture
{
    public NcaLayerStandIn NcaLayer { get; } = new(PortalProcess.FreePort());

    public override async Task InitializeAsync()
    {
        await NcaLayer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await NcaLayer.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string>> MoreSettings() =>
        [new("Balabaqsha__Signatures__NcaLayerUrl", NcaLayer.Url)];
}
