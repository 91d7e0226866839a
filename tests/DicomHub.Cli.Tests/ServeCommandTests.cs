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
}
