namespace DicomHub.Network.Pdus;

/// <summary>A-RELEASE-RP (PS3.8 9.3.7): confirms an orderly release.</summary>
public sealed class AReleaseRp : Pdu
{
    public override PduType Type => PduType.ReleaseResponse;

    internal override void EncodeBody(PduEncoder encoder) => encoder.WriteZeros(4);

    internal static AReleaseRp DecodeBody(ReadOnlySpan<byte> body)
    {
        new PduDecoder(body).Skip(4);
        return new AReleaseRp();
    }

    public override string ToString() => "A-RELEASE-RP";
}
