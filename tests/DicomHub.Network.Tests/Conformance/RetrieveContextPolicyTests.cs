using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Tests.Conformance;

/// <summary>
/// Issue 15 #2, the rule for C-GET storage contexts (the requestor is their SCP): the proposer's order, first
/// syntax the archive can write any instance in (native, or encapsulated with an encoder), else the first
/// encapsulated one it knows (stored instances pass unchanged), never one it does not know.
/// </summary>
public sealed class RetrieveContextPolicyTests
{
    [Theory]
    [InlineData(new[] { "1.2.840.10008.1.2", "1.2.840.10008.1.2.1" }, false, "1.2.840.10008.1.2")]
    [InlineData(new[] { "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2" }, false, "1.2.840.10008.1.2.2")]
    [InlineData(new[] { "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.1" }, false, "1.2.840.10008.1.2.1")]
    [InlineData(new[] { "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.1" }, true, "1.2.840.10008.1.2.4.80")]
    [InlineData(new[] { "1.2.840.10008.1.2.4.80" }, false, "1.2.840.10008.1.2.4.80")]
    [InlineData(new[] { "1.2.3.4.5.6", "1.2.840.10008.1.2.1" }, false, "1.2.840.10008.1.2.1")]
    public void The_proposers_order_among_what_the_archive_can_serve(string[] proposed, bool canEncodeJpegLs, string expected)
    {
        var policy = new AcceptancePolicy { CanEncode = ts => canEncodeJpegLs && ts == TransferSyntax.JPEGLSLossless };

        var (result, syntax) = AssociationNegotiator.AnswerRetrieveContext(new PresentationContextRequestItem(1, "1.2.840.10008.5.1.4.1.1.2", proposed), policy);

        Assert.Equal(PresentationContextResult.Acceptance, result);
        Assert.Equal(expected, syntax);
    }

    [Fact]
    public void A_context_with_only_unknown_syntaxes_is_refused()
    {
        var (result, syntax) = AssociationNegotiator.AnswerRetrieveContext(new PresentationContextRequestItem(1, "1.2.840.10008.5.1.4.1.1.2", ["1.2.3.4.5.6"]), new AcceptancePolicy());

        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, result);
        Assert.Null(syntax);
    }
}
