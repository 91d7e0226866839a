namespace DicomHub.Network.Pdus;

/// <summary>Implementation Version Name sub-item 55H (PS3.7 D.3.3.2): 1-16 characters.</summary>
public sealed record ImplementationVersionNameItem(string Name)
{
    internal void Encode(PduEncoder encoder) => encoder.WriteStringItem(PduItemType.ImplementationVersionName, Name.Length > 16 ? Name[..16] : Name);

    internal static ImplementationVersionNameItem Decode(PduDecoder decoder) => new(decoder.ReadRemainingAscii());
}
