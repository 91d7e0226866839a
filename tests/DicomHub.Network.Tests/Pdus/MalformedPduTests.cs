using DicomHub.Network.Pdus;

namespace DicomHub.Network.Tests.Pdus;

public sealed class MalformedPduTests
{
    private static byte[] ValidRequest()
    {
        var rq = new AAssociateRq { CalledAeTitle = "A", CallingAeTitle = "B" };
        rq.PresentationContexts.Add(new PresentationContextRequestItem(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]));
        rq.UserInformation.MaximumLength = new MaximumLengthItem(16384);
        rq.UserInformation.ImplementationClassUid = new ImplementationClassUidItem("1.2.3");
        return rq.Encode();
    }

    [Fact]
    public void Every_truncation_of_an_associate_request_is_a_format_error_not_a_crash()
    {
        var bytes = ValidRequest();
        for (var cut = 6; cut < bytes.Length; cut++)
        {
            var body = bytes.AsMemory(6, cut - 6);
            var e = Record.Exception(() => Pdu.Decode(PduType.AssociateRequest, body));
            Assert.True(e is null or PduFormatException, $"cut at {cut}: {e}");
        }
    }

    [Fact]
    public void Length_field_larger_than_the_data_is_rejected()
    {
        var bytes = ValidRequest();
        bytes[5] += 10;
        var e = Assert.Throws<PduFormatException>(() => Pdu.Decode(bytes));
        Assert.Contains("length field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_length_running_past_the_PDU_is_rejected()
    {
        var bytes = ValidRequest();
        bytes[74 + 3] = 0xFF; // application context item length low byte
        Assert.Throws<PduFormatException>(() => Pdu.Decode(bytes));
    }

    [Fact]
    public void Request_without_presentation_context_is_rejected()
    {
        var rq = new AAssociateRq { CalledAeTitle = "A", CallingAeTitle = "B" };
        var e = Assert.Throws<PduFormatException>(() => Pdu.Decode(rq.Encode()));
        Assert.Contains("presentation context", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_PDU_type_is_unrecognized()
    {
        var e = Assert.Throws<PduFormatException>(() => Pdu.Decode(new byte[] { 0x09, 0, 0, 0, 0, 0 }));
        Assert.Equal(AbortReason.UnrecognizedPdu, e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 1, 1, 0 })]                 // PDV item length 1 (< 2)
    [InlineData(new byte[] { 0, 0, 0, 9, 1, 0, 1 })]              // PDV longer than the PDU
    [InlineData(new byte[] { 0, 0, 0, 2, 2, 0 })]                 // even presentation context ID
    [InlineData(new byte[] { 0, 0, 0 })]                          // truncated PDV header
    [InlineData(new byte[] { })]                                  // no PDV at all
    public void Malformed_P_DATA_is_rejected(byte[] body)
    {
        Assert.Throws<PduFormatException>(() => Pdu.Decode(PduType.DataTransfer, body));
    }
}
