using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DicomHub.Testing.Oidc;

/// <summary>
/// A real OpenID provider for tests: npm oidc-provider (9.13.3, installed by scripts/install-test-deps.sh outside the
/// repository) run with node on a loopback port, issuing client-credentials JWT access tokens (see provider.mjs beside
/// this file). Stopped by its process id when disposed.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private OidcProvider(Process process, int port)
    {
        _process = process;
        Issuer = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string Folder => Environment.GetEnvironmentVariable("DICOMHUB_OIDC_PROVIDER") ?? "/opt/dicomhub-peers/oidc-provider";

    /// <summary>The issuer URL, which is also the authority DicomHub is configured with.</summary>
    public string Issuer { get; }

    /// <summary>Starts a provider signing with the private keys in <paramref name="jwksFile"/> (<see cref="WriteKeySet"/>).</summary>
    public static async Task<OidcProvider> StartAsync(string jwksFile, CancellationToken cancellationToken)
    {
        var node = Peers.Require("node", "nodejs");
        if (!File.Exists(Path.Combine(Folder, "node_modules", "oidc-provider", "package.json")))
        {
            Peers.Require($"oidc-provider (npm, under {Folder})", "nodejs npm; then scripts/install-test-deps.sh");
        }

        // An ES module resolves its imports from where it lies: the script goes beside the provider's node_modules.
        var script = Path.Combine(Folder, $"provider-{Guid.NewGuid():N}.mjs");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Oidc", "provider.mjs"), script);
        var port = FreePort.Next();
        var info = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(jwksFile);
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var provider = new OidcProvider(process, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("READY", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            await ready.Task.WaitAsync(timeout.Token);
            return provider;
        }
        catch (OperationCanceledException)
        {
            await provider.DisposeAsync();
            lock (output)
            {
                throw new InvalidOperationException($"oidc-provider did not start: {output}");
            }
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>A client-credentials access token for <paramref name="client"/> (dicomhub-reader, -writer, -admin, -short), for <paramref name="resource"/> as audience.</summary>
    public async Task<string> TokenAsync(string client, string scope, string? resource = null, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope };
        if (resource is not null)
        {
            form["resource"] = resource;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client}:{client}-secret")));
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"token request for {client} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// Writes a new RSA signing key as a JWK set: with its private parts to <paramref name="privateFile"/> (for
    /// providers) and without them to <paramref name="publicFile"/> (what an offline DicomHub is given).
    /// </summary>
    public static void WriteKeySet(string privateFile, string publicFile)
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var publicKey = new JsonObject { ["kty"] = "RSA", ["kid"] = "dicomhub-test", ["use"] = "sig", ["alg"] = "RS256", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
        var privateKey = publicKey.DeepClone().AsObject();
        privateKey["d"] = B64(p.D!);
        privateKey["p"] = B64(p.P!);
        privateKey["q"] = B64(p.Q!);
        privateKey["dp"] = B64(p.DP!);
        privateKey["dq"] = B64(p.DQ!);
        privateKey["qi"] = B64(p.InverseQ!);
        File.WriteAllText(privateFile, new JsonObject { ["keys"] = new JsonArray(privateKey) }.ToJsonString());
        File.WriteAllText(publicFile, new JsonObject { ["keys"] = new JsonArray(publicKey) }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
