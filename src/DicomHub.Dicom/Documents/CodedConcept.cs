using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Documents;

/// <summary>A coded concept (Code Sequence Macro, PS3.3 Table 8.8-1): code value, coding scheme, meaning.</summary>
public sealed record CodedConcept(string Value, string Scheme, string Meaning)
{
    /// <summary>The default Key Object Selection title (CID 7010): (113000, DCM, "Of Interest").</summary>
    public static CodedConcept OfInterest { get; } = new("113000", "DCM", "Of Interest");

    /// <summary>Parses "VALUE^SCHEME^MEANING" or "(VALUE, SCHEME, \"MEANING\")"; null when it is neither.</summary>
    public static CodedConcept? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        string[] parts = trimmed.StartsWith('(') && trimmed.EndsWith(')')
            ? trimmed[1..^1].Split(',', 3, StringSplitOptions.TrimEntries)
            : trimmed.Split('^', 3, StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || parts.Any(p => p.Trim('"').Length == 0))
        {
            return null;
        }

        return new CodedConcept(parts[0], parts[1], parts[2].Trim('"'));
    }

    /// <summary>One item of a code sequence.</summary>
    public DicomDataset ToItem()
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.CodeValue, DicomVR.SH, Value);
        item.AddOrUpdate(DicomTags.CodingSchemeDesignator, DicomVR.SH, Scheme);
        item.AddOrUpdate(DicomTags.CodeMeaning, DicomVR.LO, Meaning);
        return item;
    }

    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";
}
