using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DicomHub.Bench.Runs;

namespace DicomHub.Cli.Bench;

/// <summary>
/// The integrity fingerprint of a stored object: its SOP Instance UID (from the file meta) and the SHA-256 of
/// the data set bytes after the file meta. The file meta is the receiver's to write (its own implementation
/// UID, source AE), the data set is not: a receiver that altered, truncated or transcoded it fails the check.
/// </summary>
public static class Part10Fingerprint
{
    private const int PreambleAndMagic = 132;

    public static async Task<(string SopInstanceUid, byte[] DatasetSha256)> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            return await ComputeAsync(stream, path, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<(string SopInstanceUid, byte[] DatasetSha256)> ComputeAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        var header = new byte[64 * 1024];
        var length = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var (uid, datasetOffset) = ParseMeta(header.AsSpan(0, length), name);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header, datasetOffset, length - datasetOffset);
        var buffer = new byte[1 << 16];
        int count;
        while ((count = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, count);
        }

        return (uid, hash.GetHashAndReset());
    }

    /// <summary>Fingerprints every file and folds them into one inventory.</summary>
    public static Task<ArchiveInventory> InventoryAsync(IEnumerable<string> files, CancellationToken cancellationToken) =>
        InventoryAsync(files, (file, ct) => ValueTask.FromResult<Stream>(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous)), cancellationToken);

    /// <summary>Fingerprints every named object, opened by <paramref name="open"/> (a file, a blob), into one inventory.</summary>
    public static async Task<ArchiveInventory> InventoryAsync(IEnumerable<string> names, Func<string, CancellationToken, ValueTask<Stream>> open, CancellationToken cancellationToken)
    {
        var builder = new ArchiveInventory.Builder();
        await Parallel.ForEachAsync(names, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = 2 }, async (name, ct) =>
        {
            var stream = await open(name, ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var (uid, digest) = await ComputeAsync(stream, name, ct).ConfigureAwait(false);
                builder.Add(uid, digest);
            }
        }).ConfigureAwait(false);
        return builder.Build();
    }

    /// <summary>Walks the explicit-VR little-endian group 0002 after the preamble: returns the Media Storage SOP
    /// Instance UID and where the data set starts.</summary>
    internal static (string SopInstanceUid, int DatasetOffset) ParseMeta(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < PreambleAndMagic + 8 || !bytes.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            throw new InvalidDataException($"{name} is not a DICOM Part 10 file (no DICM prefix).");
        }

        var position = PreambleAndMagic;
        string? uid = null;
        while (position + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes[position..]) == 0x0002)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(position + 2)..]);
            var vr = bytes.Slice(position + 4, 2);
            int headerLength;
            long valueLength;
            if (vr.SequenceEqual("OB"u8) || vr.SequenceEqual("OW"u8) || vr.SequenceEqual("UN"u8) || vr.SequenceEqual("SQ"u8) || vr.SequenceEqual("UT"u8) || vr.SequenceEqual("UC"u8) || vr.SequenceEqual("UR"u8))
            {
                headerLength = 12;
                valueLength = position + 12 <= bytes.Length ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 8)..]) : long.MaxValue;
            }
            else
            {
                headerLength = 8;
                valueLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(position + 6)..]);
            }

            if (position + headerLength + valueLength > bytes.Length)
            {
                throw new InvalidDataException($"{name}: the file meta information is truncated or longer than 64 KiB.");
            }

            if (element == 0x0003)
            {
                uid = Encoding.ASCII.GetString(bytes.Slice(position + headerLength, (int)valueLength)).TrimEnd('\0', ' ');
            }

            position += headerLength + (int)valueLength;
        }

        return (uid ?? throw new InvalidDataException($"{name} has no Media Storage SOP Instance UID (0002,0003)."), position);
    }
}
