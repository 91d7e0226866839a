namespace DicomHub.Network.Pdus;

/// <summary>A-ASSOCIATE-RQ (PS3.8 9.3.2): the requestor's proposal.</summary>
public sealed class AAssociateRq : AssociatePdu
{
    public override PduType Type => PduType.AssociateRequest;

    public List<PresentationContextRequestItem> PresentationContexts { get; } = [];

    private protected override void EncodePresentationContexts(PduEncoder encoder)
    {
        foreach (var context in PresentationContexts)
        {
            context.Encode(encoder);
        }
    }

    private protected override void DecodePresentationContext(byte itemType, PduDecoder item)
    {
        if (itemType != (byte)PduItemType.PresentationContextRequest)
        {
            throw new PduFormatException($"A-ASSOCIATE-RQ: unexpected item 0x{itemType:X2}.", AbortReason.UnexpectedPduParameter);
        }

        PresentationContexts.Add(PresentationContextRequestItem.Decode(item));
    }

    internal static AAssociateRq DecodeBody(ReadOnlySpan<byte> body)
    {
        var pdu = new AAssociateRq();
        pdu.DecodeFields(body);
        if (pdu.PresentationContexts.Count == 0)
        {
            throw new PduFormatException("A-ASSOCIATE-RQ without any presentation context.", AbortReason.InvalidParameterValue);
        }

        return pdu;
    }

    public override string ToString() => $"A-ASSOCIATE-RQ {CallingAeTitle} -> {CalledAeTitle} ({PresentationContexts.Count} presentation contexts)";
}
