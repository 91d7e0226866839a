namespace DicomHub.Network.Pdus;

/// <summary>
/// User Identity Negotiation sub-item 59H (PS3.7 D.3.3.7.2): the acceptor's server response, sent only when
/// the requestor asked for a positive response (empty for username types).
/// </summary>
public sealed record UserIdentityAcceptItem(ReadOnlyMemory<byte> ServerResponse)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.UserIdentityAccept);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        encoder.WriteUInt16((ushort)ServerResponse.Length);
        encoder.WriteBytes(ServerResponse.Span);
        encoder.EndLength16(start);
    }

    internal static UserIdentityAcceptItem Decode(PduDecoder decoder) => new(decoder.ReadBytes(decoder.ReadUInt16()).ToArray());
}
