using System.Globalization;
using Balabaqsha.Domain;

namespace Balabaqsha.Abstractions.Serialization;

// The domain knows nothing of Orleans; this surrogate lets a DomainException thrown in a grain reach
// the caller as a DomainException with its message key and arguments intact.
[GenerateSerializer]
public struct DomainExceptionSurrogate
{
    [Id(0)]
    public string MessageKey;

    [Id(1)]
    public string[] Arguments;
}

[RegisterConverter]
public sealed class DomainExceptionSurrogateConverter : IConverter<DomainException, DomainExceptionSurrogate>
{
    public DomainException ConvertFromSurrogate(in DomainExceptionSurrogate surrogate) =>
        new(surrogate.MessageKey, [.. surrogate.Arguments ?? []]);

    public DomainExceptionSurrogate ConvertToSurrogate(in DomainException value) => new()
    {
        MessageKey = value.MessageKey,
        Arguments = [.. value.Arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty)],
    };
}
