using Balabaqsha.Abstractions.Identity;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>What the person typed in the «SMS» step; kept by the page so that going back keeps it.</summary>
public sealed class PhoneCodeModel
{
    public string? Phone { get; set; }

    public string? Iin { get; set; }

    public bool PolicyAccepted { get; set; }
}

/// <summary>A code the registry's phone owner confirmed: the normalized phone and IIN and the grain's answer.</summary>
public sealed record VerifiedCode(string Phone, string Iin, CodeVerified Result);
