using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace DicomHub.Archive.Security.ApiKeys;

/// <summary>
/// The shape of an API key: "dhk_" + a 12-hex-digit id + "_" + 256 random bits in base64url. The id finds the
/// row (and is what `apikey list` shows and `apikey revoke` takes); the whole key is compared by its SHA-256 in
/// constant time. A slow password hash would add nothing: the secret is random, not chosen by a person.
/// No dots, so a key is never mistaken for a JWT in the same Authorization header.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "dhk_";

    private const int IdLength = 12;

    /// <summary>A new key and its id.</summary>
    public static (string Id, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>True when <paramref name="presented"/> has the shape of a DicomHub API key; <paramref name="id"/> is its id.</summary>
    public static bool TryParse(string presented, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length < Prefix.Length + IdLength + 2 || presented[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var candidate = presented.Substring(Prefix.Length, IdLength);
        if (!candidate.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        id = candidate;
        return true;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string presented, string storedHash)
    {
        var presentedHash = Encoding.ASCII.GetBytes(Hash(presented));
        return CryptographicOperations.FixedTimeEquals(presentedHash, Encoding.ASCII.GetBytes(storedHash));
    }
}
