using DicomHub.Network;

namespace DicomHub.Archive.Destinations;

/// <summary>How a destination is reached.</summary>
public enum DestinationProtocol
{
    /// <summary>DIMSE C-STORE to dicom://AE@host:port.</summary>
    Dimse,

    /// <summary>STOW-RS to a DICOMweb base URL (http or https).</summary>
    DicomWeb,
}

/// <summary>
/// A remote archive known by name: a C-MOVE destination (for DIMSE the name is the AE title that C-MOVE
/// names) or the target of an export or forwarding rule. Exactly one of <see cref="Node"/> and
/// <see cref="BaseUrl"/> is set, according to <see cref="Protocol"/>.
/// </summary>
public sealed record Destination(string Name, DestinationProtocol Protocol, DicomNodeUri? Node, Uri? BaseUrl)
{
    /// <summary>How the archive authenticates to this destination (null: it sends none).</summary>
    public ResolvedCredentials? Credentials { get; init; }

    public override string ToString() => Protocol == DestinationProtocol.Dimse ? Node!.ToString() : BaseUrl!.ToString();

    /// <summary>Parses "dicom://AE@host:port" or "http(s)://host:port/base" for the destination called <paramref name="name"/>.</summary>
    public static bool TryParse(string name, string address, out Destination? destination, out string? error)
    {
        destination = null;
        if (DicomNodeUri.IsDicomUri(address))
        {
            if (!DicomNodeUri.TryParse(address, out var node, out error))
            {
                error = $"Destination '{name}': {error}";
                return false;
            }

            destination = new Destination(name, DestinationProtocol.Dimse, node, null);
            return true;
        }

        if (Uri.TryCreate(address, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            destination = new Destination(name, DestinationProtocol.DicomWeb, null, url);
            error = null;
            return true;
        }

        error = $"Destination '{name}' has address '{address}', which is neither dicom://AE@host:port nor an http(s) DICOMweb base URL such as http://host:8042/dicom-web.";
        return false;
    }
}
