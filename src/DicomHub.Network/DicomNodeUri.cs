using System.Diagnostics.CodeAnalysis;

namespace DicomHub.Network;

/// <summary>
/// A DIMSE peer written as "dicom://AE@host:port" (the one place that syntax is parsed). The port defaults
/// to 104 (PS3.8 9.1.2); IPv6 hosts go in brackets: dicom://AE@[::1]:11112.
/// </summary>
public sealed record DicomNodeUri(string AeTitle, string Host, int Port)
{
    public const string Scheme = "dicom";

    public static bool IsDicomUri(string text) => text.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase);

    public static DicomNodeUri Parse(string text) => TryParse(text, out var node, out var error)
        ? node
        : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out DicomNodeUri? node, [NotNullWhen(false)] out string? error)
    {
        node = null;
        const string usage = "write it as dicom://AE_TITLE@host:port, e.g. dicom://ORTHANC@localhost:4242";
        if (!IsDicomUri(text))
        {
            error = $"'{text}' is not a DICOM address: {usage}.";
            return false;
        }

        var rest = text[(Scheme.Length + 3)..].TrimEnd('/');
        var at = rest.LastIndexOf('@');
        if (at <= 0)
        {
            error = $"'{text}' has no AE title: {usage}.";
            return false;
        }

        var ae = Uri.UnescapeDataString(rest[..at]);
        if (ae.Length > 16 || ae.Trim().Length == 0 || ae.Contains('\\') || ae.Any(char.IsControl))
        {
            error = $"AE title '{ae}' must be 1-16 characters without backslash or control characters (PS3.5 AE).";
            return false;
        }

        var hostPort = rest[(at + 1)..];
        string host;
        var port = 104;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                error = $"'{text}': unclosed '[' in the IPv6 host.";
                return false;
            }

            host = hostPort[1..close];
            if (close + 1 < hostPort.Length)
            {
                portText = hostPort[(close + 1)..].TrimStart(':');
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            error = $"'{text}' has no host: {usage}.";
            return false;
        }

        if (portText is not null && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
        {
            error = $"'{text}': port '{portText}' must be a number from 1 to 65535.";
            return false;
        }

        node = new DicomNodeUri(ae.Trim(), host, port);
        error = null;
        return true;
    }

    public override string ToString() => $"{Scheme}://{AeTitle}@{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
