using System.Net;
using System.Security.Cryptography.X509Certificates;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Association;

/// <summary>
/// Decides, before an association is accepted, whether the peer may associate at all and who it is: checks its
/// calling AE title, address and user identity (PS3.7 D.3.3.7) against the application's settings. The SCP asks
/// it once per A-ASSOCIATE-RQ that passed the protocol checks (version, application context, called AE title).
/// </summary>
public interface IAssociationAuthenticator
{
    ValueTask<AssociationAuthentication> AuthenticateAsync(AssociationRequest request, CancellationToken cancellationToken);
}

/// <summary>What the SCP knows about a peer when it asks to associate.</summary>
public sealed record AssociationRequest(string CallingAeTitle, string CalledAeTitle, EndPoint? RemoteEndPoint, UserIdentityRequestItem? UserIdentity)
{
    /// <summary>The certificate the peer presented on a DICOM TLS connection (null on plain TCP): for an AE-title-to-certificate binding.</summary>
    public X509Certificate2? PeerCertificate { get; init; }

    public IPAddress? RemoteAddress => (RemoteEndPoint as IPEndPoint)?.Address;
}

/// <summary>
/// The authenticator's answer: a rejection (with the A-ASSOCIATE-RJ to send and the cause for the log), or
/// acceptance with what was verified. A positive User Identity response (sub-item 59H) is sent only when the
/// requestor asked for one and <see cref="IdentityVerified"/> is true.
/// </summary>
public sealed record AssociationAuthentication
{
    /// <summary>Accepts without having verified anything (no authenticator, or open access).</summary>
    public static AssociationAuthentication Unverified { get; } = new();

    public AAssociateRj? Reject { get; init; }

    public string? RejectCause { get; init; }

    /// <summary>The user identity the peer sent was checked and is true.</summary>
    public bool IdentityVerified { get; init; }

    /// <summary>The server response of the 59H sub-item (empty for username and passcode types).</summary>
    public ReadOnlyMemory<byte> ServerResponse { get; init; }

    /// <summary>What the application made of the caller (its principal), for the association's services to read back.</summary>
    public object? Subject { get; init; }

    public static AssociationAuthentication Rejected(RejectSource source, RejectReason reason, string cause) =>
        new() { Reject = new AAssociateRj(RejectResult.Permanent, source, reason), RejectCause = cause };

    /// <summary>The calling AE title is not one this SCP serves (PS3.8 reason 3, service user).</summary>
    public static AssociationAuthentication CallingAeNotRecognized(string cause) =>
        Rejected(RejectSource.ServiceUser, RejectReason.UserCallingAeNotRecognized, cause);

    /// <summary>The user identity was refused: PS3.7 D.3.3.7 says permanent, source ACSE, no reason given.</summary>
    public static AssociationAuthentication IdentityRefused(string cause) =>
        Rejected(RejectSource.ServiceProviderAcse, RejectReason.AcseNoReason, cause);
}
