using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.IO;

/// <summary>
/// Parses data elements from a <see cref="DicomByteSource"/> into a data set. Nesting (sequences, items) is
/// kept on an explicit stack of frames instead of recursion, so hostile nesting cannot overflow the call
/// stack, and <see cref="DicomReadOptions.MaxSequenceDepth"/> bounds it. Defects that lose nothing are
/// read leniently and reported through the warning callback; anything that would lose or invent data
/// throws a <see cref="DicomFormatException"/> naming the byte offset.
/// </summary>
internal sealed class DicomDatasetParser(DicomByteSource source, DicomReadOptions options, Action<string> warn)
{
    internal const uint UndefinedLength = 0xFFFFFFFF;
    internal static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private readonly List<Frame> _frames = [];
    private int _sequenceDepth;

    /// <summary>Top-level reading stops (without consuming) at the first tag this returns true for.</summary>
    public Func<DicomTag, bool>? StopAt { get; init; }

    public async ValueTask ParseAsync(DicomDataset target, bool explicitVR, bool bigEndian, CancellationToken cancellationToken)
    {
        _frames.Clear();
        _sequenceDepth = 0;
        _frames.Add(new Frame(FrameKind.TopLevel, target, null, -1, explicitVR, bigEndian, default));
        while (_frames.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = _frames[^1];
            if (frame.Kind == FrameKind.Sequence)
            {
                await StepSequenceAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await StepDatasetAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Looks at the first element to guess the encoding: whether bytes 4-5 are a VR, whether the dictionary
    /// allows that VR for the tag, and whether the group reads as big endian (00 08 rather than 08 00).
    /// Null when fewer than 8 bytes are left.
    /// </summary>
    public async ValueTask<EncodingGuess?> SniffEncodingAsync(CancellationToken cancellationToken)
    {
        if (!await source.EnsureAsync(8, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var span = source.Span;
        var bigEndian = span[0] == 0 && span[1] != 0;
        var tag = ReadTag(span, bigEndian);
        if (!DicomVRExtensions.TryParse(span[4], span[5], out var vr))
        {
            // Two capital letters are still a VR, one this reader does not know (the parser reads it as UN).
            var unknownVR = IsUpperLetter(span[4]) && IsUpperLetter(span[5]);
            return new EncodingGuess(unknownVR, false, unknownVR && bigEndian);
        }

        var entry = DicomDictionary.Default.Find(tag);
        var plausible = vr == DicomVR.UN || entry is null || entry.ValueRepresentations.Contains(vr);
        return new EncodingGuess(true, plausible, bigEndian);
    }

    private async ValueTask StepDatasetAsync(Frame frame, CancellationToken cancellationToken)
    {
        if (frame.End >= 0 && source.Position >= frame.End)
        {
            if (source.Position > frame.End)
            {
                warn($"The item in {frame.OwnerTag} ending at byte {frame.End} was overrun to byte {source.Position}: its length is too small.");
            }

            Pop();
            return;
        }

        if (!await source.EnsureAsync(8, cancellationToken).ConfigureAwait(false))
        {
            if (frame.Kind == FrameKind.TopLevel && source.Available == 0)
            {
                Pop();
                return;
            }

            throw new DicomFormatException(
                frame.Kind == FrameKind.TopLevel
                    ? $"The data ends with {source.Available} stray bytes, too few for an element header: the file is truncated"
                    : $"The data ends inside an item of sequence {frame.OwnerTag}: the file is truncated",
                source.Position);
        }

        // Checked on the bare tag, before the VR is interpreted: what follows may be in another encoding.
        if (frame.Kind == FrameKind.TopLevel && StopAt?.Invoke(ReadTag(source.Span, frame.BigEndian)) == true)
        {
            Pop();
            return;
        }

        if (frame.Kind == FrameKind.TopLevel && source.Span[..8].IndexOfAnyExcept((byte)0) < 0)
        {
            // Eight zero bytes are no element (tag (0000,0000) with no VR and no length) but the zero padding
            // some writers leave at the end of a file. Stop here rather than invent group length elements.
            warn($"Zero bytes at byte {source.Position} where an element was expected; treated as trailing padding and ignored to the end.");
            Pop();
            return;
        }

        var header = await ReadHeaderAsync(frame, cancellationToken).ConfigureAwait(false);
        if (header is not { } h)
        {
            throw new DicomFormatException("The data ends inside an element header: the file is truncated", source.Position);
        }

        if (h.Tag == DicomTag.ItemDelimitationItem)
        {
            source.Advance(8);
            if (frame.Kind == FrameKind.Item && frame.End < 0)
            {
                Pop();
            }
            else
            {
                warn($"Stray item delimiter (FFFE,E00D) at byte {source.Position - 8} ignored.");
            }

            return;
        }

        if (h.Tag == DicomTag.SequenceDelimitationItem)
        {
            if (frame.Kind == FrameKind.Item)
            {
                // The sequence ends without closing its last item: close it here and let the sequence frame
                // consume the delimiter.
                warn($"Item of {frame.OwnerTag} not closed before the sequence delimiter at byte {source.Position}.");
                Pop();
                return;
            }

            source.Advance(8);
            warn($"Stray sequence delimiter (FFFE,E0DD) at byte {source.Position - 8} ignored.");
            return;
        }

        if (h.Tag == DicomTag.Item)
        {
            throw new DicomFormatException($"An item tag (FFFE,E000) stands where a data element was expected (inside {Describe(frame)})", source.Position);
        }

        var headerOffset = source.Position;
        source.Advance(h.Size);
        var dataset = frame.Dataset!;
        if (dataset.Count > 0 && frame.LastTag >= h.Tag)
        {
            warn(frame.LastTag == h.Tag
                ? $"{h.Tag} at byte {headerOffset} occurs twice in the same data set; the later value is kept."
                : $"{h.Tag} at byte {headerOffset} is out of order (after {frame.LastTag}); it is sorted into place.");
        }

        frame.LastTag = h.Tag;
        if (frame.End >= 0 && h.Length != UndefinedLength && source.Position + h.Length > frame.End)
        {
            warn($"{h.Tag} at byte {headerOffset} runs past the end of its item in {frame.OwnerTag} (byte {frame.End}).");
        }

        if (h.Length == UndefinedLength)
        {
            if (h.VR is DicomVR.SQ || (h.Tag != PixelData && (h.VR == DicomVR.UN || !frame.ExplicitVR)))
            {
                PushSequence(frame, h, headerOffset);
            }
            else if (h.VR is DicomVR.OB or DicomVR.OW or DicomVR.UN || h.Tag == PixelData)
            {
                await ReadFragmentsAsync(frame, h, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                warn($"{h.Tag} at byte {headerOffset} has VR {h.VR.Code()} with undefined length; it is read as a sequence.");
                PushSequence(frame, h with { VR = DicomVR.SQ }, headerOffset);
            }

            return;
        }

        if (h.VR == DicomVR.SQ)
        {
            PushSequence(frame, h, headerOffset);
            return;
        }

        if ((h.Length & 1) == 1)
        {
            warn($"{h.Tag} {h.VR.Code()} at byte {headerOffset} has odd length {h.Length}; the value is kept as is.");
        }

        var buffer = await ReadValueAsync(h, frame.BigEndian, headerOffset, cancellationToken).ConfigureAwait(false);
        dataset.AddOrUpdate(new DicomElement(h.Tag, h.VR, buffer));
    }

    private async ValueTask StepSequenceAsync(Frame frame, CancellationToken cancellationToken)
    {
        if (frame.End >= 0 && source.Position >= frame.End)
        {
            if (source.Position > frame.End)
            {
                warn($"Sequence {frame.OwnerTag} ending at byte {frame.End} was overrun to byte {source.Position}: its length is too small.");
            }

            Pop();
            return;
        }

        if (!await source.EnsureAsync(8, cancellationToken).ConfigureAwait(false))
        {
            throw new DicomFormatException($"The data ends inside sequence {frame.OwnerTag}: the file is truncated", source.Position);
        }

        var span = source.Span;
        var tag = ReadTag(span, frame.BigEndian);
        var length = ReadUInt32(span[4..], frame.BigEndian);
        var offset = source.Position;
        if (tag == DicomTag.Item)
        {
            source.Advance(8);
            var sequence = frame.Sequence!;
            var item = new DicomDataset();
            sequence.Add(item);
            if (sequence.Items.Count == 1)
            {
                sequence.ItemsUndefinedLength = length == UndefinedLength;
            }

            long end = -1;
            if (length != UndefinedLength)
            {
                CheckFits(length, $"Item {sequence.Items.Count} of {frame.OwnerTag}", offset);
                end = source.Position + length;
                if (frame.End >= 0 && end > frame.End)
                {
                    warn($"Item {sequence.Items.Count} of {frame.OwnerTag} at byte {offset} runs past the end of its sequence (byte {frame.End}).");
                }
            }

            _frames.Add(new Frame(FrameKind.Item, item, null, end, frame.ExplicitVR, frame.BigEndian, frame.OwnerTag));
            return;
        }

        source.Advance(8);
        if (tag == DicomTag.SequenceDelimitationItem)
        {
            if (frame.End >= 0)
            {
                warn($"Sequence delimiter at byte {offset} inside {frame.OwnerTag}, which has a defined length; the sequence ends here.");
            }

            Pop();
            return;
        }

        if (tag == DicomTag.ItemDelimitationItem)
        {
            warn($"Stray item delimiter (FFFE,E00D) at byte {offset} in sequence {frame.OwnerTag} ignored.");
            return;
        }

        throw new DicomFormatException($"Sequence {frame.OwnerTag} holds {tag} where an item (FFFE,E000) or the sequence delimiter was expected", offset);
    }

    private void PushSequence(Frame frame, ElementHeader h, long headerOffset)
    {
        var depth = _sequenceDepth + 1;
        if (depth > options.MaxSequenceDepth)
        {
            throw new DicomFormatException($"Sequence {h.Tag} is nested {depth} levels deep, more than the limit of {options.MaxSequenceDepth} (DicomReadOptions.MaxSequenceDepth)", headerOffset);
        }

        var sequence = new DicomSequence(h.Tag) { UndefinedLength = h.Length == UndefinedLength };
        frame.Dataset!.AddOrUpdate(sequence);
        long end = -1;
        if (h.Length != UndefinedLength)
        {
            CheckFits(h.Length, $"Sequence {h.Tag}", headerOffset);
            end = source.Position + h.Length;
        }

        // PS3.5 6.2.2: a UN value of undefined length holds a sequence encoded in Implicit VR Little Endian.
        var asUnknown = h.VR == DicomVR.UN;
        _frames.Add(new Frame(FrameKind.Sequence, null, sequence, end, frame.ExplicitVR && !asUnknown, frame.BigEndian && !asUnknown, h.Tag));
        _sequenceDepth++;
    }

    private async ValueTask ReadFragmentsAsync(Frame frame, ElementHeader h, CancellationToken cancellationToken)
    {
        var fragments = new DicomFragmentSequence(h.Tag, h.VR is DicomVR.OW ? DicomVR.OW : DicomVR.OB);
        var first = true;
        while (true)
        {
            if (!await source.EnsureAsync(8, cancellationToken).ConfigureAwait(false))
            {
                throw new DicomFormatException($"The data ends inside the encapsulated value of {h.Tag}: the file is truncated", source.Position);
            }

            var span = source.Span;
            var tag = ReadTag(span, frame.BigEndian);
            var length = ReadUInt32(span[4..], frame.BigEndian);
            var offset = source.Position;
            source.Advance(8);
            if (tag == DicomTag.SequenceDelimitationItem)
            {
                break;
            }

            if (tag != DicomTag.Item || length == UndefinedLength)
            {
                throw new DicomFormatException($"The encapsulated value of {h.Tag} holds {tag} (length {length:X8}) where a fragment item of defined length was expected", offset);
            }

            if ((length & 1) == 1)
            {
                warn($"Fragment of {h.Tag} at byte {offset} has odd length {length}; kept as is.");
            }

            var buffer = await ReadValueAsync(new ElementHeader(h.Tag, DicomVR.OB, length, 8), bigEndian: false, offset, cancellationToken).ConfigureAwait(false);
            if (first)
            {
                fragments.BasicOffsetTable = buffer;
                first = false;
            }
            else
            {
                fragments.Fragments.Add(buffer);
            }
        }

        frame.Dataset!.AddOrUpdate(fragments);
    }

    private async ValueTask<IByteBuffer> ReadValueAsync(ElementHeader h, bool bigEndian, long headerOffset, CancellationToken cancellationToken)
    {
        if (h.Length == 0)
        {
            return MemoryByteBuffer.Empty;
        }

        CheckFits(h.Length, $"{h.Tag} {h.VR.Code()}", headerOffset);
        var unit = bigEndian ? h.VR.UnitSize() : 1;
        var start = source.Position;
        if (source.FilePath is { } path && h.Length > options.LargeValueThreshold && unit == 1)
        {
            if (!await source.SkipAsync(h.Length, cancellationToken).ConfigureAwait(false))
            {
                throw Truncated(h, start);
            }

            return new FileByteBuffer(path, start, h.Length);
        }

        if (source.RangeSource is { } ranges && h.Length > options.LargeValueThreshold && unit == 1)
        {
            if (!await source.SkipAsync(h.Length, cancellationToken).ConfigureAwait(false))
            {
                throw Truncated(h, start);
            }

            return new RangeByteBuffer(ranges, start, h.Length);
        }

        if (h.Length > Array.MaxLength)
        {
            throw new DicomFormatException($"{h.Tag} has a value of {h.Length} bytes, too large to load into memory: open the file with DicomReadOptions.LargeValueThreshold to leave it on disk", headerOffset);
        }

        var memory = await source.ReadValueAsync(h.Length, cancellationToken).ConfigureAwait(false) ?? throw Truncated(h, start);
        if (unit > 1)
        {
            ByteSwap.InPlace(memory.Span, unit);
        }

        return new MemoryByteBuffer(memory);
    }

    /// <summary>Refuses a length that cannot fit in what is left of a seekable source, before anything is allocated.</summary>
    private void CheckFits(uint length, string what, long headerOffset)
    {
        var remaining = source.Remaining;
        if (remaining >= 0 && length > remaining)
        {
            throw new DicomFormatException($"{what} claims {length} bytes but only {remaining} bytes remain: the file is truncated or the length is corrupt", headerOffset);
        }
    }

    private DicomFormatException Truncated(ElementHeader h, long valueStart) =>
        new($"The data ends inside the value of {h.Tag}, which claims {h.Length} bytes from byte {valueStart}: the file is truncated", source.Position);

    /// <summary>Peeks an element header without consuming it; null when the data ends first.</summary>
    private async ValueTask<ElementHeader?> ReadHeaderAsync(Frame frame, CancellationToken cancellationToken)
    {
        if (!await source.EnsureAsync(8, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var span = source.Span;
        var tag = ReadTag(span, frame.BigEndian);
        if (tag.Group == 0xFFFE || !frame.ExplicitVR)
        {
            return new ElementHeader(tag, ImplicitVR(tag), ReadUInt32(span[4..], frame.BigEndian), 8);
        }

        if (DicomVRExtensions.TryParse(span[4], span[5], out var vr))
        {
            if (!vr.HasLongExplicitLength())
            {
                return new ElementHeader(tag, vr, ReadUInt16(span[6..], frame.BigEndian), 8);
            }

            if (!await source.EnsureAsync(12, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new ElementHeader(tag, vr, ReadUInt32(source.Span[8..], frame.BigEndian), 12);
        }

        return await ReadHeaderWithBadVRAsync(frame, tag, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ElementHeader?> ReadHeaderWithBadVRAsync(Frame frame, DicomTag tag, CancellationToken cancellationToken)
    {
        var first = source.Span[4];
        var second = source.Span[5];
        var code = $"{first:X2} {second:X2}";
        if (IsUpperLetter(first) && IsUpperLetter(second))
        {
            // A VR this reader does not know: every VR added since 2007 uses the 32-bit length form (PS3.5 7.1.2).
            if (!await source.EnsureAsync(12, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            warn($"{tag} at byte {source.Position} has unknown VR '{(char)first}{(char)second}'; read as UN.");
            return new ElementHeader(tag, DicomVR.UN, ReadUInt32(source.Span[8..], frame.BigEndian), 12);
        }

        // Not a VR at all: most likely the element is encoded in implicit VR despite the transfer syntax,
        // so bytes 4-7 are a 32-bit length. Use that when it fits in the data, else the explicit short form.
        var span = source.Span;
        var fallback = ImplicitVR(tag);
        var implicitLength = ReadUInt32(span[4..], frame.BigEndian);
        var remaining = source.Remaining;
        if (implicitLength == UndefinedLength || remaining < 0 || implicitLength <= remaining - 8)
        {
            warn($"{tag} at byte {source.Position} has no valid VR (bytes {code}); read as implicit VR {fallback.Code()} from the dictionary.");
            return new ElementHeader(tag, fallback, implicitLength, 8);
        }

        warn($"{tag} at byte {source.Position} has no valid VR (bytes {code}); VR {fallback.Code()} taken from the dictionary.");
        return new ElementHeader(tag, fallback, ReadUInt16(span[6..], frame.BigEndian), 8);
    }

    /// <summary>
    /// The VR implicit VR data implies: the dictionary's, and where it allows several ("US or SS", "OB or OW")
    /// the one <see cref="ContextualVR"/> picks from the Bits Allocated and Pixel Representation read so far.
    /// </summary>
    private DicomVR ImplicitVR(DicomTag tag)
    {
        var entry = DicomDictionary.Default.Find(tag);
        if (entry is not { ValueRepresentations.Length: > 1 })
        {
            return entry?.DefaultVR ?? DicomVR.UN;
        }

        var context = VRContext.Unknown;
        foreach (var frame in _frames)
        {
            if (frame.Dataset is { } dataset)
            {
                context = VRContext.Of(dataset, context);
            }
        }

        return ContextualVR.Resolve(tag, entry.ValueRepresentations, context);
    }

    private static bool IsUpperLetter(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private static DicomTag ReadTag(ReadOnlySpan<byte> span, bool bigEndian) =>
        new(ReadUInt16(span, bigEndian), ReadUInt16(span[2..], bigEndian));

    private static ushort ReadUInt16(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private static uint ReadUInt32(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    private static string Describe(Frame frame) => frame.Kind == FrameKind.TopLevel ? "the top-level data set" : $"an item of {frame.OwnerTag}";

    private void Pop()
    {
        if (_frames[^1].Kind == FrameKind.Sequence)
        {
            _sequenceDepth--;
        }

        _frames.RemoveAt(_frames.Count - 1);
    }

    private enum FrameKind
    {
        TopLevel,
        Item,
        Sequence,
    }

    /// <summary>What the first element suggests: a VR is present (explicit VR), it fits the tag, big-endian group.</summary>
    internal readonly record struct EncodingGuess(bool HasVR, bool VRFitsTag, bool BigEndian);

    private readonly record struct ElementHeader(DicomTag Tag, DicomVR VR, uint Length, int Size);

    /// <summary>One level of nesting: a data set being filled (top level or item) or a sequence reading items.</summary>
    private sealed class Frame(FrameKind kind, DicomDataset? dataset, DicomSequence? sequence, long end, bool explicitVR, bool bigEndian, DicomTag ownerTag)
    {
        public FrameKind Kind { get; } = kind;

        public DicomDataset? Dataset { get; } = dataset;

        public DicomSequence? Sequence { get; } = sequence;

        /// <summary>Absolute end position for defined lengths, -1 for undefined length (delimited) or top level.</summary>
        public long End { get; } = end;

        public bool ExplicitVR { get; } = explicitVR;

        public bool BigEndian { get; } = bigEndian;

        public DicomTag OwnerTag { get; } = ownerTag;

        public DicomTag LastTag { get; set; }
    }
}
