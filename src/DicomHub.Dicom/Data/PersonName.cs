namespace DicomHub.Dicom.Data;

/// <summary>
/// A PN value: up to three component groups (alphabetic, ideographic, phonetic) separated by '=', each of
/// up to five components (family, given, middle, prefix, suffix) separated by '^' (PS3.5 6.2.1).
/// </summary>
public sealed record PersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    public static PersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new PersonName(groups[0], groups.Length > 1 ? groups[1] : string.Empty, groups.Length > 2 ? groups[2] : string.Empty);
    }

    public string FamilyName => Component(Alphabetic, 0);

    public string GivenName => Component(Alphabetic, 1);

    public string MiddleName => Component(Alphabetic, 2);

    public string Prefix => Component(Alphabetic, 3);

    public string Suffix => Component(Alphabetic, 4);

    /// <summary>The DICOM form, without trailing empty groups.</summary>
    public override string ToString() =>
        Phonetic.Length > 0 ? $"{Alphabetic}={Ideographic}={Phonetic}"
        : Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}"
        : Alphabetic;

    private static string Component(string group, int index)
    {
        var parts = group.Split('^');
        return index < parts.Length ? parts[index] : string.Empty;
    }
}
