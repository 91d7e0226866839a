using DicomHub.Cli.Commands;

namespace DicomHub.Cli.Tests.Bench;

public sealed class BenchPlanTests
{
    [Fact]
    public async Task Unknown_profiles_links_and_cases_are_usage_errors_that_name_the_choices()
    {
        var profile = await CliHarness.RunAsync("bench", "--profiles", "ct39", "--peers");
        Assert.Equal(2, profile.ExitCode);
        Assert.Contains("cr1, ct38c, mr630, ct1000, mr3813", profile.Error, StringComparison.Ordinal);

        var link = await CliHarness.RunAsync("bench", "--links", "wan10", "--peers");
        Assert.Equal(2, link.ExitCode);
        Assert.Contains("loopback, lan100, wan100", link.Error, StringComparison.Ordinal);

        var unknownCase = await CliHarness.RunAsync("bench", "--cases", "smoke-signals", "--peers");
        Assert.Equal(2, unknownCase.ExitCode);
        Assert.Contains("storescu-nodelay", unknownCase.Error, StringComparison.Ordinal);

        var repeat = await CliHarness.RunAsync("bench", "--repeat", "0");
        Assert.Equal(2, repeat.ExitCode);
    }

    [Fact]
    public void The_plan_keeps_the_order_given_and_the_peer_cases_only_with_peers()
    {
        var plan = BenchCommand.BuildPlan("ct38c, cr1", "wan100,loopback", 2, "out", peers: true, caseFilter: null, calibrationSeconds: 1);

        Assert.Equal(["ct38c", "cr1"], plan.Profiles);
        Assert.Equal(["wan100", "loopback"], plan.Links.Select(l => l.Name));
        Assert.Contains(plan.Cases, c => c.Id == "storescu");
        Assert.Contains(plan.Cases, c => c.Id == "storescu-nodelay" && c.Method.Settings.NoDelay == "env TCP_NODELAY=1");
        Assert.True(Path.IsPathRooted(plan.OutputDirectory));
    }

    [Fact]
    public void With_peers_Orthanc_is_measured_as_shipped_and_with_env_tcp_nodelay_by_both_protocols()
    {
        var plan = BenchCommand.BuildPlan("cr1", "loopback", 1, "out", peers: true, caseFilter: null, calibrationSeconds: 1);

        var orthanc = plan.Cases.Where(c => c.Archive.Name.StartsWith("orthanc", StringComparison.Ordinal)).ToList();
        Assert.Equal(["orthanc-cstore", "orthanc-stow", "orthanc-cstore-nodelay", "orthanc-stow-nodelay"], orthanc.Select(c => c.Id));
        Assert.All(orthanc, c => Assert.Contains(c.Id.EndsWith("-nodelay", StringComparison.Ordinal) ? "env TCP_NODELAY=1" : "as shipped", c.Method.Settings.NoDelay, StringComparison.Ordinal));
        Assert.Equal(16384, orthanc.Single(c => c.Id == "orthanc-cstore").Method.Settings.MaxPduBytes);
        Assert.DoesNotContain(BenchCommand.BuildPlan("cr1", "loopback", 1, "out", peers: false, caseFilter: null, calibrationSeconds: 1).Cases, c => c.Id.StartsWith("orthanc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Methods_is_another_name_for_cases()
    {
        var run = await CliHarness.RunAsync("bench", "--methods", "smoke-signals");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown case smoke-signals", run.Error, StringComparison.Ordinal);
    }
}
