namespace DicomHub.Network.Pdus;

/// <summary>
/// Maximum Length sub-item 51H (PS3.8 D.1): the largest P-DATA-TF variable field the SENDER of this item
/// will receive. 0 means no limit.
/// </summary>
public sealed record MaximumLengthItem(uint MaximumLength)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.MaximumLength);
        encoder.WriteByte(0);
        encoder.WriteUInt16(4);
        encoder.WriteUInt32(MaximumLength);
    }

    internal static MaximumLengthItem Decode(PduDecoder decoder) => new(decoder.ReadUInt32());
}
