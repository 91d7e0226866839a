using DicomHub.Network.Pdus;

namespace DicomHub.Network.Association;

/// <summary>The acceptor answered our A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ.</summary>
public sealed class AssociationRejectedException(AAssociateRj reject, string calledAe)
    : Exception($"Association rejected by '{calledAe}': {reject.Describe()}. {Hint(reject)}")
{
    public AAssociateRj Reject { get; } = reject;

    private static string Hint(AAssociateRj reject) => (reject.Source, (byte)reject.Reason) switch
    {
        (RejectSource.ServiceUser, 3) => "Register our calling AE title with the peer (or pass the title it knows with --calling-ae).",
        (RejectSource.ServiceUser, 7) => "Check the called AE title in the dicom://AE@host:port address.",
        (RejectSource.ServiceProviderPresentation, _) => "The peer is busy; retry later or use fewer parallel associations.",
        _ => "See the peer's log for details.",
    };
}

/// <summary>The association ended abnormally: an A-ABORT from either side, a lost connection, or a timeout.</summary>
public sealed class AssociationAbortedException(string message, Exception? inner = null) : Exception(message, inner);
