using System.Buffers.Binary;
using System.IO.Compression;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.IO;

/// <summary>
/// A DICOM file (PS3.10): File Meta Information plus the data set in a transfer syntax. Reads files with
/// or without preamble and with or without meta; always writes proper Part 10 (preamble, "DICM", meta).
/// </summary>
public sealed class DicomFile
{
    private const int PreambleLength = 128;
    private const int MaxWarnings = 100;
    private static readonly byte[] Magic = "DICM"u8.ToArray();

    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, TransferSyntax transferSyntax, IReadOnlyList<string>? warnings = null)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        Warnings = warnings ?? [];
    }

    public DicomDataset FileMetaInformation { get; }

    /// <summary>
    /// False when the file had no file meta information (a bare data set): <see cref="FileMetaInformation"/> is
    /// then made from the data set for writing, and was not in the file (what `dump` and WADO-RS must know).
    /// </summary>
    public bool HasFileMetaInformation { get; init; } = true;

    public DicomDataset Dataset { get; }

    public TransferSyntax TransferSyntax { get; }

    /// <summary>Defects found while reading (the same messages the options' Warning callback received).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>A new file for a data set; the meta comes from its SOP Class/Instance UID.</summary>
    public static DicomFile Create(DicomDataset dataset, TransferSyntax transferSyntax) =>
        new(DicomFileMetaInformation.Build(dataset, transferSyntax), dataset, transferSyntax);

    public static async Task<DicomFile> OpenAsync(string path, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a file from any stream (seekable or not). Large values are left in the file only when the
    /// stream is a <see cref="FileStream"/> (see <see cref="DicomReadOptions.LargeValueThreshold"/>).
    /// </summary>
    public static Task<DicomFile> ReadAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCoreAsync(stream, DicomByteSource.FilePathOf(stream), options ?? DicomReadOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Reads a file from a stream that yields the same bytes as the file at <paramref name="backingFilePath"/>
    /// (for instance its head kept in memory while it was written, then the file itself), so values above
    /// <see cref="DicomReadOptions.LargeValueThreshold"/> can stay in that file without the stream being a
    /// <see cref="FileStream"/>. A seekable stream lets those values be skipped rather than read.
    /// </summary>
    public static Task<DicomFile> ReadWithBackingFileAsync(Stream stream, string backingFilePath, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(backingFilePath);
        return ReadCoreAsync(stream, backingFilePath, options ?? DicomReadOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Reads a file from a stream that yields the same bytes as <paramref name="lazyValues"/> (a blob in a store, a
    /// staged blob read back), so values above <see cref="DicomReadOptions.LargeValueThreshold"/> are left there as
    /// <see cref="RangeByteBuffer"/>s and read by range when wanted. A seekable stream lets them be skipped unread.
    /// </summary>
    public static Task<DicomFile> ReadWithRangeSourceAsync(Stream stream, IByteRangeSource lazyValues, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(lazyValues);
        return ReadCoreAsync(stream, null, options ?? DicomReadOptions.Default, cancellationToken, lazyValues);
    }

    private static async Task<DicomFile> ReadCoreAsync(Stream stream, string? lazyValueFile, DicomReadOptions options, CancellationToken cancellationToken, IByteRangeSource? lazyValues = null)
    {
        var warnings = new List<string>();
        var suppressed = 0;
        void Warn(string message)
        {
            // A badly broken file can repeat one defect per element: keep the first ones, count the rest.
            if (warnings.Count >= MaxWarnings)
            {
                suppressed++;
                return;
            }

            warnings.Add(message);
            options.Warning?.Invoke(message);
        }

        using var source = new DicomByteSource(stream, lazyValueFile, lazyValues);
        var meta = new DicomDataset();
        await source.EnsureAsync(PreambleLength + Magic.Length, cancellationToken).ConfigureAwait(false);
        var start = source.Span;
        bool hasMeta;
        if (start.Length >= PreambleLength + Magic.Length && start.Slice(PreambleLength, Magic.Length).SequenceEqual(Magic))
        {
            source.Advance(PreambleLength + Magic.Length);
            hasMeta = true;
        }
        else if (start.Length >= 8 && ((start[0] == 0x02 && start[1] == 0x00 && start[3] == 0x00) || (start[0] == 0x00 && start[1] == 0x02 && start[2] == 0x00)))
        {
            Warn("The file has no 128-byte preamble and \"DICM\" prefix; it starts directly with the file meta information.");
            hasMeta = true;
        }
        else if (start.Length == 0)
        {
            throw new DicomFormatException("The stream is empty, not a DICOM file", source.Position);
        }
        else
        {
            hasMeta = false;
        }

        TransferSyntax? transferSyntax = null;
        if (hasMeta)
        {
            await ReadMetaAsync(source, meta, options, Warn, cancellationToken).ConfigureAwait(false);
            if (meta.GetString(DicomTags.TransferSyntaxUID) is { Length: > 0 } uid)
            {
                transferSyntax = TransferSyntax.FromUid(uid);
                if (!transferSyntax.IsKnown)
                {
                    Warn($"Unknown transfer syntax {uid}; the data set is read as explicit VR little endian with encapsulated pixel data.");
                }
            }
            else
            {
                Warn("The file meta information has no Transfer Syntax UID (0002,0010); the encoding is guessed from the data.");
            }
        }
        else
        {
            Warn("The file has no file meta information (no preamble, no group 0002); the encoding is guessed from the data.");
        }

        var dataset = new DicomDataset();
        if (transferSyntax is { IsDeflated: true })
        {
            var inflater = new DeflateStream(source.DetachRemainder(), CompressionMode.Decompress);
            await using (inflater.ConfigureAwait(false))
            {
                using var inflated = new DicomByteSource(inflater);
                await DicomDatasetReader.ReadBodyAsync(inflated, transferSyntax, dataset, options, Warn, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            transferSyntax ??= await GuessTransferSyntaxAsync(source, options, Warn, cancellationToken).ConfigureAwait(false);
            await DicomDatasetReader.ReadBodyAsync(source, transferSyntax, dataset, options, Warn, cancellationToken).ConfigureAwait(false);
        }

        if (!hasMeta && dataset.Contains(DicomTags.SOPClassUID) && dataset.Contains(DicomTags.SOPInstanceUID))
        {
            meta = DicomFileMetaInformation.Build(dataset, transferSyntax);
        }

        if (suppressed > 0)
        {
            warnings.Add($"{suppressed} further warnings suppressed.");
            options.Warning?.Invoke(warnings[^1]);
        }

        return new DicomFile(meta, dataset, transferSyntax, warnings) { HasFileMetaInformation = hasMeta };
    }

    /// <summary>Writes the file to <paramref name="path"/> through a temporary file, so lazy values read from the same path stay valid until the end.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await WriteAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes preamble, "DICM", the file meta (rebuilt for this data set and transfer syntax) and the data set.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var meta = DicomFileMetaInformation.Build(Dataset, TransferSyntax, FileMetaInformation);
        using (var output = new DicomOutput(stream, synchronous: false))
        {
            output.Take(PreambleLength).Clear();
            Magic.CopyTo(output.Take(Magic.Length));
            var metaEncoder = new DicomDatasetEncoder(output, explicitVR: true, bigEndian: false, allowFragments: false);
            await metaEncoder.WriteDatasetAsync(meta, cancellationToken).ConfigureAwait(false);
            if (!TransferSyntax.IsDeflated)
            {
                var encoder = new DicomDatasetEncoder(output, TransferSyntax.IsExplicitVR, TransferSyntax.IsBigEndian, TransferSyntax.IsEncapsulated);
                await encoder.WriteDatasetAsync(Dataset, cancellationToken).ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (TransferSyntax.IsDeflated)
        {
            await DicomDatasetWriter.WriteAsync(stream, Dataset, TransferSyntax, cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads group 0002 (always explicit VR little endian) up to the first element of another group, and
    /// checks (0002,0000) against what was actually there.
    /// </summary>
    private static async ValueTask ReadMetaAsync(DicomByteSource source, DicomDataset meta, DicomReadOptions options, Action<string> warn, CancellationToken cancellationToken)
    {
        var parser = new DicomDatasetParser(source, options, warn) { StopAt = static tag => tag.Group != 0x0002 };
        var start = source.Position;

        // Some old big endian files encode the meta in big endian too: group 0002 then reads as 00 02.
        var bigEndian = await source.EnsureAsync(2, cancellationToken).ConfigureAwait(false) && source.Span[0] == 0x00 && source.Span[1] == 0x02;
        if (bigEndian)
        {
            warn("The file meta information is encoded in big endian; PS3.10 requires explicit VR little endian.");
        }

        await parser.ParseAsync(meta, explicitVR: true, bigEndian, cancellationToken).ConfigureAwait(false);
        var end = source.Position;
        if (meta[DicomTags.FileMetaInformationGroupLength] is DicomElement { Length: 4 } groupLength)
        {
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(groupLength.Buffer.Memory.Span);
            var actual = end - start - 12;
            if (declared != actual)
            {
                warn($"File Meta Information Group Length (0002,0000) says {declared} bytes but the meta elements take {actual}; the elements actually present were read.");
            }
        }
        else
        {
            warn("The file meta information has no valid group length (0002,0000).");
        }
    }

    /// <summary>For data without meta: the encoding the first element shows (implicit VR LE unless it clearly has VRs).</summary>
    private static async ValueTask<TransferSyntax> GuessTransferSyntaxAsync(DicomByteSource source, DicomReadOptions options, Action<string> warn, CancellationToken cancellationToken)
    {
        var parser = new DicomDatasetParser(source, options, warn);
        var guess = await parser.SniffEncodingAsync(cancellationToken).ConfigureAwait(false);
        if (guess is not { HasVR: true } g)
        {
            return TransferSyntax.ImplicitVRLittleEndian;
        }

        return g.BigEndian ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian;
    }
}
