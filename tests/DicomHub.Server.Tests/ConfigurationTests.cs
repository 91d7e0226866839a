using DicomHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace DicomHub.Server.Tests;

/// <summary>How the server reads its settings.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task NoSettingsFileIsWatchedForChanges()
    {
        // A watched appsettings.json means a recursive file watcher on the working folder: it crawls every
        // folder below at start, and receives an event for every blob written into ./dicomhub-data.
        using var data = new TempDirectory("dicomhub-config");
        await using var app = DicomHubServer.Build([], new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path });

        var jsonSources = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.Contains(jsonSources, s => s.Path == "appsettings.json");
        Assert.All(jsonSources, s => Assert.False(s.ReloadOnChange, $"{s.Path} is watched for changes"));
    }
}
