namespace DicomHub.Testing;

/// <summary>
/// The JavaScript DICOMweb client from npm (dicomweb-client 0.11.3, with xhr2 providing XMLHttpRequest under
/// node), installed by scripts/install-test-deps.sh outside the repository. A test hands it a short CommonJS
/// script in which <c>client</c> is a <c>DICOMwebClient</c> on the given service root and <c>args</c> its
/// further arguments; whatever the script prints is the result.
/// </summary>
public static class NodeDicomWebClient
{
    public static string ModulesFolder =>
        Path.Combine(Environment.GetEnvironmentVariable("DICOMHUB_NODE_PEERS") ?? "/opt/dicomhub-peers/dicomweb-client", "node_modules");

    public static async Task<ProcessResult> RunAsync(Uri serviceRoot, string script, IEnumerable<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        var node = Peers.Require("node", "nodejs");
        if (!File.Exists(Path.Combine(ModulesFolder, "dicomweb-client", "package.json")))
        {
            Peers.Require("dicomweb-client (npm, under " + ModulesFolder + ")", "nodejs npm; then scripts/install-test-deps.sh");
        }

        var file = Path.Combine(Path.GetTempPath(), $"dicomweb-client-{Guid.NewGuid():N}.cjs");
        var prelude = "global.XMLHttpRequest = require('xhr2');\n"
            + "const { api } = require('dicomweb-client');\n"
            + "const client = new api.DICOMwebClient({ url: process.argv[2] });\n"
            + "const args = process.argv.slice(3);\n"
            + "const fail = e => { console.log('ERROR status=' + (e && e.status !== undefined ? e.status : '') + ' ' + (e && e.message ? e.message : e)); process.exitCode = 3; };\n";
        await File.WriteAllTextAsync(file, prelude + script, cancellationToken);
        try
        {
            var root = serviceRoot.ToString().TrimEnd('/');
            return await Peers.RunAsync(node, [file, root, .. arguments ?? []], environment: new Dictionary<string, string> { ["NODE_PATH"] = ModulesFolder }, cancellationToken: cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
