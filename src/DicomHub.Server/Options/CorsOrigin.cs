namespace DicomHub.Server.Options;

/// <summary>
/// An entry of the CORS allow-list (DicomWeb:CorsOrigins, `serve --cors`): "*" or an origin, scheme://host[:port]
/// with no path. Browsers send the origin without a trailing slash, so "http://viewer:3000/" is taken as
/// "http://viewer:3000"; anything with a path, query or another scheme is refused at start instead of never matching.
/// </summary>
public static class CorsOrigin
{
    public const string Any = "*";

    public static string Normalize(string text)
    {
        var trimmed = text.Trim();
        if (trimmed == Any)
        {
            return Any;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new FormatException($"CORS origin '{text}' is not an origin: use scheme://host[:port] (e.g. http://viewer.example.org:3000) or * for any.");
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }
}
