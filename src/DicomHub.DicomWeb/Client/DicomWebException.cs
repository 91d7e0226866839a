using System.Net;

namespace DicomHub.DicomWeb.Client;

/// <summary>A DICOMweb request the server refused or could not answer; the message says which and why.</summary>
public sealed class DicomWebException(string message, HttpStatusCode? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status of the answer, or null when no answer came (connection refused, reset).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
