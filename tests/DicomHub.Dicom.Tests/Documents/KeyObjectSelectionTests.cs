using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;

namespace DicomHub.Dicom.Tests.Documents;

public sealed class KeyObjectSelectionTests
{
    private static readonly string Study = DocumentSamples.Study().GetString(DicomTags.StudyInstanceUID)!;

    private static InstanceReference[] References() =>
    [
        new(Study, Study + ".1", DicomUids.CTImageStorage, Study + ".1.1"),
        new(Study, Study + ".1", DicomUids.CTImageStorage, Study + ".1.2"),
        new(Study, Study + ".2", DicomUids.EncapsulatedPDFStorage, Study + ".2.1"),
    ];

    [Fact]
    public async Task ManifestPassesDciodvfyWithoutErrors()
    {
        var dataset = KeyObjectSelection.Create(DocumentSamples.Study(), References(), description: "Chosen for the tumour board");
        var report = await DocumentVerification.DciodvfyErrorsAsync(dataset);
        Assert.False(report.StartsWith("Error", StringComparison.Ordinal) || report.StartsWith("Warning", StringComparison.Ordinal), report);
    }

    [Fact]
    public void ReferencesAreInTheEvidenceHierarchyAndInTheContentTree()
    {
        var dataset = KeyObjectSelection.Create(DocumentSamples.Study(), References(), new CodedConcept("113004", "DCM", "For Teaching"));

        Assert.Equal("KO", dataset.GetString(DicomTags.Modality));
        Assert.Equal(DicomUids.KeyObjectSelectionDocumentStorage, dataset.GetString(DicomTags.SOPClassUID));
        var title = Assert.Single(dataset.Get<DicomSequence>(DicomTags.ConceptNameCodeSequence)!.Items);
        Assert.Equal("113004", title.GetString(DicomTags.CodeValue));

        var evidence = Assert.Single(dataset.Get<DicomSequence>(DicomTags.CurrentRequestedProcedureEvidenceSequence)!.Items);
        Assert.Equal(Study, evidence.GetString(DicomTags.StudyInstanceUID));
        var series = evidence.Get<DicomSequence>(DicomTags.ReferencedSeriesSequence)!.Items;
        Assert.Equal(2, series.Count);
        Assert.Equal(2, series[0].Get<DicomSequence>(DicomTags.ReferencedSOPSequence)!.Items.Count);

        var content = dataset.Get<DicomSequence>(DicomTags.ContentSequence)!.Items;
        Assert.Equal(["IMAGE", "IMAGE", "COMPOSITE"], content.Select(c => c.GetString(DicomTags.ValueType)));
        Assert.Equal(Study + ".2.1", content[2].Get<DicomSequence>(DicomTags.ReferencedSOPSequence)!.Items[0].GetString(DicomTags.ReferencedSOPInstanceUID));
    }

    [Fact]
    public void NoReferencesIsRefused() =>
        Assert.Throws<DicomDocumentException>(() => KeyObjectSelection.Create(DocumentSamples.Study(), []));

    [Theory]
    [InlineData("113000^DCM^Of Interest", "113000")]
    [InlineData("(113001, DCM, \"Rejected for Quality Reasons\")", "113001")]
    [InlineData("nonsense", null)]
    public void TitleCodesParse(string text, string? value) =>
        Assert.Equal(value, CodedConcept.TryParse(text)?.Value);
}
