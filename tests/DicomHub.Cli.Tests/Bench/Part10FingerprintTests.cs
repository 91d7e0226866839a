using System.Security.Cryptography;
using DicomHub.Cli.Bench;
using DicomHub.Cli.Generate;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Cli.Tests.Bench;

public sealed class Part10FingerprintTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_fingerprint_is_the_data_set_after_the_file_meta_and_ignores_a_rewritten_meta()
    {
        using var folder = new TempDirectory("fingerprint");
        var generated = await SyntheticDataGenerator.GenerateAsync(SyntheticProfiles.Mr630, folder.Path, new GenerationOptions("fp", 1), cancellationToken: Ct);
        var path = generated.Paths[0];
        var file = await DicomFile.OpenAsync(path, cancellationToken: Ct);
        var bytes = await File.ReadAllBytesAsync(path, Ct);

        var (uid, digest) = await Part10Fingerprint.ComputeAsync(path, Ct);
        var (_, offset) = Part10Fingerprint.ParseMeta(bytes, path);

        Assert.Equal(file.Dataset.GetString(DicomTags.SOPInstanceUID), uid);
        Assert.Equal(SHA256.HashData(bytes.AsSpan(offset)), digest);

        // A receiver writes its own meta (here: another Implementation Version Name, 0002,0013): same fingerprint.
        var rewritten = folder.Combine("rewritten.dcm");
        var rewrittenBytes = (byte[])bytes.Clone();
        var versionName = rewrittenBytes.AsSpan(0, offset).IndexOf(new byte[] { 0x02, 0x00, 0x13, 0x00, (byte)'S', (byte)'H' });
        Assert.True(versionName > 0, "the generated file has no Implementation Version Name");
        rewrittenBytes.AsSpan(versionName + 8, rewrittenBytes[versionName + 6]).Fill((byte)'X');
        await File.WriteAllBytesAsync(rewritten, rewrittenBytes, Ct);
        Assert.NotEqual(bytes, rewrittenBytes);
        Assert.Equal(digest, (await Part10Fingerprint.ComputeAsync(rewritten, Ct)).DatasetSha256);

        // One flipped pixel byte: a different fingerprint.
        bytes[^1] ^= 0x01;
        var altered = folder.Combine("altered.dcm");
        await File.WriteAllBytesAsync(altered, bytes, Ct);
        Assert.NotEqual(digest, (await Part10Fingerprint.ComputeAsync(altered, Ct)).DatasetSha256);
    }

    [Fact]
    public void A_file_without_the_DICM_prefix_is_rejected_by_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => Part10Fingerprint.ParseMeta(new byte[200], "notdicom.bin"));
        Assert.Contains("notdicom.bin", error.Message, StringComparison.Ordinal);
    }
}
