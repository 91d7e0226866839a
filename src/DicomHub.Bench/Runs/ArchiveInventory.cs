using System.Security.Cryptography;
using System.Text;

namespace DicomHub.Bench.Runs;

/// <summary>
/// What an archive holds, reduced to a count and one checksum: SHA-256 over the sorted list of
/// "SOP Instance UID = SHA-256 of the instance's data set bytes". Equal inventories mean the same objects,
/// bit for bit, whatever order they arrived in.
/// </summary>
public sealed record ArchiveInventory(int Count, string Checksum)
{
    public static ArchiveInventory Empty { get; } = new Builder().Build();

    public override string ToString() => $"{Count} objects, checksum {Checksum[..16]}";

    /// <summary>Collects per-instance fingerprints in any order, from any thread.</summary>
    public sealed class Builder
    {
        private readonly List<(string Uid, string Digest)> entries = [];

        public void Add(string sopInstanceUid, ReadOnlySpan<byte> datasetDigest)
        {
            var hex = Convert.ToHexStringLower(datasetDigest);
            lock (entries)
            {
                entries.Add((sopInstanceUid, hex));
            }
        }

        public ArchiveInventory Build()
        {
            lock (entries)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                foreach (var (uid, digest) in entries.OrderBy(e => e.Uid, StringComparer.Ordinal).ThenBy(e => e.Digest, StringComparer.Ordinal))
                {
                    hash.AppendData(Encoding.ASCII.GetBytes($"{uid}={digest}\n"));
                }

                return new ArchiveInventory(entries.Count, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
        }
    }
}
