using Balabaqsha.Domain.Identity;
using NodaTime;

namespace Balabaqsha.Abstractions.Identity;

/// <summary>Which tab of the sign-in form the identifier came from.</summary>
public enum LoginKind
{
    Iin,
    Phone,
    Login,
    Email,
}

/// <summary>What an account shows about itself to its owner and to the cookie.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.AccountView")]
public sealed record AccountView(
    [property: Id(0)] string Iin,
    [property: Id(1)] Role Role,
    [property: Id(2)] string FullName,
    [property: Id(3)] string Phone,
    [property: Id(4)] string? Login,
    [property: Id(5)] string? Email,
    [property: Id(6)] string Language,
    [property: Id(7)] string? CityId,
    [property: Id(8)] string? KindergartenId,
    [property: Id(9)] Instant CreatedAt);

/// <summary>A code went out; the page shows the countdown from <see cref="SecondsValid"/>.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.CodeSent")]
public sealed record CodeSent([property: Id(0)] int SecondsValid);

/// <summary>
/// A code was accepted. The ticket lets the next step (password) complete; it is single-use and
/// short-lived. The registry data are shown to the person before they set a password.
/// </summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.CodeVerified")]
public sealed record CodeVerified(
    [property: Id(0)] string Ticket,
    [property: Id(1)] PersonCard Person);

/// <summary>Registry data shown to the person themselves: ФИО, sex, birth date.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.PersonCard")]
public sealed record PersonCard(
    [property: Id(0)] string Surname,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Patronymic,
    [property: Id(3)] Sex Sex,
    [property: Id(4)] LocalDate BirthDate);

/// <summary>
/// The outcome of a sign-in. A failure carries a message key that never tells whether the account
/// exists. A success carries a single-use nonce that the web server redeems when it sets the cookie.
/// </summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.SignInOutcome")]
public sealed record SignInOutcome(
    [property: Id(0)] AccountView? Account,
    [property: Id(1)] string? Nonce,
    [property: Id(2)] string? MessageKey,
    [property: Id(3)] int MessageArgument = 0)
{
    public bool Succeeded => Account is not null;

    public static SignInOutcome Failed(string key, int argument = 0) => new(null, null, key, argument);
}

/// <summary>A staff account as the demo data or the administrator creates it.</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.StaffAccount")]
public sealed record StaffAccount(
    [property: Id(0)] string Iin,
    [property: Id(1)] Role Role,
    [property: Id(2)] string Login,
    [property: Id(3)] string? CityId,
    [property: Id(4)] string? KindergartenId,
    [property: Id(5)] string PasswordHash);
