using DicomHub.Network.Dimse;

namespace DicomHub.Network.Tests.Dimse;

public sealed class DimseTests
{
    [Fact]
    public void Store_request_encodes_as_implicit_VR_with_group_length_and_decodes_back()
    {
        var request = DimseCommand.CreateStoreRequest(7, DicomUids.CTImageStorage, "1.2.3.4.5", DimsePriority.High);
        request.MoveOriginatorAeTitle = "MOVER";
        request.MoveOriginatorMessageId = 3;
        var bytes = request.Encode();

        // (0000,0000) UL, implicit: tag, 4-byte length 4, value = bytes that follow.
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0, 0, 0 }, bytes[..8]);
        Assert.Equal(bytes.Length - 12, BitConverter.ToInt32(bytes, 8));

        var decoded = DimseCommand.Decode(bytes);
        Assert.Equal(DimseCommandField.CStoreRequest, decoded.CommandField);
        Assert.Equal(7, decoded.MessageId);
        Assert.Equal(DicomUids.CTImageStorage, decoded.AffectedSopClassUid);
        Assert.Equal("1.2.3.4.5", decoded.AffectedSopInstanceUid);
        Assert.Equal(DimsePriority.High, decoded.Priority);
        Assert.True(decoded.HasDataset);
        Assert.Equal("MOVER", decoded.MoveOriginatorAeTitle);
        Assert.Equal((ushort)3, decoded.MoveOriginatorMessageId);
    }

    [Fact]
    public void Response_answers_the_request_with_status_and_comment()
    {
        var request = DimseCommand.CreateStoreRequest(9, DicomUids.CTImageStorage, "1.2.3");
        var response = DimseCommand.Decode(DimseCommand.CreateResponse(request, DimseStatus.OutOfResources.WithComment("disk full")).Encode());

        Assert.Equal(DimseCommandField.CStoreResponse, response.CommandField);
        Assert.Equal(9, response.MessageIdBeingRespondedTo);
        Assert.False(response.HasDataset);
        Assert.Equal((ushort)0xA700, response.StatusCode);
        Assert.Equal("disk full", response.Status!.ErrorComment);
        Assert.Equal("1.2.3", response.AffectedSopInstanceUid);
    }

    [Theory]
    [InlineData((ushort)0x0000, DimseStatusCategory.Success)]
    [InlineData((ushort)0xFF00, DimseStatusCategory.Pending)]
    [InlineData((ushort)0xFF01, DimseStatusCategory.Pending)]
    [InlineData((ushort)0xFE00, DimseStatusCategory.Cancel)]
    [InlineData((ushort)0xB000, DimseStatusCategory.Warning)]
    [InlineData((ushort)0xB006, DimseStatusCategory.Warning)]
    [InlineData((ushort)0xB007, DimseStatusCategory.Warning)]
    [InlineData((ushort)0x0001, DimseStatusCategory.Warning)]
    [InlineData((ushort)0x0107, DimseStatusCategory.Warning)]
    [InlineData((ushort)0x0116, DimseStatusCategory.Warning)]
    [InlineData((ushort)0xA701, DimseStatusCategory.Failure)]
    [InlineData((ushort)0xA9FF, DimseStatusCategory.Failure)]
    [InlineData((ushort)0xC123, DimseStatusCategory.Failure)]
    [InlineData((ushort)0x0122, DimseStatusCategory.Failure)]
    [InlineData((ushort)0x0124, DimseStatusCategory.Failure)]
    [InlineData((ushort)0x0210, DimseStatusCategory.Failure)]
    [InlineData((ushort)0x0211, DimseStatusCategory.Failure)]
    [InlineData((ushort)0x0212, DimseStatusCategory.Failure)]
    public void Status_categories_follow_PS3_7_annex_C(ushort code, DimseStatusCategory category)
    {
        Assert.Equal(category, DimseStatus.FromCode(code).Category);
    }

    [Fact]
    public void Catalogue_names_0124_not_authorized_and_ranges()
    {
        Assert.Equal("Refused: not authorized", DimseStatus.FromCode(0x0124).Meaning);
        Assert.Contains("out of resources", DimseStatus.FromCode(0xA7FE).Meaning, StringComparison.Ordinal);
        Assert.Contains("cannot understand", DimseStatus.FromCode(0xC210).Meaning, StringComparison.Ordinal);
        Assert.Equal(DimseStatus.Catalogue.Count, DimseStatus.Catalogue.Select(s => s.Code).Distinct().Count());
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 1, 2, 0, 0 })]                         // truncated header
    [InlineData(new byte[] { 8, 0, 0x16, 0, 2, 0, 0, 0, 1, 2 })]              // not group 0000
    [InlineData(new byte[] { 0, 0, 0, 1, 9, 0, 0, 0, 1, 0 })]                 // length past the end
    [InlineData(new byte[] { 0, 0, 0x10, 1, 2, 0, 0, 0, 1, 0 })]              // no command field
    public void Malformed_command_sets_are_rejected(byte[] bytes)
    {
        Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(bytes));
    }

    [Theory]
    [InlineData("dicom://ORTHANC@localhost:4242", "ORTHANC", "localhost", 4242)]
    [InlineData("dicom://AE@10.0.0.1", "AE", "10.0.0.1", 104)]
    [InlineData("DICOM://A%20B@[::1]:11112", "A B", "::1", 11112)]
    public void Node_uris_parse(string text, string ae, string host, int port)
    {
        Assert.Equal(new DicomNodeUri(ae, host, port), DicomNodeUri.Parse(text));
    }

    [Theory]
    [InlineData("http://x@y:1", "not a DICOM address")]
    [InlineData("dicom://host:104", "no AE title")]
    [InlineData("dicom://AE@host:99999", "port")]
    [InlineData("dicom://ABCDEFGHIJKLMNOPQ@host:1", "1-16 characters")]
    public void Bad_node_uris_explain_the_fix(string text, string message)
    {
        Assert.Contains(message, Assert.Throws<FormatException>(() => DicomNodeUri.Parse(text)).Message, StringComparison.Ordinal);
    }
}
