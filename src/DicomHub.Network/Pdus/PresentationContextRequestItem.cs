namespace DicomHub.Network.Pdus;

/// <summary>
/// Presentation context item 20H of an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): an odd ID, one abstract syntax
/// (SOP class) and the transfer syntaxes the requestor offers for it.
/// </summary>
public sealed record PresentationContextRequestItem(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.PresentationContextRequest);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        encoder.WriteByte(Id);
        encoder.WriteZeros(3);
        encoder.WriteStringItem(PduItemType.AbstractSyntax, AbstractSyntax);
        foreach (var syntax in TransferSyntaxes)
        {
            encoder.WriteStringItem(PduItemType.TransferSyntax, syntax);
        }

        encoder.EndLength16(start);
    }

    internal static PresentationContextRequestItem Decode(PduDecoder decoder)
    {
        var id = decoder.ReadByte();
        decoder.Skip(3);
        string? abstractSyntax = null;
        var syntaxes = new List<string>();
        while (!decoder.IsAtEnd)
        {
            var item = decoder.ReadItem(out var type);
            switch ((PduItemType)type)
            {
                case PduItemType.AbstractSyntax:
                    abstractSyntax = item.ReadRemainingAscii();
                    break;
                case PduItemType.TransferSyntax:
                    syntaxes.Add(item.ReadRemainingAscii());
                    break;
                default:
                    throw new PduFormatException($"Presentation context {id}: unexpected sub-item 0x{type:X2}.", AbortReason.UnexpectedPduParameter);
            }
        }

        if (abstractSyntax is null || syntaxes.Count == 0)
        {
            throw new PduFormatException($"Presentation context {id} lacks an abstract syntax or transfer syntax sub-item.", AbortReason.InvalidParameterValue);
        }

        return new PresentationContextRequestItem(id, abstractSyntax, syntaxes);
    }
}
