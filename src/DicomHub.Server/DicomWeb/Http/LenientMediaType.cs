
namespace DicomHub.Server.DicomWeb.Http;

/// <summary>
/// A Content-Type split into media type and parameters, accepting what real clients send: quoted or
/// unquoted values, including an unquoted type=application/dicom (strictly, '/' needs quotes).
/// </summary>
internal sealed record LenientMediaType(string MediaType, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.GetValueOrDefault(name);

    public bool Is(string mediaType) => MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    public static LenientMediaType? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = Split(value);
        var mediaType = segments[0].Trim();
        if (!mediaType.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var segment in segments.Skip(1))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = segment[..equals].Trim();
            var text = segment[(equals + 1)..].Trim();
            if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
            {
                text = text[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
            }

            parameters[name] = text;
        }

        return new LenientMediaType(mediaType, parameters);
    }

    /// <summary>Splits on ';' outside quoted strings.</summary>
    private static List<string> Split(string value)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                quoted = !quoted;
            }
            else if (value[i] == ';' && !quoted)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }
}
