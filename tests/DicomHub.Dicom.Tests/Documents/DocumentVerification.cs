using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Documents;

/// <summary>dicom3tools' dciodvfy as the judge of an IOD: no line starting with "Error" or "Warning".</summary>
internal static class DocumentVerification
{
    public static async Task<string> DciodvfyErrorsAsync(DicomDataset dataset)
    {
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        using var temp = new TempDirectory("dicomhub-documents");
        var path = temp.Combine("document.dcm");
        await DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).SaveAsync(path, TestContext.Current.CancellationToken);
        var verify = await Peers.RunAsync(dciodvfy, [path], cancellationToken: TestContext.Current.CancellationToken);
        var report = verify.StandardOutput + verify.StandardError;
        return string.Join('\n', report.Split('\n').Where(line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal)))
            + (report.Length > 0 ? "\n--- full report ---\n" + report : string.Empty);
    }
}
