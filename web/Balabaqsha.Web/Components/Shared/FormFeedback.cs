using Balabaqsha.Domain;
using Microsoft.Extensions.Localization;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// The busy flag and the message of one form: runs an action, turns a <see cref="DomainException"/>
/// into its localized message and any other failure into a generic one (logged, never shown raw).
/// </summary>
public sealed class FormFeedback(IStringLocalizer localizer, ILogger logger)
{
    public bool Busy { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The resource key of the last error, for flows that react to a particular refusal.</summary>
    public string? ErrorKey { get; private set; }

    public string? Success { get; private set; }

    public void Clear()
    {
        Error = null;
        ErrorKey = null;
        Success = null;
    }

    public void Fail(string messageKey, params object[] arguments)
    {
        Success = null;
        ErrorKey = messageKey;
        Error = localizer.Message(messageKey, arguments);
    }

    public void Succeed(string text)
    {
        Error = null;
        ErrorKey = null;
        Success = text;
    }

    /// <summary>Runs the action unless another one is running; true when it completed without an error.</summary>
    public async Task<bool> RunAsync(Func<Task> action)
    {
        if (Busy)
        {
            return false;
        }

        Busy = true;
        Clear();
        try
        {
            await action();
            return Error is null;
        }
        catch (DomainException ex)
        {
            Fail(ex.MessageKey, [.. ex.Arguments]);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "A form action failed");
            Fail("Error.Unexpected");
            return false;
        }
        finally
        {
            Busy = false;
        }
    }
}
