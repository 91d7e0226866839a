using DicomHub.Cli.Generate;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Tests;

/// <summary>What the synthesis puts in the data sets: consistent identities, SOP classes, realistic pixels.</summary>
public sealed class SyntheticDatasetTests
{
    [Theory]
    [InlineData("cr1", "1.2.840.10008.5.1.4.1.1.1", "CR")]
    [InlineData("ct38c", "1.2.840.10008.5.1.4.1.1.2", "CT")]
    [InlineData("mr630", "1.2.840.10008.5.1.4.1.1.4", "MR")]
    public void SopClassAndModalityMatchTheProfile(string name, string sopClass, string modality)
    {
        var profile = SyntheticProfiles.Find(name)!;
        var factory = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "7"));
        var dataset = factory.Create(GenerationPlan.Enumerate(profile).First());

        Assert.Equal(sopClass, dataset.GetString(DicomTags.SOPClassUID));
        Assert.Equal(modality, dataset.GetString(DicomTags.Modality));
        Assert.Equal((ushort)profile.Rows, dataset.GetUInt16(DicomTags.Rows));
        Assert.Equal((ushort)profile.Columns, dataset.GetUInt16(DicomTags.Columns));
        Assert.Equal(profile.PixelBytesPerImage, dataset.Get<DicomElement>(DicomTags.PixelData)!.Length);
    }

    [Fact]
    public void StudiesAndSeriesShareIdentitiesAndInstancesAreUnique()
    {
        var profile = SyntheticProfiles.Ct38c;
        var factory = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "42"));
        var plan = GenerationPlan.Enumerate(profile).ToList();
        var headers = plan.Select(p => (Plan: p, Data: factory.Create(p))).ToList();

        Assert.Equal(38, headers.Select(h => h.Data.GetString(DicomTags.SOPInstanceUID)).Distinct().Count());
        Assert.All(headers, h => Assert.True(DicomUid.IsValid(h.Data.GetString(DicomTags.SOPInstanceUID))));
        Assert.Equal(2, headers.Select(h => h.Data.GetString(DicomTags.StudyInstanceUID)).Distinct().Count());
        Assert.Equal(2, headers.Select(h => h.Data.GetString(DicomTags.SeriesInstanceUID)).Distinct().Count());

        // ct38c: one patient with two studies; every file of a study names the same patient.
        Assert.Single(headers.Select(h => h.Data.GetString(DicomTags.PatientID)).Distinct());
        Assert.Single(headers.Select(h => h.Data.GetString(DicomTags.PatientName)).Distinct());

        // A stack: slice positions step down by the slice thickness within each series.
        foreach (var series in headers.GroupBy(h => h.Plan.StudyIndex))
        {
            var z = series.Select(h => h.Data.GetDouble(DicomTags.ImagePositionPatient, 2)!.Value).ToList();
            var thickness = series.First().Data.GetDouble(DicomTags.SliceThickness)!.Value;
            Assert.All(z.Zip(z.Skip(1)), pair => Assert.Equal(thickness, pair.First - pair.Second, 3));
        }
    }

    [Fact]
    public void SameSeedSameDataDifferentSeedDifferentUids()
    {
        var profile = SyntheticProfiles.Mr630;
        var instance = GenerationPlan.Enumerate(profile).Skip(50).First();
        var a = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "1")).Create(instance);
        var b = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "1")).Create(instance);
        var c = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "2")).Create(instance);

        Assert.Equal(a.GetString(DicomTags.SOPInstanceUID), b.GetString(DicomTags.SOPInstanceUID));
        Assert.Equal(PixelBytes(a), PixelBytes(b));
        Assert.NotEqual(a.GetString(DicomTags.SOPInstanceUID), c.GetString(DicomTags.SOPInstanceUID));
        Assert.NotEqual(a.GetString(DicomTags.StudyInstanceUID), c.GetString(DicomTags.StudyInstanceUID));
    }

    [Theory]
    [InlineData("ct1000", 45)]
    [InlineData("mr630", 100)]
    [InlineData("cr1", 0)]
    public void PixelsCompressLikeAnImageNotLikeZerosOrNoise(string name, int skip)
    {
        var profile = SyntheticProfiles.Find(name)!;
        var factory = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "3"));
        var pixels = PixelBytes(factory.Create(GenerationPlan.Enumerate(profile).Skip(skip).First()));

        // What a lossless predictive coder (JPEG Lossless SV1 predicts from the left neighbour) can reach:
        // 16 bits over the entropy of the prediction errors. Real CT/MR land around 2-4; zeros would be far
        // above, noise far below.
        var ratio = 16 / LeftPredictionEntropy(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(pixels), profile.Columns);
        Assert.InRange(ratio, 1.8, 8);
        Assert.True(pixels.Distinct().Count() > 64, "pixel bytes should take many values");
        TestContext.Current.SendDiagnosticMessage($"{name}: predicted lossless ratio {ratio:0.00}");
    }

    [Fact]
    public void CtValuesAreHounsfieldUnitsWithTheStandardIntercept()
    {
        var profile = SyntheticProfiles.Ct1000;
        var factory = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, "5"));
        var dataset = factory.Create(GenerationPlan.Enumerate(profile).First());
        var pixels = PixelBytes(dataset);
        var stored = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(pixels);

        Assert.Equal(-1024, dataset.GetDouble(DicomTags.RescaleIntercept));
        var corner = stored[0] - 1024;
        var centre = stored[(256 * 512) + 256] - 1024;
        Assert.InRange(corner, -1030, -970);  // air
        Assert.InRange(centre, 0, 100);       // soft tissue
    }

    private static double LeftPredictionEntropy(ReadOnlySpan<ushort> pixels, int columns)
    {
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < pixels.Length; i++)
        {
            var difference = i % columns == 0 ? pixels[i] : pixels[i] - pixels[i - 1];
            counts[difference] = counts.GetValueOrDefault(difference) + 1;
        }

        double total = pixels.Length;
        return -counts.Values.Sum(c => c / total * Math.Log2(c / total));
    }

    private static byte[] PixelBytes(DicomDataset dataset) => dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray();
}
