using System.Numerics;
using System.Security.Cryptography;

namespace DicomHub.Dicom.Data;

/// <summary>UID helpers: validation and generation (PS3.5 9 and B.2).</summary>
public static class DicomUid
{
    /// <summary>At most 64 characters, digits and dots, no empty or zero-led components (except "0").</summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
        {
            return false;
        }

        foreach (var component in uid.Split('.'))
        {
            if (component.Length == 0 || (component.Length > 1 && component[0] == '0') || !component.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new UID under 2.25 from a random 122-bit UUID (PS3.5 B.2): unique without any registration.</summary>
    public static string Generate() => "2.25." + ToBigInteger(Guid.NewGuid());

    /// <summary>
    /// A new UID under an organisation's root: root + "." + a random number, cut to 64 characters.
    /// With <paramref name="root"/> null or empty, the 2.25 form is used.
    /// </summary>
    public static string Generate(string? root)
    {
        if (string.IsNullOrEmpty(root))
        {
            return Generate();
        }

        if (!IsValid(root) || root.Length > 40)
        {
            throw new ArgumentException($"UID root '{root}' is not a valid UID prefix of at most 40 characters.", nameof(root));
        }

        var suffix = ToBigInteger(Guid.NewGuid()).ToString(System.Globalization.CultureInfo.InvariantCulture).TrimStart('0');
        var room = 64 - root.Length - 1;
        return root + "." + (suffix.Length > room ? suffix[..room] : suffix);
    }

    /// <summary>
    /// A UID derived from a seed and a name, the same every time: for reproducible synthetic data
    /// (`generate --seed`). Uses the 2.25 form over a SHA-256 of the inputs.
    /// </summary>
    public static string Derive(string seed, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed + "\n" + name), hash);
        return "2.25." + new BigInteger(hash[..15], isUnsigned: true, isBigEndian: true);
    }

    private static BigInteger ToBigInteger(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
