using System.Net;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Association;

/// <summary>The acceptor's answer to an A-ASSOCIATE-RQ: an AC with the agreed association, or an RJ with a cause and fix for the log.</summary>
public sealed record NegotiationResult(AAssociateAc? Accept, AAssociateRj? Reject, AssociationInfo? Info, string? RejectCause);

/// <summary>
/// Acceptor-side negotiation (PS3.8 9.3.3, PS3.7 D.3.3): checks protocol version, application context and
/// AE titles, applies the authenticator's verdict on the peer, answers each presentation context, and agrees user
/// information items.
/// </summary>
public static class AssociationNegotiator
{
    /// <summary>
    /// The checks that need no one's verdict: protocol version, application context, called AE title and the policy's
    /// calling AE allow-list. Returns the rejection, or null when the request may go on to the authenticator.
    /// </summary>
    public static NegotiationResult? CheckRequest(AAssociateRq request, AcceptancePolicy policy)
    {
        if ((request.ProtocolVersion & 1) == 0)
        {
            return Rejected(RejectSource.ServiceProviderAcse, RejectReason.AcseProtocolVersionNotSupported,
                $"protocol version {request.ProtocolVersion} is not supported (only version 1 exists); the peer's DICOM stack is misconfigured.");
        }

        if (request.ApplicationContextName != AssociatePdu.DicomApplicationContext)
        {
            return Rejected(RejectSource.ServiceUser, RejectReason.UserApplicationContextNotSupported,
                $"application context '{request.ApplicationContextName}' is not the DICOM application context {AssociatePdu.DicomApplicationContext}.");
        }

        if (!policy.AcceptAnyCalledAeTitle && !string.Equals(request.CalledAeTitle, policy.AeTitle, StringComparison.Ordinal))
        {
            return Rejected(RejectSource.ServiceUser, RejectReason.UserCalledAeNotRecognized,
                $"called AE title '{request.CalledAeTitle}' is not ours ('{policy.AeTitle}'): the caller must address '{policy.AeTitle}', or start the SCP with that AE title.");
        }

        if (policy.AllowedCallingAeTitles.Count > 0 && !policy.AllowedCallingAeTitles.Contains(request.CallingAeTitle))
        {
            return Rejected(RejectSource.ServiceUser, RejectReason.UserCallingAeNotRecognized,
                $"calling AE title '{request.CallingAeTitle}' is not in the allowed list ({string.Join(", ", policy.AllowedCallingAeTitles)}): add it to Dimse:AllowedCallingAeTitles (receive --allow-calling-ae) or call with an allowed title.");
        }

        return null;
    }

    /// <param name="authentication">
    /// The <see cref="IAssociationAuthenticator"/>'s verdict (null: nothing verified). A rejection in it is sent once
    /// the protocol checks passed; a user identity is answered positively only when the requestor asked and it was verified.
    /// </param>
    public static NegotiationResult Negotiate(AAssociateRq request, AcceptancePolicy policy, Func<string, bool> serviceSupportsSopClass, DicomNetworkOptions options, EndPoint? remote, AssociationAuthentication? authentication = null)
    {
        if (CheckRequest(request, policy) is { } rejected)
        {
            return rejected;
        }

        if (authentication?.Reject is { } refused)
        {
            return new NegotiationResult(null, refused, null, authentication.RejectCause ?? refused.Describe());
        }

        var accept = new AAssociateAc
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            ProtocolVersion = 1,
        };
        var contexts = new Dictionary<byte, PresentationContext>();
        foreach (var proposed in request.PresentationContexts)
        {
            // A storage context the requestor proposes to be the SCP for serves C-GET sub-operations (PS3.4 C.4.3):
            // accepted whenever we retrieve, even if we do not store that SOP class ourselves.
            var forGet = StorageSopClasses.IsStorage(proposed.AbstractSyntax) && RequestsScpRole(request, proposed.AbstractSyntax)
                && (serviceSupportsSopClass(DicomUids.StudyRootQueryRetrieveInformationModelGet) || serviceSupportsSopClass(DicomUids.PatientRootQueryRetrieveInformationModelGet));
            var (result, syntax) = forGet ? AnswerRetrieveContext(proposed, policy) : AnswerContext(proposed, policy, serviceSupportsSopClass);
            accept.PresentationContexts.Add(new PresentationContextResultItem(proposed.Id, result, syntax ?? proposed.TransferSyntaxes[0]));
            contexts[proposed.Id] = new PresentationContext(proposed.Id, proposed.AbstractSyntax, proposed.TransferSyntaxes, result, syntax);
        }

        var window = 1;
        var info = request.UserInformation;
        accept.UserInformation.MaximumLength = new MaximumLengthItem(options.MaxPduLength);
        accept.UserInformation.ImplementationClassUid = new ImplementationClassUidItem(options.ImplementationClassUid);
        accept.UserInformation.ImplementationVersionName = new ImplementationVersionNameItem(options.ImplementationVersionName);
        if (info.AsyncOperationsWindow is { } asked)
        {
            // In the AC both fields describe the acceptor (PS3.7 D.3.3.3.2): we invoke nothing, and perform
            // as many of the requestor's operations at once as it asked for, up to our limit (0 = unlimited).
            var requested = asked.MaxOperationsInvoked == 0 ? policy.MaxOperationsPerformed : asked.MaxOperationsInvoked;
            window = Math.Max(1, Math.Min(requested, (int)policy.MaxOperationsPerformed));
            accept.UserInformation.AsyncOperationsWindow = new AsyncOperationsWindowItem(1, (ushort)window);
        }

        foreach (var role in info.RoleSelections)
        {
            // The requestor may take the roles it proposes (e.g. SCP for C-GET sub-operations).
            accept.UserInformation.RoleSelections.Add(role);
        }

        // PS3.7 D.3.3.7.2: the 59H sub-item only when asked for, and only for an identity that was checked and is true;
        // a requestor that asked and gets none knows its identity was not confirmed.
        if (info.UserIdentityRequest is { PositiveResponseRequested: true } && authentication is { IdentityVerified: true })
        {
            accept.UserInformation.UserIdentityAccept = new UserIdentityAcceptItem(authentication.ServerResponse);
        }

        var associationInfo = new AssociationInfo
        {
            CallingAeTitle = request.CallingAeTitle,
            CalledAeTitle = request.CalledAeTitle,
            RemoteEndPoint = remote,
            PresentationContexts = contexts,
            PeerMaxPduLength = info.MaximumLength?.MaximumLength ?? 0,
            AsyncOperationsWindow = window,
            PeerImplementationClassUid = info.ImplementationClassUid?.Uid,
            PeerImplementationVersionName = info.ImplementationVersionName?.Name,
            UserIdentity = info.UserIdentityRequest,
            RoleSelections = info.RoleSelections,
            Authentication = authentication,
        };
        return new NegotiationResult(accept, null, associationInfo, null);
    }

    private static (PresentationContextResult Result, string? Syntax) AnswerContext(PresentationContextRequestItem proposed, AcceptancePolicy policy, Func<string, bool> serviceSupportsSopClass)
    {
        var supported = policy.SopClasses?.Contains(proposed.AbstractSyntax) ?? serviceSupportsSopClass(proposed.AbstractSyntax);
        if (!supported)
        {
            return (PresentationContextResult.AbstractSyntaxNotSupported, null);
        }

        foreach (var preferred in policy.TransferSyntaxes)
        {
            if (proposed.TransferSyntaxes.Contains(preferred.Uid))
            {
                return (PresentationContextResult.Acceptance, preferred.Uid);
            }
        }

        return (PresentationContextResult.TransferSyntaxesNotSupported, null);
    }

    /// <summary>
    /// A storage context the requestor will be the SCP of, for C-GET sub-operations: the acceptor chooses (PS3.8
    /// 9.3.3.2), and the archive honours the proposer's order. It takes the first proposed syntax it can write any
    /// instance in - a native one (decoding stored compressed data), or an encapsulated one it can encode - and
    /// when none is, the first encapsulated one it accepts at all, which serves the instances stored in it
    /// unchanged. At send time an instance goes on a context in its stored syntax when one was accepted, else on
    /// the first it can be converted to (<c>CGetService</c>); a syntax it does not know is never accepted.
    /// </summary>
    internal static (PresentationContextResult Result, string? Syntax) AnswerRetrieveContext(PresentationContextRequestItem proposed, AcceptancePolicy policy)
    {
        var known = proposed.TransferSyntaxes
            .Select(uid => policy.TransferSyntaxes.FirstOrDefault(t => t.Uid == uid))
            .OfType<Dicom.Data.TransferSyntax>()
            .ToList();
        var producible = known.FirstOrDefault(t => !t.IsEncapsulated || policy.CanEncode?.Invoke(t) == true);
        var chosen = producible ?? known.FirstOrDefault();
        return chosen is null ? (PresentationContextResult.TransferSyntaxesNotSupported, null) : (PresentationContextResult.Acceptance, chosen.Uid);
    }

    private static bool RequestsScpRole(AAssociateRq request, string sopClassUid) =>
        request.UserInformation.RoleSelections.Any(r => r.SopClassUid == sopClassUid && r.ScpRole);

    private static NegotiationResult Rejected(RejectSource source, RejectReason reason, string cause) =>
        new(null, new AAssociateRj(RejectResult.Permanent, source, reason), null, cause);
}
