using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Documents;

/// <summary>An instance a manifest points at.</summary>
public sealed record InstanceReference(string StudyInstanceUid, string SeriesInstanceUid, string SopClassUid, string SopInstanceUid);

/// <summary>
/// Builds a Key Object Selection Document (PS3.3 A.35.4, template TID 2010): a manifest of chosen instances with a
/// title code, stored as an instance of the study. Each reference appears twice, as the standard asks: in the
/// content tree (one IMAGE or COMPOSITE item per instance) and in the Current Requested Procedure Evidence
/// Sequence (study, series, instance hierarchy), which is what a receiver uses to fetch them.
/// </summary>
public static class KeyObjectSelection
{
    /// <summary>The manifest as a data set; <paramref name="study"/> supplies the patient and study attributes.</summary>
    public static DicomDataset Create(DicomDataset study, IReadOnlyList<InstanceReference> references, CodedConcept? title = null, NewInstanceOptions? options = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            throw new DicomDocumentException("A Key Object Selection document needs at least one referenced instance.");
        }

        foreach (var reference in references)
        {
            if (!DicomUid.IsValid(reference.StudyInstanceUid) || !DicomUid.IsValid(reference.SeriesInstanceUid) || !DicomUid.IsValid(reference.SopClassUid) || !DicomUid.IsValid(reference.SopInstanceUid))
            {
                throw new DicomDocumentException($"Reference {reference} has an invalid UID.");
            }
        }

        title ??= CodedConcept.OfInterest;
        options ??= new NewInstanceOptions();
        var now = options.LocalNow;
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = now.ToString("HHmmss", CultureInfo.InvariantCulture);
        var dataset = new DicomDataset();
        StudyAttributes.CopyTo(study, dataset);

        // SOP Common
        dataset.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.KeyObjectSelectionDocumentStorage);
        dataset.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, options.NewSopUid());
        dataset.AddOrUpdate(DicomTags.InstanceCreationDate, DicomVR.DA, date);
        dataset.AddOrUpdate(DicomTags.InstanceCreationTime, DicomVR.TM, time);

        // Key Object Document Series (C.17.6.1), General Equipment
        dataset.AddOrUpdate(DicomTags.Modality, DicomVR.CS, "KO");
        dataset.AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, options.NewSeriesUid());
        dataset.AddOrUpdate(DicomTags.SeriesNumber, DicomVR.IS, options.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        if (options.SeriesDescription is { Length: > 0 } seriesDescription)
        {
            dataset.AddOrUpdate(DicomTags.SeriesDescription, DicomVR.LO, seriesDescription);
        }

        dataset.AddOrUpdate(new DicomSequence(DicomTags.ReferencedPerformedProcedureStepSequence));
        dataset.AddOrUpdate(DicomTags.Manufacturer, DicomVR.LO, "DicomHub");

        // Key Object Document (C.17.6.2)
        dataset.AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, options.InstanceNumber.ToString(CultureInfo.InvariantCulture));
        dataset.AddOrUpdate(DicomTags.ContentDate, DicomVR.DA, date);
        dataset.AddOrUpdate(DicomTags.ContentTime, DicomVR.TM, time);
        dataset.AddOrUpdate(new DicomSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence, Evidence(references)));

        // SR Document Content (C.17.3): the root CONTAINER titled by the code, TID 2010.
        dataset.AddOrUpdate(DicomTags.ValueType, DicomVR.CS, "CONTAINER");
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ConceptNameCodeSequence, [title.ToItem()]));
        dataset.AddOrUpdate(DicomTags.ContinuityOfContent, DicomVR.CS, "SEPARATE");
        var template = new DicomDataset();
        template.AddOrUpdate(DicomTags.MappingResource, DicomVR.CS, "DCMR");
        template.AddOrUpdate(DicomTags.TemplateIdentifier, DicomVR.CS, "2010");
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ContentTemplateSequence, [template]));
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ContentSequence, Content(references, description)));
        return dataset;
    }

    /// <summary>
    /// IMAGE for SOP classes of images, COMPOSITE for the rest (documents, SR, presentation states, other
    /// manifests); TID 2010 allows both. Image storage classes are the ones the registry names "... Image ...".
    /// </summary>
    public static string ValueTypeOf(string sopClassUid) =>
        DicomUidRegistry.Find(sopClassUid) is { } entry && entry.Name.Contains("Image", StringComparison.Ordinal) ? "IMAGE" : "COMPOSITE";

    private static IEnumerable<DicomDataset> Content(IReadOnlyList<InstanceReference> references, string? description)
    {
        if (description is { Length: > 0 })
        {
            var text = new DicomDataset();
            text.AddOrUpdate(DicomTags.RelationshipType, DicomVR.CS, "CONTAINS");
            text.AddOrUpdate(DicomTags.ValueType, DicomVR.CS, "TEXT");
            text.AddOrUpdate(new DicomSequence(DicomTags.ConceptNameCodeSequence, [new CodedConcept("113012", "DCM", "Key Object Description").ToItem()]));
            text.AddOrUpdate(DicomTags.TextValue, DicomVR.UT, description);
            yield return text;
        }

        foreach (var reference in references)
        {
            var item = new DicomDataset();
            item.AddOrUpdate(DicomTags.RelationshipType, DicomVR.CS, "CONTAINS");
            item.AddOrUpdate(DicomTags.ValueType, DicomVR.CS, ValueTypeOf(reference.SopClassUid));
            var sop = new DicomDataset();
            sop.AddOrUpdate(DicomTags.ReferencedSOPClassUID, DicomVR.UI, reference.SopClassUid);
            sop.AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, reference.SopInstanceUid);
            item.AddOrUpdate(new DicomSequence(DicomTags.ReferencedSOPSequence, [sop]));
            yield return item;
        }
    }

    /// <summary>The Hierarchical SOP Instance Reference Macro (C.17.2.1): study → series → instances.</summary>
    private static IEnumerable<DicomDataset> Evidence(IReadOnlyList<InstanceReference> references)
    {
        foreach (var study in references.GroupBy(r => r.StudyInstanceUid, StringComparer.Ordinal))
        {
            var studyItem = new DicomDataset();
            studyItem.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, study.Key);
            var series = study.GroupBy(r => r.SeriesInstanceUid, StringComparer.Ordinal).Select(s =>
            {
                var seriesItem = new DicomDataset();
                seriesItem.AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, s.Key);
                seriesItem.AddOrUpdate(new DicomSequence(DicomTags.ReferencedSOPSequence, s.Select(r =>
                {
                    var sop = new DicomDataset();
                    sop.AddOrUpdate(DicomTags.ReferencedSOPClassUID, DicomVR.UI, r.SopClassUid);
                    sop.AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, r.SopInstanceUid);
                    return sop;
                })));
                return seriesItem;
            });
            studyItem.AddOrUpdate(new DicomSequence(DicomTags.ReferencedSeriesSequence, series));
            yield return studyItem;
        }
    }
}
