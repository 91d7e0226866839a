namespace DicomHub.Server.Options;

/// <summary>The DICOMweb listener (configuration section "DicomWeb").</summary>
public sealed class DicomWebOptions
{
    public const string SectionName = "DicomWeb";

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Where the DICOMweb resources live: http://host:port{BasePath}/studies.</summary>
    public string BasePath { get; set; } = "/dicomweb";

    /// <summary>The base URL written into RetrieveURL and BulkDataURI; by default taken from each request.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Origins allowed by CORS ("*" for any); empty disables CORS.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest request body; null for no limit (a 2 GB STOW is streamed, never buffered).</summary>
    public long? MaxRequestBodyBytes { get; set; }
}
