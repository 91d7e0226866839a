using DicomHub.Archive.Forwarding;
using DicomHub.Dicom.Data;
using DicomHub.DicomWeb.Client;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;

namespace DicomHub.Archive.Tests.Forwarding;

/// <summary>What counts as delivered, as worth retrying, and as refused for good, per protocol.</summary>
public sealed class SendOutcomeClassificationTests
{
    private static readonly DicomStoreItem Item = DicomStoreItem.FromBytes("1.2.840.10008.5.1.4.1.1.2", "2.1", TransferSyntax.ExplicitVRLittleEndian, new byte[8]);

    [Theory]
    [InlineData((ushort)0x0000, null, SendOutcomeKind.Acknowledged)]
    [InlineData((ushort)0xB000, null, SendOutcomeKind.Acknowledged)]
    [InlineData((ushort)0xA700, null, SendOutcomeKind.Permanent)]
    [InlineData((ushort)0xA900, null, SendOutcomeKind.Permanent)]
    [InlineData((ushort)0xC000, null, SendOutcomeKind.Permanent)]
    [InlineData((ushort)0x0110, null, SendOutcomeKind.Transient)]
    [InlineData((ushort)0x0111, null, SendOutcomeKind.Duplicate)]
    [InlineData((ushort)0x0110, "not sent: Cannot connect to dicom://X@h:1", SendOutcomeKind.Transient)]
    public void CStoreAnswers(ushort status, string? failure, SendOutcomeKind expected) =>
        Assert.Equal(expected, DimseDestinationSender.Classify(new CStoreResult(Item, new DimseStatus(status, "test"), null, failure)));

    [Theory]
    [InlineData(StowInstanceStatus.Stored, null, 200, SendOutcomeKind.Acknowledged)]
    [InlineData(StowInstanceStatus.StoredWithWarning, 0xB000, 202, SendOutcomeKind.Acknowledged)]
    [InlineData(StowInstanceStatus.Failed, 0xA700, 409, SendOutcomeKind.Permanent)]
    [InlineData(StowInstanceStatus.Failed, 0x0111, 409, SendOutcomeKind.Duplicate)]
    [InlineData(StowInstanceStatus.Failed, null, 415, SendOutcomeKind.Permanent)]
    [InlineData(StowInstanceStatus.Failed, 0x0110, 409, SendOutcomeKind.Transient)]
    [InlineData(StowInstanceStatus.Failed, null, null, SendOutcomeKind.Transient)]
    [InlineData(StowInstanceStatus.Failed, null, 503, SendOutcomeKind.Transient)]
    [InlineData(StowInstanceStatus.Failed, null, 429, SendOutcomeKind.Transient)]
    public void StowAnswers(StowInstanceStatus status, int? reason, int? http, SendOutcomeKind expected) =>
        Assert.Equal(expected, StowDestinationSender.Classify(new StowInstanceResult("f.dcm", "1.2", "2.1", status, reason, "test"), http));
}
