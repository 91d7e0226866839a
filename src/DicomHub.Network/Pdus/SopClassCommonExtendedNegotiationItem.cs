namespace DicomHub.Network.Pdus;

/// <summary>
/// SOP Class Common Extended Negotiation sub-item 57H (PS3.7 D.3.3.6): the service class of a SOP class
/// and the general SOP classes it specializes. Sent by the requestor only.
/// </summary>
public sealed record SopClassCommonExtendedNegotiationItem(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClassUids)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.SopClassCommonExtendedNegotiation);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        encoder.WriteUInt16((ushort)SopClassUid.Length);
        encoder.WriteAscii(SopClassUid);
        encoder.WriteUInt16((ushort)ServiceClassUid.Length);
        encoder.WriteAscii(ServiceClassUid);
        encoder.WriteUInt16((ushort)RelatedGeneralSopClassUids.Sum(u => 2 + u.Length));
        foreach (var related in RelatedGeneralSopClassUids)
        {
            encoder.WriteUInt16((ushort)related.Length);
            encoder.WriteAscii(related);
        }

        encoder.EndLength16(start);
    }

    internal static SopClassCommonExtendedNegotiationItem Decode(PduDecoder decoder)
    {
        var sopClass = decoder.ReadAscii(decoder.ReadUInt16());
        var serviceClass = decoder.ReadAscii(decoder.ReadUInt16());
        var related = new List<string>();
        if (!decoder.IsAtEnd)
        {
            var relatedDecoder = new PduDecoder(decoder.ReadBytes(decoder.ReadUInt16()));
            while (!relatedDecoder.IsAtEnd)
            {
                related.Add(relatedDecoder.ReadAscii(relatedDecoder.ReadUInt16()));
            }
        }

        return new SopClassCommonExtendedNegotiationItem(sopClass, serviceClass, related);
    }
}
