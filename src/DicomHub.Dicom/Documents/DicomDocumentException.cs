namespace DicomHub.Dicom.Documents;

/// <summary>A document or manifest cannot be made from what was given (not a PDF, no study attributes, nothing to reference).</summary>
public sealed class DicomDocumentException(string message) : Exception(message);
