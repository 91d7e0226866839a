using DicomHub.Cli.Generate;
using DicomHub.Dicom.Data;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.WebUi;

/// <summary>The three studies the viewer tests show: a CT in JPEG Lossless, an MR and a CR, from the synthetic phantoms.</summary>
internal static class SampleStudies
{
    public sealed record Study(string Modality, string StudyInstanceUid, string PatientName);

    public static async Task<IReadOnlyList<Study>> StoreAsync(ServerFixture server)
    {
        using var folder = new TempDirectory("dicomhub-viewer-samples");
        var studies = new List<Study>();
        foreach (var (profile, limit, seed) in new[] { (SyntheticProfiles.Ct38c, 4, "ct"), (SyntheticProfiles.Mr630, 4, "mr"), (SyntheticProfiles.Cr1, 1, "cr") })
        {
            var generated = await SyntheticDataGenerator.GenerateAsync(profile, folder.Combine(seed), new GenerationOptions(seed, limit), cancellationToken: TestContext.Current.CancellationToken);
            var files = await Task.WhenAll(generated.Paths.Select(p => File.ReadAllBytesAsync(p, TestContext.Current.CancellationToken)));
            await WadoTests.StoreAsync(server, files);
            var dataset = (await Dicom.IO.DicomFile.OpenAsync(generated.Paths[0], cancellationToken: TestContext.Current.CancellationToken)).Dataset;
            studies.Add(new Study(
                dataset.GetString(Dicom.Dictionary.DicomTags.Modality) ?? string.Empty,
                dataset.GetString(Dicom.Dictionary.DicomTags.StudyInstanceUID) ?? string.Empty,
                dataset.GetString(Dicom.Dictionary.DicomTags.PatientName) ?? string.Empty));
        }

        return studies;
    }
}
