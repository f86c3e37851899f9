namespace Balabaqsha.Abstractions;

/// <summary>Sends a text message to a phone (+7XXXXXXXXXX).</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken cancellationToken = default);
}
