using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Imaging.Conformance;

/// <summary>
/// The reference codecs the conformance tests compare with, each run as its own program on a file: DCMTK
/// (dcmcjpeg/dcmdjpeg, dcmcjpls/dcmdjpls), GDCM (gdcmconv), OpenJPEG (opj_compress/opj_decompress). A missing
/// tool skips on a developer's machine and fails under CI=true (<see cref="Peers.Require"/>).
/// </summary>
internal static class ReferenceTools
{
    /// <summary>Runs <paramref name="program"/> (from <paramref name="package"/>) and fails the test with its stderr when it fails.</summary>
    public static async Task RunAsync(string program, string package, params string[] arguments)
    {
        var path = Peers.Require(program, package);
        var run = await Peers.RunAsync(path, arguments, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({run.ExitCode}): {run.StandardError}{run.StandardOutput}");
    }

    /// <summary>Decodes <paramref name="compressed"/> with a DCMTK decompressor (dcmdjpeg, dcmdjpls, dcmdrle) and returns its pixels.</summary>
    public static async Task<DecodedImage> DcmtkDecodeAsync(string program, string compressed, TempDirectory temp, params string[] options)
    {
        var output = temp.Combine($"{program}-{Guid.NewGuid():N}.dcm");
        await RunAsync(program, "dcmtk", [.. options, compressed, output]);
        return await ReadNativeAsync(output);
    }

    /// <summary>Decodes <paramref name="compressed"/> with GDCM's gdcmconv --raw and returns its pixels.</summary>
    public static async Task<DecodedImage> GdcmDecodeAsync(string compressed, TempDirectory temp)
    {
        var output = temp.Combine($"gdcm-{Guid.NewGuid():N}.dcm");
        await RunAsync("gdcmconv", "libgdcm-tools", "--raw", compressed, output);
        return await ReadNativeAsync(output);
    }

    public static async Task<DecodedImage> ReadNativeAsync(string path)
    {
        var file = await DicomFile.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(file.TransferSyntax.IsEncapsulated, $"{path} is still {file.TransferSyntax.Name}");
        return DecodedImage.FromDataset(file.Dataset);
    }

    public static async Task<DicomFile> ReadAsync(string path) =>
        await DicomFile.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);

    public static async Task<string> WriteAsync(DicomDataset dataset, TransferSyntax syntax, TempDirectory temp, string name)
    {
        var path = temp.Combine(name);
        await DicomFile.Create(dataset, syntax).SaveAsync(path, TestContext.Current.CancellationToken);
        return path;
    }
}
