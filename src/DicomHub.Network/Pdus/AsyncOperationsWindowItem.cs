namespace DicomHub.Network.Pdus;

/// <summary>
/// Asynchronous Operations Window sub-item 53H (PS3.7 D.3.3.3): how many operations the sender may
/// invoke and perform at once without waiting for responses; 0 means unlimited, 1 is the default when absent.
/// </summary>
public sealed record AsyncOperationsWindowItem(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.AsyncOperationsWindow);
        encoder.WriteByte(0);
        encoder.WriteUInt16(4);
        encoder.WriteUInt16(MaxOperationsInvoked);
        encoder.WriteUInt16(MaxOperationsPerformed);
    }

    internal static AsyncOperationsWindowItem Decode(PduDecoder decoder) => new(decoder.ReadUInt16(), decoder.ReadUInt16());
}
