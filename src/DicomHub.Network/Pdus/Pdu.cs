namespace DicomHub.Network.Pdus;

/// <summary>
/// A protocol data unit of the DICOM upper layer (PS3.8 9.3): "type, reserved, 4-byte big-endian length,
/// body". Subclasses encode and decode only their body.
/// </summary>
public abstract class Pdu
{
    /// <summary>The 6 bytes in front of every PDU body.</summary>
    public const int HeaderLength = 6;

    public abstract PduType Type { get; }

    internal abstract void EncodeBody(PduEncoder encoder);

    /// <summary>The whole PDU, header included, ready for one send.</summary>
    public byte[] Encode()
    {
        var encoder = new PduEncoder();
        encoder.WriteByte((byte)Type);
        encoder.WriteByte(0);
        var start = encoder.BeginLength32();
        EncodeBody(encoder);
        encoder.EndLength32(start);
        return encoder.ToArray();
    }

    /// <summary>
    /// Decodes a PDU body. P-DATA-TF values are slices of <paramref name="body"/> (no copy), so the caller
    /// keeps that memory alive until it has consumed them.
    /// </summary>
    public static Pdu Decode(PduType type, ReadOnlyMemory<byte> body) => type switch
    {
        PduType.AssociateRequest => AAssociateRq.DecodeBody(body.Span),
        PduType.AssociateAccept => AAssociateAc.DecodeBody(body.Span),
        PduType.AssociateReject => AAssociateRj.DecodeBody(body.Span),
        PduType.DataTransfer => PDataTf.DecodeBody(body),
        PduType.ReleaseRequest => AReleaseRq.DecodeBody(body.Span),
        PduType.ReleaseResponse => AReleaseRp.DecodeBody(body.Span),
        PduType.Abort => AAbort.DecodeBody(body.Span),
        _ => throw new PduFormatException($"Unknown PDU type 0x{(byte)type:X2}.", AbortReason.UnrecognizedPdu),
    };

    /// <summary>Decodes a whole PDU (header included) from a byte array: for tests and tools.</summary>
    public static Pdu Decode(ReadOnlyMemory<byte> pdu)
    {
        if (pdu.Length < HeaderLength)
        {
            throw new PduFormatException($"A PDU needs at least {HeaderLength} bytes, got {pdu.Length}.");
        }

        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(pdu.Span[2..]);
        if (length != pdu.Length - HeaderLength)
        {
            throw new PduFormatException($"PDU length field says {length} bytes but {pdu.Length - HeaderLength} follow.");
        }

        return Decode((PduType)pdu.Span[0], pdu[HeaderLength..]);
    }
}
