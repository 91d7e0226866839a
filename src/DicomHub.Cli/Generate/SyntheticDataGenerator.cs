using System.Diagnostics;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Dicom.IO;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Cli.Generate;

/// <summary>What a generation run wrote.</summary>
public sealed record GenerationResult(SyntheticProfile Profile, string Seed, int Files, long Bytes, TimeSpan Elapsed, string TransferSyntaxUid, IReadOnlyList<string> Paths);

/// <summary>
/// Options of a run: the seed fixes UIDs, dates and pixels; the limit writes only the first N instances;
/// the transfer syntax replaces the profile's own.
/// </summary>
public sealed record GenerationOptions(string? Seed = null, int? Limit = null, int? MaxDegreeOfParallelism = null, TransferSyntax? TransferSyntax = null);

/// <summary>
/// Writes a profile's study tree (DIR/study-N/series-M/IMxxxx.dcm), instances built and written in parallel
/// across cores, each written by the toolkit's <see cref="DicomFile"/> straight to its own FileStream. Used by
/// `dicomhub generate` and by the benchmark.
/// </summary>
public static class SyntheticDataGenerator
{
    public static async Task<GenerationResult> GenerateAsync(
        SyntheticProfile profile,
        string outputDirectory,
        GenerationOptions? options = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new GenerationOptions();
        var seed = options.Seed ?? SyntheticIdentity.RandomSeed();
        var syntax = options.TransferSyntax ?? profile.TransferSyntax;
        var factory = new SyntheticDatasetFactory(profile, new SyntheticIdentity(profile.Name, seed));
        await using var services = CliServices.Create();
        var encoder = new SyntheticPixelEncoder(services.GetRequiredService<CodecRegistry>());
        var plan = GenerationPlan.Enumerate(profile, options.Limit).ToList();
        var root = Path.GetFullPath(outputDirectory);
        foreach (var folder in plan.Select(p => Path.GetDirectoryName(Path.Combine(root, p.RelativePath))!).Distinct())
        {
            Directory.CreateDirectory(folder);
        }

        var stopwatch = Stopwatch.StartNew();
        long bytes = 0;
        var done = 0;
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
        };
        await Parallel.ForEachAsync(plan, parallel, async (instance, ct) =>
        {
            var path = Path.Combine(root, instance.RelativePath);
            var (dataset, written) = encoder.Encode(factory.Create(instance), syntax);
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await DicomFile.Create(dataset, written).WriteAsync(file, ct).ConfigureAwait(false);
            }

            Interlocked.Add(ref bytes, new FileInfo(path).Length);
            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);

        return new GenerationResult(profile, seed, plan.Count, bytes, stopwatch.Elapsed,
            encoder.Effective(syntax).Uid, plan.Select(p => Path.Combine(root, p.RelativePath)).ToList());
    }
}
