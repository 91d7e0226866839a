namespace DicomHub.Dicom.Data;

/// <summary>One entry of a data set: a plain element, a sequence, or encapsulated (fragmented) pixel data.</summary>
public abstract class DicomItem(DicomTag tag, DicomVR vr)
{
    public DicomTag Tag { get; } = tag;

    public DicomVR VR { get; } = vr;

    public override string ToString() => $"{Tag} {VR.Code()}";
}
