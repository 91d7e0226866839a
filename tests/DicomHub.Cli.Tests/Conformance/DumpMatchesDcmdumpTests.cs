using System.Text.RegularExpressions;
using DicomHub.Testing;

namespace DicomHub.Cli.Tests.Conformance;

/// <summary>
/// Issue 15 #11 against dcmdump: `dump` agrees with DCMTK on tag, VR, length and VM of every element (AT values
/// counted as tags, not 16-bit halves), reads a big-endian file without file meta, and shows no file meta for a
/// file that has none (it made one up before).
/// </summary>
public sealed partial class DumpMatchesDcmdumpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("+te", false)]
    [InlineData("+tb", false)]
    [InlineData("+ti", false)]
    [InlineData("+te", true)]
    [InlineData("+tb", true)]
    public async Task Every_element_has_the_tag_VR_length_and_VM_dcmdump_shows(string syntax, bool withoutMeta)
    {
        var dcmdump = Peers.Require("dcmdump", "dcmtk");
        using var dir = new TempDirectory("dicomhub-dump-conformance");
        var file = await FileWithAttributeTagsAsync(dir, syntax, withoutMeta);

        var ours = await CliHarness.RunAsync("dump", "--max-length", "10000", file);
        var theirs = await Peers.RunAsync(dcmdump, ["+L", file], cancellationToken: Ct);

        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.True(theirs.ExitCode == 0, theirs.StandardError);
        var expected = Elements(theirs.StandardOutput);
        Assert.Contains("(0028,0009) AT 8 2", expected);
        Assert.Equal(expected, Elements(ours.Output));
        Assert.Equal(withoutMeta, !ours.Output.Contains("(0002,", StringComparison.Ordinal));
    }

    /// <summary>A generated MR image with a two-tag Frame Increment Pointer, converted by dcmconv (-F: no meta).</summary>
    private static async Task<string> FileWithAttributeTagsAsync(TempDirectory dir, string syntax, bool withoutMeta)
    {
        var dcmodify = Peers.Require("dcmodify", "dcmtk");
        var dcmconv = Peers.Require("dcmconv", "dcmtk");
        var source = await GeneratedFile.MrAsync(dir);
        var modify = await Peers.RunAsync(dcmodify, ["-nb", "-i", "(0028,0009)=(0018,1063)\\(0018,1065)", source], cancellationToken: Ct);
        Assert.True(modify.ExitCode == 0, modify.StandardError);
        var output = dir.Combine($"converted{syntax}{(withoutMeta ? "-F" : string.Empty)}.dcm");
        var convert = await Peers.RunAsync(dcmconv, [.. withoutMeta ? new[] { "-F" } : [], syntax, source, output], cancellationToken: Ct);
        Assert.True(convert.ExitCode == 0, convert.StandardError);
        return output;
    }

    /// <summary>"(gggg,eeee) VR length VM" of every element line (pixel and meta included), in order.</summary>
    private static List<string> Elements(string listing) =>
        [.. listing.Split('\n').Select(l => ElementLine().Match(l)).Where(m => m.Success)
            .Select(m => $"({m.Groups[1].Value},{m.Groups[2].Value}) {m.Groups[3].Value} {m.Groups[4].Value} {m.Groups[5].Value}")];

    [GeneratedRegex(@"^\s*\(([0-9a-f]{4}),([0-9a-f]{4})\) ([A-Z]{2}) .*#\s*(\d+), (\d+) ")]
    private static partial Regex ElementLine();
}
