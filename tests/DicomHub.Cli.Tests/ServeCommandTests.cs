using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_with_a_PostgreSQL_registry_that_is_down_exits_1_naming_the_database_and_the_fix()
    {
        using var data = new TempDirectory("dicomhub-serve-pg");
        var deadPort = FreePort.Next();

        var run = await CliHarness.RunAsync(
            "serve", "--data", data.Path, "--http-port", "0", "--dimse-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--postgres", $"Host=127.0.0.1;Port={deadPort};Database=archive;Username=pacs;Timeout=5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"PostgreSQL database 'archive' on 127.0.0.1:{deadPort}", run.Error, StringComparison.Ordinal);
        Assert.Contains("serve --postgres", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_connection_string_that_does_not_parse_is_a_usage_error()
    {
        using var data = new TempDirectory("dicomhub-serve-pg");

        var run = await CliHarness.RunAsync("serve", "--data", data.Path, "--postgres", "this is not a connection string");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Registry:ConnectionString is not a PostgreSQL connection string", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_network_address_without_credentials_refuses_to_start_naming_both_ways_on()
    {
        using var data = new TempDirectory("dicomhub-serve-open");

        var run = await CliHarness.RunAsync("serve", "--data", data.Path, "--bind", "0.0.0.0", "--http-port", "0", "--dimse-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Refusing to start", run.Error, StringComparison.Ordinal);
        Assert.Contains("DICOMweb would listen on 0.0.0.0", run.Error, StringComparison.Ordinal);
        Assert.Contains("DIMSE would listen on 0.0.0.0", run.Error, StringComparison.Ordinal);
        Assert.Contains("dicomhub apikey create", run.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-anonymous (Security:AllowAnonymous=true)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apikey_create_prints_the_key_alone_on_its_last_line_and_list_and_revoke_manage_it()
    {
        using var data = new TempDirectory("dicomhub-apikey");

        var created = await CliHarness.RunAsync("apikey", "create", "--data", data.Path, "--name", "pacs2", "--role", "read,write");
        var key = created.Output.TrimEnd().Split('\n')[^1];
        var listed = await CliHarness.RunAsync("apikey", "list", "--data", data.Path);
        var id = key.Split('_')[1];
        var revoked = await CliHarness.RunAsync("apikey", "revoke", "--data", data.Path, "pacs2");
        var again = await CliHarness.RunAsync("apikey", "revoke", "--data", data.Path, id);
        var relisted = await CliHarness.RunAsync("apikey", "list", "--data", data.Path);
        var badRole = await CliHarness.RunAsync("apikey", "create", "--data", data.Path, "--name", "x", "--role", "read write");

        Assert.Equal(0, created.ExitCode);
        Assert.Matches("^dhk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains($"{id}  pacs2", listed.Output, StringComparison.Ordinal);
        Assert.Contains("read,write", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);
        Assert.Contains("active", listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains($"Revoked API key {id} ('pacs2')", revoked.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("revoked ", relisted.Output, StringComparison.Ordinal);
        Assert.Equal(2, badRole.ExitCode);

        // At rest: the hash, never the key.
        var stored = string.Concat(Directory.GetFiles(data.Path, "registry.db*").Select(File.ReadAllText));
        Assert.Contains(DicomHub.Archive.Security.ApiKeys.ApiKeySecret.Hash(key), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_', 3)[2], stored, StringComparison.Ordinal);
    }
}
