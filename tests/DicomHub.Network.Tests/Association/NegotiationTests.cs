using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Tests.Association;

public sealed class NegotiationTests
{
    private static readonly DicomNetworkOptions Network = new();

    private static AAssociateRq Request(params PresentationContextRequestItem[] contexts)
    {
        var rq = new AAssociateRq { CalledAeTitle = "SCP", CallingAeTitle = "SCU" };
        rq.PresentationContexts.AddRange(contexts);
        rq.UserInformation.MaximumLength = new MaximumLengthItem(32768);
        rq.UserInformation.ImplementationClassUid = new ImplementationClassUidItem("1.2.3");
        return rq;
    }

    private static NegotiationResult Negotiate(AAssociateRq rq, AcceptancePolicy? policy = null) =>
        AssociationNegotiator.Negotiate(rq, policy ?? new AcceptancePolicy { AeTitle = "SCP" }, StorageSopClasses.IsStorage, Network, null);

    [Fact]
    public void Preferred_transfer_syntax_order_of_the_acceptor_wins()
    {
        var rq = Request(new PresentationContextRequestItem(1, DicomUids.CTImageStorage, [TransferSyntax.ImplicitVRLittleEndian.Uid, TransferSyntax.RLELossless.Uid, TransferSyntax.ExplicitVRLittleEndian.Uid]));

        var preferExplicit = Negotiate(rq);
        var preferRle = Negotiate(rq, new AcceptancePolicy { AeTitle = "SCP", TransferSyntaxes = [TransferSyntax.RLELossless, TransferSyntax.ImplicitVRLittleEndian] });

        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian.Uid, preferExplicit.Accept!.PresentationContexts[0].TransferSyntax);
        Assert.Equal(TransferSyntax.RLELossless.Uid, preferRle.Accept!.PresentationContexts[0].TransferSyntax);
    }

    [Fact]
    public void Each_context_gets_its_own_result()
    {
        var rq = Request(
            new PresentationContextRequestItem(1, DicomUids.CTImageStorage, [TransferSyntax.ImplicitVRLittleEndian.Uid]),
            new PresentationContextRequestItem(3, "1.2.3.4", [TransferSyntax.ImplicitVRLittleEndian.Uid]),
            new PresentationContextRequestItem(5, DicomUids.CTImageStorage, ["1.2.3.4.5.6.7"]));

        var result = Negotiate(rq);

        Assert.Equal(
            [PresentationContextResult.Acceptance, PresentationContextResult.AbstractSyntaxNotSupported, PresentationContextResult.TransferSyntaxesNotSupported],
            result.Accept!.PresentationContexts.Select(c => c.Result));
        Assert.Single(result.Info!.AcceptedContexts);
        Assert.Equal(32768u, result.Info.PeerMaxPduLength);
    }

    [Theory]
    [InlineData((ushort)16, (ushort)8, 8)]
    [InlineData((ushort)4, (ushort)8, 4)]
    [InlineData((ushort)0, (ushort)8, 8)]
    public void Async_window_is_the_smaller_of_asked_and_allowed(ushort asked, ushort allowed, int expected)
    {
        var rq = Request(new PresentationContextRequestItem(1, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        rq.UserInformation.AsyncOperationsWindow = new AsyncOperationsWindowItem(asked, 1);

        var result = AssociationNegotiator.Negotiate(rq, new AcceptancePolicy { AeTitle = "SCP", MaxOperationsPerformed = allowed }, _ => true, Network, null);

        Assert.Equal(expected, result.Info!.AsyncOperationsWindow);
        Assert.Equal(new AsyncOperationsWindowItem(1, (ushort)expected), result.Accept!.UserInformation.AsyncOperationsWindow);
    }

    [Fact]
    public void No_async_window_item_means_window_1_and_none_in_the_answer()
    {
        var result = Negotiate(Request(new PresentationContextRequestItem(1, DicomUids.CTImageStorage, [TransferSyntax.ImplicitVRLittleEndian.Uid])));

        Assert.Equal(1, result.Info!.AsyncOperationsWindow);
        Assert.Null(result.Accept!.UserInformation.AsyncOperationsWindow);
    }

    [Fact]
    public void Unsupported_protocol_version_and_application_context_are_rejected_with_their_reasons()
    {
        var version = Request(new PresentationContextRequestItem(1, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        version.ProtocolVersion = 2;
        var context = Request(new PresentationContextRequestItem(1, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        context.ApplicationContextName = "1.2.3";

        var v = Negotiate(version).Reject!;
        var c = Negotiate(context).Reject!;

        Assert.Equal((RejectSource.ServiceProviderAcse, RejectReason.AcseProtocolVersionNotSupported), (v.Source, v.Reason));
        Assert.Equal((RejectSource.ServiceUser, RejectReason.UserApplicationContextNotSupported), (c.Source, c.Reason));
    }

    [Fact]
    public void Role_selection_is_answered_and_a_user_identity_is_confirmed_only_once_verified()
    {
        var rq = Request(new PresentationContextRequestItem(1, DicomUids.CTImageStorage, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        rq.UserInformation.RoleSelections.Add(new RoleSelectionItem(DicomUids.CTImageStorage, false, true));
        rq.UserInformation.UserIdentityRequest = UserIdentityRequestItem.ForUsername("bob", positiveResponseRequested: true);

        var unverified = Negotiate(rq);
        var verified = AssociationNegotiator.Negotiate(rq, new AcceptancePolicy { AeTitle = "SCP" }, StorageSopClasses.IsStorage, Network, null, new AssociationAuthentication { IdentityVerified = true });

        Assert.Equal(new RoleSelectionItem(DicomUids.CTImageStorage, false, true), Assert.Single(unverified.Accept!.UserInformation.RoleSelections));
        Assert.Null(unverified.Accept.UserInformation.UserIdentityAccept);
        Assert.NotNull(verified.Accept!.UserInformation.UserIdentityAccept);
        Assert.Equal("bob", verified.Info!.UserIdentity!.PrimaryFieldText);
    }

    [Fact]
    public void A_verified_identity_without_a_request_for_a_response_gets_none_and_a_refusal_is_sent_after_the_protocol_checks()
    {
        var rq = Request(new PresentationContextRequestItem(1, DicomUids.CTImageStorage, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        rq.UserInformation.UserIdentityRequest = UserIdentityRequestItem.ForUsername("bob", "secret", positiveResponseRequested: false);
        var policy = new AcceptancePolicy { AeTitle = "SCP" };

        var quiet = AssociationNegotiator.Negotiate(rq, policy, StorageSopClasses.IsStorage, Network, null, new AssociationAuthentication { IdentityVerified = true });
        var refused = AssociationNegotiator.Negotiate(rq, policy, StorageSopClasses.IsStorage, Network, null, AssociationAuthentication.IdentityRefused("wrong passcode"));
        rq.CalledAeTitle = "OTHER";
        var wrongCalled = AssociationNegotiator.Negotiate(rq, policy, StorageSopClasses.IsStorage, Network, null, AssociationAuthentication.IdentityRefused("wrong passcode"));

        Assert.Null(quiet.Accept!.UserInformation.UserIdentityAccept);
        Assert.Equal((RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReason.AcseNoReason), (refused.Reject!.Result, refused.Reject.Source, refused.Reject.Reason));
        Assert.Equal("wrong passcode", refused.RejectCause);
        Assert.Equal(RejectReason.UserCalledAeNotRecognized, wrongCalled.Reject!.Reason);
    }
}
