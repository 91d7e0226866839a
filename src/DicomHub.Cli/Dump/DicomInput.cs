using DicomHub.Dicom.IO;

namespace DicomHub.Cli.Dump;

/// <summary>
/// Opens a DICOM file for a verb and turns each way it can fail into a <see cref="CliException"/> with its
/// own exit code: not found (3), not DICOM at all (4), malformed or truncated with the byte offset (5).
/// </summary>
public static class DicomInput
{
    public static async Task<DicomFile> OpenAsync(string path, DicomReadOptions options, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"'{path}' is a folder; give the path of a DICOM file.", CliRunner.FileNotFound);
        }

        if (!File.Exists(path))
        {
            throw new CliException($"file not found: '{path}'. Check the path (relative paths start at {Environment.CurrentDirectory}).", CliRunner.FileNotFound);
        }

        if (!await LooksLikeDicomAsync(path, cancellationToken).ConfigureAwait(false))
        {
            throw new CliException($"'{path}' is not a DICOM file: no \"DICM\" at byte 128 and no DICOM element at the start.", CliRunner.NotDicom);
        }

        try
        {
            return await DicomFile.OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomFormatException e)
        {
            var detail = e.Message.Contains("byte", StringComparison.Ordinal) ? e.Message : $"{e.Message} (at byte {e.Offset})";
            throw new CliException($"'{path}' is malformed DICOM: {detail}. The file may be truncated or damaged.", CliRunner.MalformedDicom, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"cannot read '{path}': {e.Message}", CliRunner.Failure, e);
        }
    }

    /// <summary>
    /// A Part 10 file has "DICM" at byte 128; a bare data set (no preamble) starts with a group 0002 or
    /// 0008 element, little or big endian (dcmdump reads both). Anything else (a PNG, a text file) is not worth parsing.
    /// </summary>
    private static async Task<bool> LooksLikeDicomAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[132];
        int read;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (read >= 132 && head.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            return true;
        }

        if (read < 8)
        {
            return false;
        }

        var group = head[0] | (head[1] << 8);
        var bigEndianGroup = (head[0] << 8) | head[1];
        var explicitVr = char.IsAsciiLetterUpper((char)head[4]) && char.IsAsciiLetterUpper((char)head[5]);
        var implicitLength = head[4] | (head[5] << 8) | (head[6] << 16) | (head[7] << 24);
        return (group is 0x0002 or 0x0008 && (explicitVr || (implicitLength >= 0 && implicitLength < 1 << 16)))
            || (bigEndianGroup is 0x0002 or 0x0008 && explicitVr);
    }
}
