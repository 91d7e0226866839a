namespace DicomHub.Network.Pdus;

/// <summary>A-ASSOCIATE-AC (PS3.8 9.3.3): the acceptor's answer, one result per proposed context.</summary>
public sealed class AAssociateAc : AssociatePdu
{
    public override PduType Type => PduType.AssociateAccept;

    public List<PresentationContextResultItem> PresentationContexts { get; } = [];

    private protected override void EncodePresentationContexts(PduEncoder encoder)
    {
        foreach (var context in PresentationContexts)
        {
            context.Encode(encoder);
        }
    }

    private protected override void DecodePresentationContext(byte itemType, PduDecoder item)
    {
        if (itemType != (byte)PduItemType.PresentationContextResult)
        {
            throw new PduFormatException($"A-ASSOCIATE-AC: unexpected item 0x{itemType:X2}.", AbortReason.UnexpectedPduParameter);
        }

        PresentationContexts.Add(PresentationContextResultItem.Decode(item));
    }

    internal static AAssociateAc DecodeBody(ReadOnlySpan<byte> body)
    {
        var pdu = new AAssociateAc();
        pdu.DecodeFields(body);
        return pdu;
    }

    public override string ToString() => $"A-ASSOCIATE-AC ({PresentationContexts.Count(c => c.Result == PresentationContextResult.Acceptance)} of {PresentationContexts.Count} contexts accepted)";
}
