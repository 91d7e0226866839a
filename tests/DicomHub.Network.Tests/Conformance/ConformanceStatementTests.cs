using System.Text.RegularExpressions;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Tests.Conformance;

/// <summary>
/// docs/conformance.md is checked against the code: the SCP transfer-syntax table must list exactly what the
/// acceptance policy accepts, in its order, and the SCP must accept each row when it alone is proposed.
/// </summary>
public sealed partial class ConformanceStatementTests
{
    [Fact]
    public void The_SCP_transfer_syntax_table_is_exactly_what_the_SCP_accepts()
    {
        var rows = TableUids("scp-transfer-syntaxes");

        Assert.Equal(AcceptancePolicy.DefaultTransferSyntaxes.Select(t => t.Uid), rows);
        foreach (var uid in rows)
        {
            var request = new AAssociateRq { CalledAeTitle = "DICOMHUB", CallingAeTitle = "PEER" };
            request.PresentationContexts.Add(new PresentationContextRequestItem(1, "1.2.840.10008.5.1.4.1.1.2", [uid]));

            var result = AssociationNegotiator.Negotiate(request, new AcceptancePolicy(), _ => true, new DicomNetworkOptions(), null);

            var context = Assert.Single(result.Accept!.PresentationContexts);
            Assert.True(context.Result == PresentationContextResult.Acceptance, $"{uid} is in the table but the SCP does not accept it");
            Assert.Equal(uid, context.TransferSyntax);
        }
    }

    /// <summary>The UIDs in the second column of the table between &lt;!-- name --&gt; and &lt;!-- /name --&gt;.</summary>
    internal static List<string> TableUids(string name)
    {
        var text = File.ReadAllText(ConformanceDocument());
        var start = text.IndexOf($"<!-- {name} -->", StringComparison.Ordinal);
        var end = text.IndexOf($"<!-- /{name} -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/conformance.md has no table marked {name}");
        return [.. text[start..end].Split('\n').Select(l => UidCell().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];
    }

    private static string ConformanceDocument()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "conformance.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "DicomHub.slnx")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/conformance.md not found above the test's folder");
    }

    [GeneratedRegex(@"^\|[^|]+\|\s*([0-9.]+)\s*\|\s*$")]
    private static partial Regex UidCell();
}
