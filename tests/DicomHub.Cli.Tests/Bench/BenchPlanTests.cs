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
}
