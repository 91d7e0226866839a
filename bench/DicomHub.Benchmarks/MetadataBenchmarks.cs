using BenchmarkDotNet.Attributes;
using DicomHub.Cli.Generate;
using DicomHub.Dicom.IO;

namespace DicomHub.Benchmarks;

/// <summary>
/// What an archive does to index a study: read the metadata of 1000 CT files from disk (ct1000, generated
/// once into a temp folder), stopping before Pixel Data. The OS page cache holds the files after the first
/// iteration, so this measures parsing, not the disk.
/// </summary>
public class MetadataBenchmarks
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };
    private string _folder = string.Empty;
    private string[] _files = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"dicomhub-bench-{Environment.ProcessId}");
        var result = SyntheticDataGenerator.GenerateAsync(SyntheticProfiles.Ct1000, _folder, new GenerationOptions("benchmark")).GetAwaiter().GetResult();
        _files = [.. result.Paths];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Description = "metadata of 1000 CT files (stop before pixels)")]
    public async Task<int> ReadMetadata()
    {
        var elements = 0;
        foreach (var path in _files)
        {
            var file = await DicomFile.OpenAsync(path, HeaderOnly);
            elements += file.Dataset.Count;
        }

        return elements;
    }
}
