namespace DicomHub.Network.Pdus;

/// <summary>Result/reason of a presentation context in the A-ASSOCIATE-AC (PS3.8 Table 9-18).</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}

/// <summary>
/// Presentation context item 21H of an A-ASSOCIATE-AC (PS3.8 9.3.3.2): the acceptor's answer for one
/// proposed context, with the one transfer syntax it chose (not significant unless accepted).
/// </summary>
public sealed record PresentationContextResultItem(byte Id, PresentationContextResult Result, string TransferSyntax)
{
    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.PresentationContextResult);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        encoder.WriteByte(Id);
        encoder.WriteByte(0);
        encoder.WriteByte((byte)Result);
        encoder.WriteByte(0);
        encoder.WriteStringItem(PduItemType.TransferSyntax, TransferSyntax);
        encoder.EndLength16(start);
    }

    internal static PresentationContextResultItem Decode(PduDecoder decoder)
    {
        var id = decoder.ReadByte();
        decoder.Skip(1);
        var result = (PresentationContextResult)decoder.ReadByte();
        decoder.Skip(1);
        var syntax = string.Empty;
        while (!decoder.IsAtEnd)
        {
            var item = decoder.ReadItem(out var type);
            if (type == (byte)PduItemType.TransferSyntax)
            {
                syntax = item.ReadRemainingAscii();
            }
        }

        return new PresentationContextResultItem(id, result, syntax);
    }
}
