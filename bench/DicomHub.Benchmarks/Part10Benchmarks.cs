using BenchmarkDotNet.Attributes;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;

namespace DicomHub.Benchmarks;

/// <summary>
/// Parse and write throughput of one 512 KB CT file held in memory (no disk in the loop): full parse,
/// header-only parse (stop before Pixel Data), and writing it in Explicit VR Little Endian.
/// Throughput = file size / mean time; the size is printed by the setup.
/// </summary>
[MemoryDiagnoser]
public class Part10Benchmarks
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };
    private byte[] _file = [];
    private DicomFile _parsed = null!;
    private MemoryStream _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        _file = BenchmarkData.CtFileBytes();
        _parsed = DicomFile.ReadAsync(new MemoryStream(_file)).GetAwaiter().GetResult();
        _sink = new MemoryStream(_file.Length + 4096);
        Console.WriteLine($"// CT file: {_file.Length} bytes");
    }

    [Benchmark(Description = "parse CT 512 KB (full)")]
    public async Task<int> ParseFull()
    {
        var file = await DicomFile.ReadAsync(new MemoryStream(_file, writable: false));
        return file.Dataset.Count;
    }

    [Benchmark(Description = "parse CT 512 KB (header only)")]
    public async Task<int> ParseHeaderOnly()
    {
        var file = await DicomFile.ReadAsync(new MemoryStream(_file, writable: false), HeaderOnly);
        return file.Dataset.Count;
    }

    [Benchmark(Description = "write CT 512 KB (explicit LE)")]
    public async Task<long> Write()
    {
        _sink.Position = 0;
        _sink.SetLength(0);
        await _parsed.WriteAsync(_sink);
        return _sink.Length;
    }

    [Benchmark(Description = "write CT 512 KB (implicit LE)")]
    public async Task<long> WriteImplicit()
    {
        _sink.Position = 0;
        _sink.SetLength(0);
        await DicomFile.Create(_parsed.Dataset, TransferSyntax.ImplicitVRLittleEndian).WriteAsync(_sink);
        return _sink.Length;
    }
}
