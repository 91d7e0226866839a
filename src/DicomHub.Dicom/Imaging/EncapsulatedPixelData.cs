using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Encapsulated Pixel Data (PS3.5 A.4): which fragments make up which frame is found, in order of
/// trust, from the Basic Offset Table, the Extended Offset Table, one fragment per frame when the counts
/// match, all fragments for a single frame, else by looking for the start of each compressed frame.
/// </summary>
public sealed class EncapsulatedPixelData : DicomPixelData
{
    private readonly DicomFragmentSequence _fragments;
    private readonly FrameFragments[] _frames;

    internal EncapsulatedPixelData(ImageDescription description, DicomFragmentSequence fragments, ExtendedOffsetTable? extendedOffsets)
        : base(description)
    {
        _fragments = fragments;
        if (fragments.Fragments.Count == 0)
        {
            throw new DicomImagingException("The encapsulated Pixel Data (7FE0,0010) has no fragments: there is no frame to read.");
        }

        _frames = FrameFragmentLocator.Locate(fragments, extendedOffsets, description.NumberOfFrames);
    }

    public override bool IsEncapsulated => true;

    public DicomFragmentSequence Fragments => _fragments;

    public override async ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(int frame, CancellationToken cancellationToken = default)
    {
        CheckFrameIndex(frame);
        var location = _frames[frame];
        if (location.Count == 1)
        {
            var memory = await ReadAllAsync(_fragments.Fragments[location.First], cancellationToken).ConfigureAwait(false);
            return location.Length is { } length && length <= memory.Length ? memory[..(int)length] : memory;
        }

        long total = 0;
        for (var i = 0; i < location.Count; i++)
        {
            total += _fragments.Fragments[location.First + i].Length;
        }

        var bytes = new byte[checked((int)total)];
        var position = 0;
        for (var i = 0; i < location.Count; i++)
        {
            var fragment = await ReadAllAsync(_fragments.Fragments[location.First + i], cancellationToken).ConfigureAwait(false);
            fragment.CopyTo(bytes.AsMemory(position));
            position += fragment.Length;
        }

        return bytes;
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(IByteBuffer buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsInMemory)
        {
            return buffer.Memory;
        }

        // Read a lazy fragment without caching it in the buffer: a 500 MB multi-frame stays on disk.
        var bytes = new byte[checked((int)buffer.Length)];
        await buffer.ReadAsync(0, bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }
}
