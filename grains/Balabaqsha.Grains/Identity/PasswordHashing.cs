using Microsoft.AspNetCore.Identity;

namespace Balabaqsha.Grains.Identity;

/// <summary>Salted slow hashes through ASP.NET Core's <see cref="PasswordHasher{TUser}"/>.</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword(string.Empty, password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(string.Empty, hash, password) != PasswordVerificationResult.Failed;
}
