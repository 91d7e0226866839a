using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Dicom.Data;

/// <summary>
/// A data element with a value held as little-endian bytes. Text is kept undecoded: it is decoded with the
/// data set's Specific Character Set when read through <see cref="DicomDataset"/> accessors, so a value
/// round-trips byte for byte even when its character set is unknown.
/// </summary>
public sealed class DicomElement(DicomTag tag, DicomVR vr, IByteBuffer buffer) : DicomItem(tag, vr)
{
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
        : this(tag, vr, new MemoryByteBuffer(bytes))
    {
    }

    public IByteBuffer Buffer { get; } = buffer;

    public long Length => Buffer.Length;

    public override string ToString() => $"{Tag} {VR.Code()} ({Length} bytes)";
}
