namespace DicomHub.Network.Pdus;

/// <summary>User Identity Type of sub-item 58H (PS3.7 D.3.3.7.1).</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    KerberosServiceTicket = 3,
    SamlAssertion = 4,
    JsonWebToken = 5,
}

/// <summary>
/// User Identity Negotiation sub-item 58H (PS3.7 D.3.3.7.1): who the requestor's user is. The primary field
/// is the username (or ticket/assertion/token), the secondary the passcode for type 2.
/// </summary>
public sealed record UserIdentityRequestItem(UserIdentityType IdentityType, bool PositiveResponseRequested, ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField)
{
    public static UserIdentityRequestItem ForUsername(string username, string? passcode = null, bool positiveResponseRequested = false) =>
        new(passcode is null ? UserIdentityType.Username : UserIdentityType.UsernameAndPasscode, positiveResponseRequested,
            System.Text.Encoding.UTF8.GetBytes(username), passcode is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(passcode));

    public string PrimaryFieldText => System.Text.Encoding.UTF8.GetString(PrimaryField.Span);

    public string SecondaryFieldText => System.Text.Encoding.UTF8.GetString(SecondaryField.Span);

    internal void Encode(PduEncoder encoder)
    {
        encoder.WriteByte((byte)PduItemType.UserIdentityRequest);
        encoder.WriteByte(0);
        var start = encoder.BeginLength16();
        encoder.WriteByte((byte)IdentityType);
        encoder.WriteByte(PositiveResponseRequested ? (byte)1 : (byte)0);
        encoder.WriteUInt16((ushort)PrimaryField.Length);
        encoder.WriteBytes(PrimaryField.Span);
        encoder.WriteUInt16((ushort)SecondaryField.Length);
        encoder.WriteBytes(SecondaryField.Span);
        encoder.EndLength16(start);
    }

    internal static UserIdentityRequestItem Decode(PduDecoder decoder)
    {
        var type = (UserIdentityType)decoder.ReadByte();
        var positive = decoder.ReadByte() != 0;
        var primary = decoder.ReadBytes(decoder.ReadUInt16()).ToArray();
        var secondary = decoder.ReadBytes(decoder.ReadUInt16()).ToArray();
        return new UserIdentityRequestItem(type, positive, primary, secondary);
    }

    // A record's generated ToString would print the passcode bytes into logs.
    public override string ToString() => $"UserIdentity {IdentityType} '{(IdentityType is UserIdentityType.Username or UserIdentityType.UsernameAndPasscode ? PrimaryFieldText : "<token>")}'";
}
