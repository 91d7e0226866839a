namespace DicomHub.Archive.Query;

/// <summary>
/// The comparison form of a Person Name: upper-cased (PN matching may ignore case, PS3.4 C.2.2.2.1), with
/// trailing empty components and groups dropped so "DOE^JOHN^^^" and "Doe^John" compare equal.
/// </summary>
public static class PersonNameKey
{
    public static string Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        var groups = value.Split('=');
        for (var g = 0; g < groups.Length; g++)
        {
            var components = groups[g].Split('^').Select(c => c.Trim()).ToArray();
            groups[g] = string.Join('^', components).TrimEnd('^');
        }

        return string.Join('=', groups).TrimEnd('=').ToUpperInvariant();
    }
}
