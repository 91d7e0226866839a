using System.Diagnostics.CodeAnalysis;

namespace DicomHub.Archive.Destinations;

/// <summary>
/// The configured destinations (configuration section "Destinations": NAME = URL, or NAME = { Url, Credentials }
/// for a destination that wants credentials (<see cref="DestinationCredentials"/>); so
/// <c>Destinations__PACS=dicom://PACS@10.0.0.5:104</c> as an environment variable or
/// <c>--destination PACS=dicom://...</c> on <c>dicomhub serve</c>). Immutable once built: changing the
/// list means restarting the server, which keeps C-MOVE and forwarding decisions consistent.
/// </summary>
public sealed class DestinationCatalog
{
    public const string SectionName = "Destinations";

    private readonly Dictionary<string, Destination> byName;

    public DestinationCatalog(IEnumerable<Destination> destinations)
    {
        // AE titles compare case-sensitively in PS3.5, but a lookup that differs only in case is almost
        // always a typing slip; the trimmed exact name wins, then a case-insensitive match.
        byName = new Dictionary<string, Destination>(StringComparer.Ordinal);
        foreach (var destination in destinations)
        {
            byName[destination.Name] = destination;
        }
    }

    public static DestinationCatalog Empty { get; } = new([]);

    public IReadOnlyCollection<Destination> All => byName.Values;

    /// <summary>Builds the catalog from NAME → address pairs; throws FormatException naming every bad entry.</summary>
    public static DestinationCatalog FromPairs(IEnumerable<KeyValuePair<string, string?>> pairs) =>
        FromEntries(pairs.Select(p => (p.Key, p.Value, (DestinationCredentials?)null)));

    /// <summary>
    /// Builds the catalog from (name, address, credentials) entries, the credentials' secret files read now; throws
    /// FormatException naming every bad entry.
    /// </summary>
    public static DestinationCatalog FromEntries(IEnumerable<(string Name, string? Address, DestinationCredentials? Credentials)> entries)
    {
        var destinations = new List<Destination>();
        var errors = new List<string>();
        foreach (var (name, address, credentials) in entries)
        {
            if (string.IsNullOrWhiteSpace(address))
            {
                if (credentials is not null)
                {
                    errors.Add($"Destination '{name}' has credentials but no Url.");
                }

                continue;
            }

            if (Destination.TryParse(name.Trim(), address.Trim(), out var destination, out var error))
            {
                destinations.Add(credentials is null ? destination! : destination! with { Credentials = credentials.Resolve(name.Trim(), errors) });
            }
            else
            {
                errors.Add(error!);
            }
        }

        return errors.Count > 0
            ? throw new FormatException(string.Join(" ", errors) + $" Fix the '{SectionName}' configuration section.")
            : new DestinationCatalog(destinations);
    }

    public bool TryGet(string name, [NotNullWhen(true)] out Destination? destination)
    {
        var key = name.Trim();
        if (byName.TryGetValue(key, out destination))
        {
            return true;
        }

        destination = byName.Values.FirstOrDefault(d => string.Equals(d.Name, key, StringComparison.OrdinalIgnoreCase));
        return destination is not null;
    }
}
