using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;
using DicomHub.Dicom.IO;

namespace DicomHub.Cli.Documents;

/// <summary>
/// `send report.pdf --study UID`: each PDF becomes an Encapsulated PDF Part 10 file in a temporary folder (all in
/// one new series), which the ordinary C-STORE or STOW-RS exporter then sends. Dispose to delete the folder.
/// </summary>
public sealed class PdfDocuments : IDisposable
{
    private readonly string _folder;

    private PdfDocuments(string folder, IReadOnlyList<string> files)
    {
        _folder = folder;
        Files = files;
    }

    /// <summary>The wrapped Part 10 files, in the order of the PDFs.</summary>
    public IReadOnlyList<string> Files { get; }

    public static async Task<PdfDocuments> WrapAsync(IReadOnlyList<string> pdfs, DicomDataset study, string? title, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("dicomhub-send-pdf-").FullName;
        var files = new List<string>();
        try
        {
            var series = DicomUid.Generate();
            for (var i = 0; i < pdfs.Count; i++)
            {
                var pdf = pdfs[i];
                var documentTitle = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(pdf) : title;
                DicomDataset dataset;
                try
                {
                    dataset = await EncapsulatedPdf.FromFileAsync(pdf, study, documentTitle, new NewInstanceOptions { SeriesInstanceUid = series, InstanceNumber = i + 1, SeriesDescription = "Documents" }, cancellationToken).ConfigureAwait(false);
                }
                catch (DicomDocumentException e)
                {
                    throw new CliException(e.Message, CliRunner.Failure, e);
                }

                var path = Path.Combine(folder, $"{i + 1:D4}.dcm");
                await DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).SaveAsync(path, cancellationToken).ConfigureAwait(false);
                files.Add(path);
                await output.WriteLineAsync($"{Path.GetFileName(pdf)}: Encapsulated PDF {dataset.GetString(DicomTags.SOPInstanceUID)} of study {dataset.GetString(DicomTags.StudyInstanceUID)} (patient {dataset.GetString(DicomTags.PatientName)}), series {series}").ConfigureAwait(false);
            }

            return new PdfDocuments(folder, files);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the send already reported its outcome.
        }
    }
}
