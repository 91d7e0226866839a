namespace DicomHub.Network.Pdus;

/// <summary>
/// The layout A-ASSOCIATE-RQ and -AC share (PS3.8 9.3.2/9.3.3): protocol version, called and calling AE
/// titles, 32 reserved bytes, then the application context, presentation context and user information items.
/// </summary>
public abstract class AssociatePdu : Pdu
{
    /// <summary>The DICOM application context name (PS3.7 A.2.1), the only one defined.</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    public ushort ProtocolVersion { get; set; } = 1;

    public string CalledAeTitle { get; set; } = string.Empty;

    public string CallingAeTitle { get; set; } = string.Empty;

    public string ApplicationContextName { get; set; } = DicomApplicationContext;

    public UserInformationItem UserInformation { get; set; } = new();

    private protected abstract void EncodePresentationContexts(PduEncoder encoder);

    private protected abstract void DecodePresentationContext(byte itemType, PduDecoder item);

    internal override void EncodeBody(PduEncoder encoder)
    {
        encoder.WriteUInt16(ProtocolVersion);
        encoder.WriteZeros(2);
        encoder.WriteAeTitle(CalledAeTitle);
        encoder.WriteAeTitle(CallingAeTitle);
        encoder.WriteZeros(32);
        encoder.WriteStringItem(PduItemType.ApplicationContext, ApplicationContextName);
        EncodePresentationContexts(encoder);
        UserInformation.Encode(encoder);
    }

    private protected void DecodeFields(ReadOnlySpan<byte> body)
    {
        var decoder = new PduDecoder(body);
        ProtocolVersion = decoder.ReadUInt16();
        decoder.Skip(2);
        CalledAeTitle = decoder.ReadAeTitle();
        CallingAeTitle = decoder.ReadAeTitle();
        decoder.Skip(32);
        var sawApplicationContext = false;
        var sawUserInformation = false;
        while (!decoder.IsAtEnd)
        {
            var item = decoder.ReadItem(out var type);
            switch ((PduItemType)type)
            {
                case PduItemType.ApplicationContext:
                    ApplicationContextName = item.ReadRemainingAscii();
                    sawApplicationContext = true;
                    break;
                case PduItemType.UserInformation:
                    UserInformation = UserInformationItem.Decode(item);
                    sawUserInformation = true;
                    break;
                default:
                    DecodePresentationContext(type, item);
                    break;
            }
        }

        if (!sawApplicationContext)
        {
            throw new PduFormatException($"{Type}: no application context item.", AbortReason.InvalidParameterValue);
        }

        if (!sawUserInformation)
        {
            throw new PduFormatException($"{Type}: no user information item (PS3.8 9.3.2 makes it mandatory).", AbortReason.InvalidParameterValue);
        }
    }
}
