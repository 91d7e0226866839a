using System.Text.Json;
using DicomHub.Bench.Runs;
using DicomHub.Cli.Generate;

namespace DicomHub.Cli.Bench;

/// <summary>
/// The benchmark's data sets: `dicomhub generate` profiles written once under the output folder with a fixed
/// seed, and reused by later runs (a manifest written last marks a complete generation).
/// </summary>
public sealed class GeneratedDataSets(Action<string> report) : IDataSetProvider
{
    /// <summary>A fixed seed: every machine benchmarks the same bytes.</summary>
    public const string Seed = "table1";

    public async Task<BenchDataSet> PrepareAsync(string profile, string cacheDirectory, CancellationToken cancellationToken)
    {
        var synthetic = SyntheticProfiles.Find(profile)
            ?? throw new CliException($"Unknown data set profile '{profile}': use one of {string.Join(", ", SyntheticProfiles.All.Select(p => p.Name))}.", CliRunner.UsageError);
        var folder = Path.Combine(Path.GetFullPath(cacheDirectory), synthetic.Name);
        // Beside the folder, not in it: the folder holds only DICOM files (storescu +sd sends all it finds).
        var manifestPath = folder + ".manifest.json";
        if (File.Exists(manifestPath))
        {
            var cached = JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false));
            if (cached is not null && cached.Files.All(File.Exists))
            {
                return cached.ToDataSet(synthetic.Description);
            }
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        report($"generating {synthetic.Name} ({synthetic.InstanceCount} objects) into {folder}");
        var generated = await SyntheticDataGenerator.GenerateAsync(synthetic, folder, new GenerationOptions(Seed), cancellationToken: cancellationToken).ConfigureAwait(false);
        var expected = await Part10Fingerprint.InventoryAsync(generated.Paths, cancellationToken).ConfigureAwait(false);
        var manifest = new Manifest(synthetic.Name, folder, [.. generated.Paths], generated.Bytes, expected.Count, expected.Checksum);
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest), cancellationToken).ConfigureAwait(false);
        return manifest.ToDataSet(synthetic.Description);
    }

    private sealed record Manifest(string Profile, string Root, string[] Files, long Bytes, int Count, string Checksum)
    {
        public BenchDataSet ToDataSet(string description) => new(Profile, description, Root, Files, Bytes, new ArchiveInventory(Count, Checksum));
    }
}
