using System.Buffers.Binary;

namespace DicomHub.Network.Pdus;

/// <summary>P-DATA-TF (PS3.8 9.3.5): one or more PDVs carrying DIMSE message fragments.</summary>
public sealed class PDataTf(IReadOnlyList<PresentationDataValue> values) : Pdu
{
    public override PduType Type => PduType.DataTransfer;

    public IReadOnlyList<PresentationDataValue> Values { get; } = values;

    internal override void EncodeBody(PduEncoder encoder)
    {
        foreach (var pdv in Values)
        {
            encoder.WriteUInt32((uint)(pdv.Data.Length + 2));
            encoder.WriteByte(pdv.PresentationContextId);
            encoder.WriteByte(pdv.ControlHeader);
            encoder.WriteBytes(pdv.Data.Span);
        }
    }

    /// <summary>Writes the 6-byte PDU header and 6-byte PDV header for a single-PDV P-DATA-TF into <paramref name="destination"/>.</summary>
    public static void WriteSinglePdvHeaders(Span<byte> destination, byte presentationContextId, bool isCommand, bool isLast, int dataLength)
    {
        destination[0] = (byte)PduType.DataTransfer;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)(dataLength + PresentationDataValue.HeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], (uint)(dataLength + 2));
        destination[10] = presentationContextId;
        destination[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
    }

    internal static PDataTf DecodeBody(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>(1);
        var offset = 0;
        var span = body.Span;
        while (offset < body.Length)
        {
            if (body.Length - offset < PresentationDataValue.HeaderLength)
            {
                throw new PduFormatException($"P-DATA-TF: PDV header at offset {offset} is truncated.");
            }

            var itemLength = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
            if (itemLength < 2 || itemLength > body.Length - offset - 4)
            {
                throw new PduFormatException($"P-DATA-TF: PDV item length {itemLength} at offset {offset} does not fit the {body.Length}-byte PDU.");
            }

            var contextId = span[offset + 4];
            var control = span[offset + 5];
            if ((contextId & 1) == 0)
            {
                throw new PduFormatException($"P-DATA-TF: presentation context ID {contextId} is even (PS3.8 9.3.2.2 requires odd).");
            }

            values.Add(new PresentationDataValue(contextId, PresentationDataValue.IsCommandFlag(control), PresentationDataValue.IsLastFlag(control), body.Slice(offset + 6, (int)itemLength - 2)));
            offset += 4 + (int)itemLength;
        }

        if (values.Count == 0)
        {
            throw new PduFormatException("P-DATA-TF without any PDV item (PS3.8 9.3.5 requires at least one).");
        }

        return new PDataTf(values);
    }

    public override string ToString() => $"P-DATA-TF ({Values.Count} PDV, {Values.Sum(v => v.Data.Length)} bytes)";
}
