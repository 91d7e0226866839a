using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace DicomHub.Archive.Security;

/// <summary>An IP address or a network in CIDR notation (10.0.0.0/24, fd00::/8); IPv4-mapped IPv6 addresses match their IPv4 form.</summary>
public sealed record AddressRange(IPAddress Network, int PrefixLength)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out AddressRange? range)
    {
        range = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.Trim() : text[..slash].Trim();
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..].Trim(), out prefix) || prefix < 0 || prefix > bits))
        {
            return false;
        }

        range = new AddressRange(address, prefix);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var network = Network.IsIPv4MappedToIPv6 ? Network.MapToIPv4() : Network;
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = PrefixLength / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
