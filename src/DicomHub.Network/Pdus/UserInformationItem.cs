namespace DicomHub.Network.Pdus;

/// <summary>
/// User Information item 50H (PS3.8 9.3.2.3, PS3.7 Annex D.3.3) with its sub-items. Sub-items this code
/// does not know are kept raw so they survive a decode/encode round trip.
/// </summary>
public sealed class UserInformationItem
{
    public MaximumLengthItem? MaximumLength { get; set; }

    public ImplementationClassUidItem? ImplementationClassUid { get; set; }

    public ImplementationVersionNameItem? ImplementationVersionName { get; set; }

    public AsyncOperationsWindowItem? AsyncOperationsWindow { get; set; }

    public List<RoleSelectionItem> RoleSelections { get; } = [];

    public List<SopClassExtendedNegotiationItem> ExtendedNegotiations { get; } = [];

    public List<SopClassCommonExtendedNegotiationItem> CommonExtendedNegotiations { get; } = [];

    public UserIdentityRequestItem? UserIdentityRequest { get; set; }

    public UserIdentityAcceptItem? UserIdentityAccept { get; set; }

    /// <summary>Sub-items of unknown type: (type, content).</summary>
    public List<(byte Type, ReadOnlyMemory<byte> Content)> UnknownSubItems { get; } = [];

    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.UserInformation);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        MaximumLength?.Encode(encoder);
        ImplementationClassUid?.Encode(encoder);
        AsyncOperationsWindow?.Encode(encoder);
        foreach (var role in RoleSelections)
        {
            role.Encode(encoder);
        }

        ImplementationVersionName?.Encode(encoder);
        foreach (var extended in ExtendedNegotiations)
        {
            extended.Encode(encoder);
        }

        foreach (var common in CommonExtendedNegotiations)
        {
            common.Encode(encoder);
        }

        UserIdentityRequest?.Encode(encoder);
        UserIdentityAccept?.Encode(encoder);
        foreach (var (type, content) in UnknownSubItems)
        {
            encoder.WriteByte(type);
            encoder.WriteByte(0);
            encoder.WriteUInt16((ushort)content.Length);
            encoder.WriteBytes(content.Span);
        }

        encoder.EndLength16(start);
    }

    internal static UserInformationItem Decode(PduDecoder decoder)
    {
        var info = new UserInformationItem();
        while (!decoder.IsAtEnd)
        {
            var item = decoder.ReadItem(out var type);
            switch ((PduItemType)type)
            {
                case PduItemType.MaximumLength:
                    info.MaximumLength = MaximumLengthItem.Decode(item);
                    break;
                case PduItemType.ImplementationClassUid:
                    info.ImplementationClassUid = ImplementationClassUidItem.Decode(item);
                    break;
                case PduItemType.ImplementationVersionName:
                    info.ImplementationVersionName = ImplementationVersionNameItem.Decode(item);
                    break;
                case PduItemType.AsyncOperationsWindow:
                    info.AsyncOperationsWindow = AsyncOperationsWindowItem.Decode(item);
                    break;
                case PduItemType.RoleSelection:
                    info.RoleSelections.Add(RoleSelectionItem.Decode(item));
                    break;
                case PduItemType.SopClassExtendedNegotiation:
                    info.ExtendedNegotiations.Add(SopClassExtendedNegotiationItem.Decode(item));
                    break;
                case PduItemType.SopClassCommonExtendedNegotiation:
                    info.CommonExtendedNegotiations.Add(SopClassCommonExtendedNegotiationItem.Decode(item));
                    break;
                case PduItemType.UserIdentityRequest:
                    info.UserIdentityRequest = UserIdentityRequestItem.Decode(item);
                    break;
                case PduItemType.UserIdentityAccept:
                    info.UserIdentityAccept = UserIdentityAcceptItem.Decode(item);
                    break;
                default:
                    info.UnknownSubItems.Add((type, item.ReadBytes(item.Remaining).ToArray()));
                    break;
            }
        }

        return info;
    }
}
