using BenchmarkDotNet.Attributes;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Benchmarks;

/// <summary>
/// DICOM JSON (PS3.18 Annex F) as QIDO-RS and WADO-RS metadata use it: the CT header of the shared benchmark
/// slice (Pixel Data as a BulkDataURI, as an archive serves it) written as one object, a 100-instance metadata
/// array written to a stream, and that array read back.
/// </summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    private static readonly DicomJsonWriterOptions BulkPixels = new() { BulkDataUri = b => b.Item.Tag == DicomTags.PixelData ? "http://archive/bulk" : null };
    private DicomDataset _header = null!;
    private DicomDataset[] _hundred = [];
    private string _hundredJson = string.Empty;
    private MemoryStream _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        _header = BenchmarkData.CtDataset();
        _hundred = [.. Enumerable.Repeat(_header, 100)];
        _hundredJson = DicomJsonWriter.SerializeArray(_hundred, BulkPixels);
        _sink = new MemoryStream(_hundredJson.Length * 2);
        Console.WriteLine($"// one CT header as JSON: {DicomJsonWriter.Serialize(_header, BulkPixels).Length} characters; 100: {_hundredJson.Length}");
    }

    [Benchmark(Description = "JSON: write one CT header")]
    public int WriteOne() => DicomJsonWriter.Serialize(_header, BulkPixels).Length;

    [Benchmark(Description = "JSON: stream 100 CT headers")]
    public async Task<long> WriteHundred()
    {
        _sink.SetLength(0);
        await new DicomJsonWriter(BulkPixels).WriteArrayAsync(_sink, _hundred);
        return _sink.Length;
    }

    [Benchmark(Description = "JSON: read 100 CT headers")]
    public int ReadHundred() => DicomJsonReader.ParseArray(_hundredJson).Count;
}
