namespace DicomHub.Network.Pdus;

/// <summary>Implementation Class UID sub-item 52H (PS3.7 D.3.3.2): identifies the software; mandatory.</summary>
public sealed record ImplementationClassUidItem(string Uid)
{
    internal void Encode(PduEncoder encoder) => encoder.WriteStringItem(PduItemType.ImplementationClassUid, Uid);

    internal static ImplementationClassUidItem Decode(PduDecoder decoder) => new(decoder.ReadRemainingAscii());
}
