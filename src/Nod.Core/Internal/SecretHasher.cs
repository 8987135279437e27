using System.Security.Cryptography;
using System.Text;

namespace Nod.Internal;

/// <summary>Agent secrets are kept only as SHA-256 and compared in constant time.</summary>
internal static class SecretHasher
{
    public static string Hash(string secret)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="storedHash"/>; the time taken does not depend on where they differ.</summary>
    public static bool Matches(string? secret, string storedHash)
    {
        // Hash even an empty secret so a missing secret costs the same as a wrong one.
        var presented = Encoding.ASCII.GetBytes(Hash(secret ?? string.Empty));
        var stored = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }
}
