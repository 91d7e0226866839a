namespace DicomHub.Network.Pdus;

/// <summary>Result field of an A-ASSOCIATE-RJ (PS3.8 Table 9-21).</summary>
public enum RejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}

/// <summary>Source field of an A-ASSOCIATE-RJ.</summary>
public enum RejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}

/// <summary>
/// Reason field of an A-ASSOCIATE-RJ. The same byte means different things per source, hence the
/// prefixes: User* with source 1, Acse* with source 2, Presentation* with source 3.
/// </summary>
public enum RejectReason : byte
{
    UserNoReason = 1,
    UserApplicationContextNotSupported = 2,
    UserCallingAeNotRecognized = 3,
    UserCalledAeNotRecognized = 7,
    AcseNoReason = 1,
    AcseProtocolVersionNotSupported = 2,
    PresentationTemporaryCongestion = 1,
    PresentationLocalLimitExceeded = 2,
}

/// <summary>A-ASSOCIATE-RJ (PS3.8 9.3.4): the acceptor refuses the association.</summary>
public sealed class AAssociateRj(RejectResult result, RejectSource source, RejectReason reason) : Pdu
{
    public override PduType Type => PduType.AssociateReject;

    public RejectResult Result { get; } = result;

    public RejectSource Source { get; } = source;

    public RejectReason Reason { get; } = reason;

    internal override void EncodeBody(PduEncoder encoder)
    {
        encoder.WriteByte(0);
        encoder.WriteByte((byte)Result);
        encoder.WriteByte((byte)Source);
        encoder.WriteByte((byte)Reason);
    }

    internal static AAssociateRj DecodeBody(ReadOnlySpan<byte> body)
    {
        var decoder = new PduDecoder(body);
        decoder.Skip(1);
        return new AAssociateRj((RejectResult)decoder.ReadByte(), (RejectSource)decoder.ReadByte(), (RejectReason)decoder.ReadByte());
    }

    /// <summary>The reason in words, for logs and error messages.</summary>
    public string Describe()
    {
        var reason = (Source, (byte)Reason) switch
        {
            (RejectSource.ServiceUser, 1) => "no reason given",
            (RejectSource.ServiceUser, 2) => "application context name not supported",
            (RejectSource.ServiceUser, 3) => "calling AE title not recognized",
            (RejectSource.ServiceUser, 7) => "called AE title not recognized",
            (RejectSource.ServiceProviderAcse, 1) => "no reason given (ACSE)",
            (RejectSource.ServiceProviderAcse, 2) => "protocol version not supported",
            (RejectSource.ServiceProviderPresentation, 1) => "temporary congestion",
            (RejectSource.ServiceProviderPresentation, 2) => "local limit exceeded",
            _ => $"reason {(byte)Reason}",
        };
        return $"{Result.ToString().ToLowerInvariant()} rejection by {Source}: {reason}";
    }

    public override string ToString() => $"A-ASSOCIATE-RJ ({Describe()})";
}
