using System.Globalization;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Json;

namespace DicomHub.DicomWeb.Json;

/// <summary>Reads DICOM JSON response bodies (STOW-RS answers, QIDO-RS results, WADO-RS metadata) with the toolkit's reader.</summary>
internal static class DicomJsonBody
{
    /// <summary>A JSON array of data sets, or a single data set as a one-element list.</summary>
    /// <exception cref="JsonException">The body is not DICOM JSON.</exception>
    public static async Task<IReadOnlyList<DicomDataset>> ReadAsync(Stream json, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(json, default, cancellationToken).ConfigureAwait(false);
        try
        {
            return DicomJsonReader.ReadMany(document.RootElement);
        }
        catch (DicomJsonException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>A US/UL/etc. value as an integer, for status and reason codes.</summary>
    public static int? GetInteger(DicomDataset dataset, DicomTag tag) =>
        dataset.GetStrings(tag) is [var first, ..] && int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
