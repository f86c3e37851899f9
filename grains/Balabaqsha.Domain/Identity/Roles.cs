namespace Balabaqsha.Domain.Identity;

/// <summary>Who an account is; staff roles carry a scope (a city or a kindergarten).</summary>
public enum Role
{
    Parent,
    Doctor,
    KindergartenStaff,
    Operator,
    Administrator,
}

public static class RoleNames
{
    public const string Parent = nameof(Role.Parent);
    public const string Doctor = nameof(Role.Doctor);
    public const string KindergartenStaff = nameof(Role.KindergartenStaff);
    public const string Operator = nameof(Role.Operator);
    public const string Administrator = nameof(Role.Administrator);
}

/// <summary>The three interface languages; Russian is the default, as in the guide.</summary>
public static class Languages
{
    public const string Kazakh = "kk";
    public const string Russian = "ru";
    public const string English = "en";
    public const string Default = Russian;

    public static IReadOnlyList<string> All { get; } = [Kazakh, Russian, English];

    public static string Normalize(string? language) =>
        language is not null && All.Contains(language) ? language : Default;
}
