namespace DicomHub.Network.Pdus;

/// <summary>
/// SCP/SCU Role Selection sub-item 54H (PS3.7 D.3.3.4): which roles a side takes for a SOP class, needed
/// when the association requestor acts as storage SCP for C-GET sub-operations.
/// </summary>
public sealed record RoleSelectionItem(string SopClassUid, bool ScuRole, bool ScpRole)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.RoleSelection);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        encoder.WriteUInt16((ushort)SopClassUid.Length);
        encoder.WriteAscii(SopClassUid);
        encoder.WriteByte(ScuRole ? (byte)1 : (byte)0);
        encoder.WriteByte(ScpRole ? (byte)1 : (byte)0);
        encoder.EndLength16(start);
    }

    internal static RoleSelectionItem Decode(PduDecoder decoder)
    {
        var uidLength = decoder.ReadUInt16();
        var uid = decoder.ReadAscii(uidLength);
        return new RoleSelectionItem(uid, decoder.ReadByte() != 0, decoder.ReadByte() != 0);
    }
}
