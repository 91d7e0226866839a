namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// One part of a multipart/related body: its headers and a body stream that reads up to the next boundary
/// straight from the request. The body is valid until the next part is asked for.
/// </summary>
public sealed class MultipartPart
{
    internal MultipartPart(int number, IReadOnlyList<KeyValuePair<string, string>> headers, Stream body)
    {
        Number = number;
        Headers = headers;
        Body = body;
        ContentLength = long.TryParse(this["Content-Length"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) ? length : null;
    }

    /// <summary>1-based position of the part in the body.</summary>
    public int Number { get; }

    /// <summary>The part's header fields in order, names as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public Stream Body { get; }

    public string? ContentType => this["Content-Type"];

    public string? ContentLocation => this["Content-Location"];

    public string? ContentId => this["Content-ID"];

    /// <summary>The declared Content-Length of the part, if the sender gave one (informational: the boundary decides).</summary>
    public long? ContentLength { get; }

    /// <summary>The first header named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Headers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }
}
