using System.Buffers;

namespace DicomHub.DicomWeb.Multipart;

/// <summary>Byte-pattern search over a possibly segmented pipe buffer.</summary>
internal static class SequenceSearch
{
    /// <summary>Index of the first occurrence of <paramref name="value"/> in <paramref name="buffer"/>, or -1.</summary>
    public static long IndexOf(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> value)
    {
        if (buffer.IsSingleSegment)
        {
            return buffer.FirstSpan.IndexOf(value);
        }

        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> before, value, advancePastDelimiter: false) ? before.Length : -1;
    }

    /// <summary>
    /// How many bytes at the start of <paramref name="buffer"/> certainly come before <paramref name="delimiter"/>,
    /// and whether the delimiter itself follows them. When it is not found, the last delimiter-length-minus-one
    /// bytes might be the start of one, so they are held back until more data arrives.
    /// </summary>
    public static (long SafeBytes, bool DelimiterFound) ScanForDelimiter(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> delimiter)
    {
        // Fast path: look at the first segment alone. A delimiter starting early enough to fit in it would be
        // found there; anything later is decided once the front has been consumed.
        var first = buffer.FirstSpan;
        var index = first.IndexOf(delimiter);
        if (index >= 0)
        {
            return (index, true);
        }

        if (buffer.IsSingleSegment)
        {
            return (Math.Max(0, first.Length - delimiter.Length + 1), false);
        }

        if (first.Length >= delimiter.Length)
        {
            return (first.Length - delimiter.Length + 1, false);
        }

        var found = IndexOf(buffer, delimiter);
        if (found >= 0)
        {
            return (found, true);
        }

        return (Math.Max(0, buffer.Length - delimiter.Length + 1), false);
    }

    /// <summary>True when <paramref name="buffer"/> begins with <paramref name="value"/>.</summary>
    public static bool StartsWith(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> value)
    {
        if (buffer.Length < value.Length)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        return reader.IsNext(value);
    }

    /// <summary>True when all of <paramref name="buffer"/> (shorter than <paramref name="value"/>) matches its start.</summary>
    public static bool IsPrefixOf(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> value)
    {
        if (buffer.Length > value.Length)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[(int)buffer.Length];
        buffer.CopyTo(head);
        return value.StartsWith(head);
    }
}
