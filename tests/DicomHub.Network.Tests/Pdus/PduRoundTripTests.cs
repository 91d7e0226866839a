using DicomHub.Network.Pdus;

namespace DicomHub.Network.Tests.Pdus;

public sealed class PduRoundTripTests
{
    [Fact]
    public void AssociateRequest_with_every_user_information_sub_item_round_trips()
    {
        var rq = new AAssociateRq { CalledAeTitle = "ARCHIVE", CallingAeTitle = "MODALITY1" };
        rq.PresentationContexts.Add(new PresentationContextRequestItem(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]));
        rq.PresentationContexts.Add(new PresentationContextRequestItem(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]));
        var user = rq.UserInformation;
        user.MaximumLength = new MaximumLengthItem(16384);
        user.ImplementationClassUid = new ImplementationClassUidItem("1.2.3.4");
        user.ImplementationVersionName = new ImplementationVersionNameItem("TEST_1");
        user.AsyncOperationsWindow = new AsyncOperationsWindowItem(16, 1);
        user.RoleSelections.Add(new RoleSelectionItem("1.2.840.10008.5.1.4.1.1.2", ScuRole: true, ScpRole: true));
        user.ExtendedNegotiations.Add(new SopClassExtendedNegotiationItem("1.2.840.10008.5.1.4.1.2.1.1", new byte[] { 1, 0, 1 }));
        user.CommonExtendedNegotiations.Add(new SopClassCommonExtendedNegotiationItem("1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.4.2", ["1.2.840.10008.5.1.4.1.1.2"]));
        user.UserIdentityRequest = UserIdentityRequestItem.ForUsername("alice", "secret", positiveResponseRequested: true);

        var decoded = Assert.IsType<AAssociateRq>(Pdu.Decode(rq.Encode()));

        Assert.Equal("ARCHIVE", decoded.CalledAeTitle);
        Assert.Equal("MODALITY1", decoded.CallingAeTitle);
        Assert.Equal(AssociatePdu.DicomApplicationContext, decoded.ApplicationContextName);
        Assert.Equal(2, decoded.PresentationContexts.Count);
        Assert.Equal(["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"], decoded.PresentationContexts[1].TransferSyntaxes);
        var u = decoded.UserInformation;
        Assert.Equal(16384u, u.MaximumLength!.MaximumLength);
        Assert.Equal("1.2.3.4", u.ImplementationClassUid!.Uid);
        Assert.Equal("TEST_1", u.ImplementationVersionName!.Name);
        Assert.Equal(new AsyncOperationsWindowItem(16, 1), u.AsyncOperationsWindow);
        Assert.Equal(new RoleSelectionItem("1.2.840.10008.5.1.4.1.1.2", true, true), Assert.Single(u.RoleSelections));
        Assert.Equal(new byte[] { 1, 0, 1 }, Assert.Single(u.ExtendedNegotiations).ServiceClassApplicationInformation.ToArray());
        var common = Assert.Single(u.CommonExtendedNegotiations);
        Assert.Equal("1.2.840.10008.4.2", common.ServiceClassUid);
        Assert.Equal(["1.2.840.10008.5.1.4.1.1.2"], common.RelatedGeneralSopClassUids);
        Assert.Equal(UserIdentityType.UsernameAndPasscode, u.UserIdentityRequest!.IdentityType);
        Assert.Equal("alice", u.UserIdentityRequest.PrimaryFieldText);
        Assert.Equal("secret", u.UserIdentityRequest.SecondaryFieldText);
        Assert.True(u.UserIdentityRequest.PositiveResponseRequested);
        Assert.DoesNotContain("secret", u.UserIdentityRequest.ToString(), StringComparison.Ordinal);

        // Encoding the decoded PDU gives the very same bytes.
        Assert.Equal(rq.Encode(), decoded.Encode());
    }

    [Fact]
    public void AssociateRequest_fixed_fields_follow_PS3_8_table_9_11()
    {
        var rq = new AAssociateRq { CalledAeTitle = "CALLED", CallingAeTitle = "CALLING" };
        rq.PresentationContexts.Add(new PresentationContextRequestItem(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]));
        var bytes = rq.Encode();

        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(bytes.Length - 6, (bytes[2] << 24) | (bytes[3] << 16) | (bytes[4] << 8) | bytes[5]);
        Assert.Equal(new byte[] { 0, 1 }, bytes[6..8]);
        Assert.Equal("CALLED          ", System.Text.Encoding.ASCII.GetString(bytes, 10, 16));
        Assert.Equal("CALLING         ", System.Text.Encoding.ASCII.GetString(bytes, 26, 16));
        Assert.All(bytes[42..74], b => Assert.Equal(0, b));
        Assert.Equal(0x10, bytes[74]);
    }

    [Fact]
    public void AssociateAccept_round_trips_results_and_user_identity_response()
    {
        var ac = new AAssociateAc { CalledAeTitle = "A", CallingAeTitle = "B" };
        ac.PresentationContexts.Add(new PresentationContextResultItem(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2"));
        ac.PresentationContexts.Add(new PresentationContextResultItem(3, PresentationContextResult.AbstractSyntaxNotSupported, "1.2.840.10008.1.2"));
        ac.UserInformation.MaximumLength = new MaximumLengthItem(0);
        ac.UserInformation.ImplementationClassUid = new ImplementationClassUidItem("1.2.3");
        ac.UserInformation.UserIdentityAccept = new UserIdentityAcceptItem(new byte[] { 9, 8 });

        var decoded = Assert.IsType<AAssociateAc>(Pdu.Decode(ac.Encode()));

        Assert.Equal(ac.PresentationContexts, decoded.PresentationContexts);
        Assert.Equal(0u, decoded.UserInformation.MaximumLength!.MaximumLength);
        Assert.Equal(new byte[] { 9, 8 }, decoded.UserInformation.UserIdentityAccept!.ServerResponse.ToArray());
    }

    [Fact]
    public void Reject_release_and_abort_PDUs_round_trip_with_length_4()
    {
        var rj = Assert.IsType<AAssociateRj>(Pdu.Decode(new AAssociateRj(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.UserCallingAeNotRecognized).Encode()));
        Assert.Equal((RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.UserCallingAeNotRecognized), (rj.Result, rj.Source, rj.Reason));
        Assert.Contains("calling AE title not recognized", rj.Describe(), StringComparison.Ordinal);

        var abort = Assert.IsType<AAbort>(Pdu.Decode(new AAbort(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu).Encode()));
        Assert.Equal((AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), (abort.Source, abort.Reason));

        Assert.Equal(new byte[] { 5, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, new AReleaseRq().Encode());
        Assert.Equal(new byte[] { 6, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, new AReleaseRp().Encode());
        Assert.IsType<AReleaseRq>(Pdu.Decode(new AReleaseRq().Encode()));
        Assert.IsType<AReleaseRp>(Pdu.Decode(new AReleaseRp().Encode()));
    }

    [Fact]
    public void DataTransfer_with_several_PDVs_round_trips_flags_and_data()
    {
        var pdu = new PDataTf([
            new PresentationDataValue(1, IsCommand: true, IsLastFragment: true, new byte[] { 1, 2, 3 }),
            new PresentationDataValue(3, IsCommand: false, IsLastFragment: false, new byte[] { 4, 5 }),
        ]);
        var bytes = pdu.Encode();

        Assert.Equal(0x03, bytes[11]); // command + last
        var decoded = Assert.IsType<PDataTf>(Pdu.Decode(bytes));
        Assert.Equal(2, decoded.Values.Count);
        Assert.True(decoded.Values[0].IsCommand);
        Assert.True(decoded.Values[0].IsLastFragment);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Values[0].Data.ToArray());
        Assert.Equal(3, decoded.Values[1].PresentationContextId);
        Assert.False(decoded.Values[1].IsCommand);
        Assert.False(decoded.Values[1].IsLastFragment);
    }

    [Fact]
    public void Single_PDV_headers_match_the_general_encoder()
    {
        var data = new byte[] { 7, 7, 7, 7 };
        var expected = new PDataTf([new PresentationDataValue(5, false, true, data)]).Encode();
        var actual = new byte[12 + data.Length];
        PDataTf.WriteSinglePdvHeaders(actual, 5, isCommand: false, isLast: true, data.Length);
        data.CopyTo(actual, 12);

        Assert.Equal(expected, actual);
    }
}
