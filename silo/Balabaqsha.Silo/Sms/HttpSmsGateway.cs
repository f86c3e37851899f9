using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Balabaqsha.Abstractions;
using Balabaqsha.Domain.Privacy;
using Balabaqsha.Silo.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Balabaqsha.Silo.Sms;

/// <summary>Sends SMS through the operator's HTTP gateway: a JSON POST with basic authentication.</summary>
public sealed class HttpSmsGateway(HttpClient http, IOptions<PortalOptions> options, ILogger<HttpSmsGateway> logger) : ISmsSender
{
    public async Task SendAsync(string phone, string text, CancellationToken cancellationToken = default)
    {
        var sms = options.Value.Sms;
        var body = sms.Template.Replace("{phone}", Escape(phone), StringComparison.Ordinal)
            .Replace("{text}", Escape(text), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(sms.Username))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sms.Username}:{sms.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogError("SMS gateway refused a message to {Phone}: {Status}", Mask.Phone(phone), (int)response.StatusCode);
            throw new HttpRequestException($"The SMS gateway answered {(int)response.StatusCode}.");
        }

        logger.LogInformation("SMS to {Phone} handed to the gateway", Mask.Phone(phone));
    }

    private static string Escape(string value)
    {
        var json = JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return json[1..^1];
    }
}
