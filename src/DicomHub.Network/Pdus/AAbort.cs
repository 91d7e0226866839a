namespace DicomHub.Network.Pdus;

/// <summary>A-ABORT (PS3.8 9.3.8): ends the association at once, outstanding operations are lost.</summary>
public sealed class AAbort(AbortSource source = AbortSource.ServiceUser, AbortReason reason = AbortReason.NotSpecified) : Pdu
{
    public override PduType Type => PduType.Abort;

    public AbortSource Source { get; } = source;

    public AbortReason Reason { get; } = reason;

    internal override void EncodeBody(PduEncoder encoder)
    {
        encoder.WriteZeros(2);
        encoder.WriteByte((byte)Source);
        encoder.WriteByte((byte)Reason);
    }

    internal static AAbort DecodeBody(ReadOnlySpan<byte> body)
    {
        var decoder = new PduDecoder(body);
        decoder.Skip(2);
        return new AAbort((AbortSource)decoder.ReadByte(), (AbortReason)decoder.ReadByte());
    }

    public override string ToString() => $"A-ABORT (source {Source}, reason {Reason})";
}
