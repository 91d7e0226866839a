using System.Text;

namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// A parsed media type header value (RFC 9110 8.3.1): "type/subtype" and its parameters, with quoted-string
/// values unquoted. Used for Content-Type and for each element of an Accept list, where DICOMweb puts the
/// information that matters (boundary, type, transfer-syntax) in parameters.
/// </summary>
public sealed class MediaTypeHeader
{
    private readonly List<KeyValuePair<string, string>> _parameters;

    public MediaTypeHeader(string mediaType, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        MediaType = mediaType.Trim().ToLowerInvariant();
        _parameters = parameters?.ToList() ?? [];
    }

    /// <summary>"type/subtype" in lower case, e.g. "multipart/related".</summary>
    public string MediaType { get; }

    /// <summary>Parameters in their order, names as sent, values unquoted.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    /// <summary>The value of the first parameter named <paramref name="name"/> (names are case-insensitive).</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in _parameters)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }

    public bool Is(string mediaType) => string.Equals(MediaType, mediaType, StringComparison.OrdinalIgnoreCase);

    public static MediaTypeHeader Parse(string value) =>
        TryParse(value, out var header, out var error) ? header : throw new FormatException(error);

    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MediaTypeHeader? header, out string error)
    {
        header = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the media type is empty";
            return false;
        }

        var position = 0;
        var mediaType = ReadUntil(value, ref position, ';').Trim();
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == mediaType.Length - 1 || mediaType.AsSpan(slash + 1).Contains('/') || mediaType.Any(char.IsWhiteSpace))
        {
            error = $"'{mediaType}' is not a media type of the form type/subtype";
            return false;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        while (position < value.Length)
        {
            position++; // the ';'
            SkipWhitespace(value, ref position);
            if (position >= value.Length)
            {
                break; // a trailing ';' is tolerated, as most parsers do
            }

            var nameStart = position;
            while (position < value.Length && value[position] is not ('=' or ';'))
            {
                position++;
            }

            var name = value[nameStart..position].Trim();
            if (name.Length == 0 || position >= value.Length || value[position] != '=')
            {
                error = $"parameter '{name}' of '{mediaType}' has no '=value'";
                return false;
            }

            position++; // the '='
            SkipWhitespace(value, ref position);
            string parameterValue;
            if (position < value.Length && value[position] == '"')
            {
                if (!TryReadQuoted(value, ref position, out parameterValue))
                {
                    error = $"parameter '{name}' of '{mediaType}' has an unterminated quoted string";
                    return false;
                }

                SkipWhitespace(value, ref position);
                if (position < value.Length && value[position] != ';')
                {
                    error = $"parameter '{name}' of '{mediaType}' has text after its quoted value";
                    return false;
                }
            }
            else
            {
                parameterValue = ReadUntil(value, ref position, ';').Trim();
            }

            parameters.Add(new(name, parameterValue));
        }

        header = new MediaTypeHeader(mediaType, parameters);
        error = string.Empty;
        return true;
    }

    /// <summary>The header value, quoting parameter values that are not plain tokens.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(MediaType);
        foreach (var (name, value) in _parameters)
        {
            text.Append("; ").Append(name).Append('=').Append(Quote(value));
        }

        return text.ToString();
    }

    /// <summary>Quotes <paramref name="value"/> when it is not an RFC 9110 token (the type parameter "a/b" is one).</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && value.All(IsTokenChar))
        {
            return value;
        }

        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static bool IsTokenChar(char c) =>
        c is > ' ' and < (char)127 && "()<>@,;:\\\"/[]?={}".IndexOf(c, StringComparison.Ordinal) < 0;

    private static string ReadUntil(string value, ref int position, char stop)
    {
        var start = position;
        while (position < value.Length && value[position] != stop)
        {
            position++;
        }

        return value[start..position];
    }

    private static void SkipWhitespace(string value, ref int position)
    {
        while (position < value.Length && value[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static bool TryReadQuoted(string value, ref int position, out string result)
    {
        var text = new StringBuilder();
        position++; // the opening quote
        while (position < value.Length)
        {
            var c = value[position++];
            if (c == '"')
            {
                result = text.ToString();
                return true;
            }

            if (c == '\\' && position < value.Length)
            {
                c = value[position++];
            }

            text.Append(c);
        }

        result = string.Empty;
        return false;
    }
}
