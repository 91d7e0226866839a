using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>
/// The ./dicomhub launcher's first start, run as a user runs it, in a copy of the checkout whose `dotnet` is a stand-in
/// that prints what `dotnet publish -v m` prints (a real first build takes minutes; the build itself is every other
/// test's business): the first line says a build is under way, each project built is a line, an offline viewer fetch
/// does not stop the program, a second start prints nothing of the build, and a failed build exits 1 with the compiler's error.
/// </summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task The_first_start_says_it_is_building_shows_progress_and_runs_the_program_even_without_the_viewer()
    {
        using var checkout = StandIn(buildFails: false);

        var first = await RunAsync(checkout, "version");
        var second = await RunAsync(checkout, "version");

        Assert.Equal(0, first.ExitCode);
        var lines = first.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("building DicomHub (first run, a few minutes)...", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  built DicomHub.Dicom (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  built DicomHub.Cli (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  published into ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("DicomHub built in ", StringComparison.Ordinal));
        Assert.Contains("continuing without the OHIF viewer", first.StandardError, StringComparison.Ordinal);
        Assert.Equal("program ran: version\n", first.StandardOutput);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(string.Empty, second.StandardError);
        Assert.Equal("program ran: version\n", second.StandardOutput);
    }

    [Fact]
    public async Task A_failed_build_exits_1_with_the_compiler_error_and_where_the_log_is()
    {
        using var checkout = StandIn(buildFails: true);

        var run = await RunAsync(checkout, "version");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Program.cs(3,1): error CS1002: ; expected", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("dicomhub: build failed", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(".dicomhub/build.log", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StandardOutput);
    }

    private static Task<ProcessResult> RunAsync(TempDirectory checkout, string verb) =>
        Peers.RunAsync("bash", [checkout.Combine("dicomhub"), verb], TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["PATH"] = $"{checkout.Combine("stand-in")}:{Environment.GetEnvironmentVariable("PATH")}" },
            TestContext.Current.CancellationToken);

    /// <summary>The launcher in a folder laid out like the checkout, a `dotnet` that imitates publish, and a viewer fetch that fails as offline.</summary>
    private static TempDirectory StandIn(bool buildFails)
    {
        var checkout = new TempDirectory("dicomhub-launcher");
        File.Copy(Path.Combine(RepositoryRoot(), "dicomhub"), checkout.Combine("dicomhub"));
        Directory.CreateDirectory(checkout.Combine("src", "DicomHub.Cli"));
        File.WriteAllText(checkout.Combine("src", "DicomHub.Cli", "Program.cs"), "// stand-in\n");
        File.WriteAllText(checkout.Combine("Directory.Build.props"), "<Project />\n");
        File.WriteAllText(checkout.Combine("Directory.Packages.props"), "<Project />\n");
        var projects = string.Join("\n", new[] { "Dicom", "Network", "DicomWeb", "Archive", "Server", "Cli" }.Select(p =>
            $"echo '  DicomHub.{p} -> {checkout.Path}/src/DicomHub.{p}/bin/Release/net10.0/DicomHub.{p}.dll'"));
        var build = buildFails
            ? $"echo '{checkout.Path}/src/DicomHub.Cli/Program.cs(3,1): error CS1002: ; expected [{checkout.Path}/src/DicomHub.Cli/DicomHub.Cli.csproj]'; exit 1"
            : $"""
              echo "  Restored {checkout.Path}/src/DicomHub.Cli/DicomHub.Cli.csproj (in 1.2 sec)."
              {projects}
              while [ "$1" != "-o" ]; do shift; done
              mkdir -p "$2"; printf '#!/bin/sh\necho "program ran: $*"\n' > "$2/dicomhub"; chmod +x "$2/dicomhub"
              echo "  DicomHub.Cli -> $2/"
              """;
        Script(checkout.Combine("stand-in", "dotnet"), build);
        Script(checkout.Combine("scripts", "fetch-viewer.sh"), "echo 'OHIF viewer not fetched: npm pack @ohif/app@3.13.2 failed (offline?)' >&2; exit 1");
        return checkout;
    }

    private static void Script(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/usr/bin/env bash\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DicomHub.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the checkout's root (DicomHub.slnx) is not above the test program");
    }
}
