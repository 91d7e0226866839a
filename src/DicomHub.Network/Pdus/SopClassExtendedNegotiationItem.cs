namespace DicomHub.Network.Pdus;

/// <summary>
/// SOP Class Extended Negotiation sub-item 56H (PS3.7 D.3.3.5): service-class specific bytes for one SOP
/// class (for example relational queries for C-FIND). Kept as raw bytes; each service interprets its own.
/// </summary>
public sealed record SopClassExtendedNegotiationItem(string SopClassUid, ReadOnlyMemory<byte> ServiceClassApplicationInformation)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.SopClassExtendedNegotiation);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        encoder.WriteUInt16((ushort)SopClassUid.Length);
        encoder.WriteAscii(SopClassUid);
        encoder.WriteBytes(ServiceClassApplicationInformation.Span);
        encoder.EndLength16(start);
    }

    internal static SopClassExtendedNegotiationItem Decode(PduDecoder decoder)
    {
        var uidLength = decoder.ReadUInt16();
        var uid = decoder.ReadAscii(uidLength);
        return new SopClassExtendedNegotiationItem(uid, decoder.ReadBytes(decoder.Remaining).ToArray());
    }
}
