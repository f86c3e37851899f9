namespace Balabaqsha.Domain;

/// <summary>
/// An illegal move or invalid input. <see cref="MessageKey"/> names a resource string that the UI
/// localizes; the exception message itself is for developers and never carries personal data.
/// </summary>
public sealed class DomainException(string messageKey, params object[] arguments)
    : Exception(messageKey)
{
    public string MessageKey { get; } = messageKey;

    public IReadOnlyList<object> Arguments { get; } = arguments;
}
