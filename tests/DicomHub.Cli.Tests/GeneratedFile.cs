using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>A realistic input file for verb tests, made by `generate` (deterministic seed).</summary>
internal static class GeneratedFile
{
    public static async Task<string> MrAsync(TempDirectory dir, string seed = "21")
    {
        var run = await CliHarness.RunAsync("generate", "-p", "mr630", "-o", dir.Combine("generated"), "--seed", seed, "--limit", "1");
        Assert.True(run.ExitCode == 0, run.ToString());
        return dir.Combine("generated", "study-1", "series-1", "IM0001.dcm");
    }

    public static async Task<string> CtAsync(TempDirectory dir, string seed = "22")
    {
        var run = await CliHarness.RunAsync("generate", "-p", "ct1000", "-o", dir.Combine("generated-ct"), "--seed", seed, "--limit", "1");
        Assert.True(run.ExitCode == 0, run.ToString());
        return dir.Combine("generated-ct", "study-1", "series-1", "IM0001.dcm");
    }
}
