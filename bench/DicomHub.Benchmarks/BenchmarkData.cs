using DicomHub.Cli.Generate;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;

namespace DicomHub.Benchmarks;

/// <summary>Inputs shared by the benchmarks: a synthetic 512x512 CT slice (about 512 KB) from `generate`'s factory.</summary>
internal static class BenchmarkData
{
    public static DicomDataset CtDataset()
    {
        var profile = SyntheticProfiles.Ct1000;
        var factory = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "benchmark"));
        return factory.Create(GenerationPlan.Enumerate(profile).First());
    }

    public static byte[] CtFileBytes()
    {
        using var stream = new MemoryStream();
        DicomFile.Create(CtDataset(), TransferSyntax.ExplicitVRLittleEndian).WriteAsync(stream).GetAwaiter().GetResult();
        return stream.ToArray();
    }
}
