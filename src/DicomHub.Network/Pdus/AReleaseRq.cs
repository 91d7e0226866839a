namespace DicomHub.Network.Pdus;

/// <summary>A-RELEASE-RQ (PS3.8 9.3.6): asks for an orderly end of the association.</summary>
public sealed class AReleaseRq : Pdu
{
    public override PduType Type => PduType.ReleaseRequest;

    internal override void EncodeBody(PduEncoder encoder) => encoder.WriteZeros(4);

    internal static AReleaseRq DecodeBody(ReadOnlySpan<byte> body)
    {
        new PduDecoder(body).Skip(4);
        return new AReleaseRq();
    }

    public override string ToString() => "A-RELEASE-RQ";
}
