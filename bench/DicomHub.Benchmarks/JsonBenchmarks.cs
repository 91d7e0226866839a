using System.Buffers;
using BenchmarkDotNet.Attributes;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Benchmarks;

/// <summary>DICOM JSON (PS3.18 F) of a CT header, as QIDO-RS and WADO-RS metadata responses produce it.</summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);
    private readonly DicomJsonWriter _writer = new();
    private DicomDataset _header = null!;

    [GlobalSetup]
    public void Setup()
    {
        _header = BenchmarkData.CtDataset();
        _header.Remove(DicomTags.PixelData);
        _writer.Write(_output, _header);
        Console.WriteLine($"// CT header: {_header.Count} elements, {_output.WrittenCount} bytes of JSON");
    }

    [Benchmark(Description = "DICOM JSON of a CT header")]
    public int SerializeHeader()
    {
        _output.ResetWrittenCount();
        _writer.Write(_output, _header);
        return _output.WrittenCount;
    }
}
