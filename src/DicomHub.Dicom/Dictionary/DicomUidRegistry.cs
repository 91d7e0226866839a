using System.Collections.Frozen;

namespace DicomHub.Dicom.Dictionary;

/// <summary>
/// Looks up registered UIDs (PS3.6 Annex A, generated into <see cref="DicomUids"/> by
/// tools/dictionary/generate_uids.py): by UID or keyword, and whether a UID is a storage SOP class.
/// </summary>
public static class DicomUidRegistry
{
    private static readonly DicomUidEntry[] All = DicomUidEntries.Create();
    private static readonly FrozenDictionary<string, DicomUidEntry> ByUid = All.ToFrozenDictionary(e => e.Uid, StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, DicomUidEntry> ByKeyword = All.ToFrozenDictionary(e => e.Keyword, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every registered UID, in UID order.</summary>
    public static IReadOnlyList<DicomUidEntry> Entries => All;

    /// <summary>The entry of a UID (trailing NUL/space padding ignored), or null when it is not registered.</summary>
    public static DicomUidEntry? Find(string? uid)
    {
        if (string.IsNullOrEmpty(uid))
        {
            return null;
        }

        return ByUid.GetValueOrDefault(uid.TrimEnd('\0', ' '));
    }

    /// <summary>The entry of a keyword such as "CTImageStorage" (case-insensitive), or null.</summary>
    public static DicomUidEntry? FindByKeyword(string keyword) => ByKeyword.GetValueOrDefault(keyword.Trim());

    /// <summary>True for a registered storage SOP class (what C-STORE carries); false for unknown or private UIDs.</summary>
    public static bool IsStorageSopClass(string? uid) => Find(uid)?.IsStorageSopClass ?? false;

    /// <summary>The display name of a UID, or the UID itself when it is not registered (for logs and dumps).</summary>
    public static string NameOf(string uid) => Find(uid)?.Name ?? uid;
}
