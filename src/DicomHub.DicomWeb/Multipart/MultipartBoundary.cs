using System.Security.Cryptography;

namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// Multipart boundaries (RFC 2046 5.1.1): generated ones are random, so they cannot occur inside DICOM
/// data by accident, and every boundary is checked before it is used to write or read.
/// </summary>
public static class MultipartBoundary
{
    /// <summary>RFC 2046 allows at most 70 characters.</summary>
    public const int MaxLength = 70;

    private const string BoundaryChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'()+_,-./:=? ";

    /// <summary>A fresh boundary: a fixed prefix and 128 random bits in hex (a token, so it needs no quotes).</summary>
    public static string Generate() => "DicomHub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when <paramref name="boundary"/> may be written: 1-70 bchars, not ending in a space.</summary>
    public static bool IsValid(string? boundary) =>
        !string.IsNullOrEmpty(boundary) && boundary.Length <= MaxLength && !boundary.EndsWith(' ') &&
        boundary.All(c => BoundaryChars.Contains(c, StringComparison.Ordinal));

    /// <summary>Throws a clear error when <paramref name="boundary"/> cannot be written.</summary>
    public static void Validate(string boundary)
    {
        if (!IsValid(boundary))
        {
            throw new ArgumentException($"'{boundary}' is not a valid multipart boundary: it must be 1 to {MaxLength} characters from RFC 2046's bchars (letters, digits, '()+_,-./:=? ) and not end in a space.", nameof(boundary));
        }
    }
}
