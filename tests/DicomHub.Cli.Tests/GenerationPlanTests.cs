using DicomHub.Cli.Generate;

namespace DicomHub.Cli.Tests;

/// <summary>The profiles reproduce Table I of the paper: object counts and the study/series structure.</summary>
public sealed class GenerationPlanTests
{
    [Theory]
    [InlineData("cr1", 1, 1, 1)]
    [InlineData("ct38c", 38, 2, 2)]
    [InlineData("mr630", 630, 1, 14)]
    [InlineData("ct1000", 1000, 10, 100)]
    [InlineData("mr3813", 3813, 1, 2)]
    public void PlanHasTheObjectsStudiesAndSeriesOfTableI(string name, int objects, int studies, int series)
    {
        var profile = SyntheticProfiles.Find(name)!;
        var plan = GenerationPlan.Enumerate(profile).ToList();

        Assert.Equal(objects, plan.Count);
        Assert.Equal(studies, plan.Select(p => p.StudyIndex).Distinct().Count());
        Assert.Equal(series, plan.Select(p => (p.StudyIndex, p.SeriesIndex)).Distinct().Count());
        Assert.Equal(objects, plan.Select(p => p.RelativePath).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, objects), plan.Select(p => p.Ordinal));
    }

    [Fact]
    public void Ct1000HasTenStudiesOfTenSeriesOfTenImages()
    {
        var plan = GenerationPlan.Enumerate(SyntheticProfiles.Ct1000).ToList();
        Assert.All(plan.GroupBy(p => p.StudyIndex), study =>
        {
            Assert.Equal(10, study.Select(p => p.SeriesIndex).Distinct().Count());
            Assert.All(study.GroupBy(p => p.SeriesIndex), series => Assert.Equal(10, series.Count()));
        });
        Assert.Equal(10, plan.Select(p => p.PatientIndex).Distinct().Count());
    }

    [Fact]
    public void PathsFollowTheStudyTree()
    {
        var plan = GenerationPlan.Enumerate(SyntheticProfiles.Mr630).ToList();
        Assert.Equal(Path.Combine("study-1", "series-1", "IM0001.dcm"), plan[0].RelativePath);
        Assert.Equal(Path.Combine("study-1", "series-14", "IM0045.dcm"), plan[^1].RelativePath);
    }

    [Fact]
    public void LimitTakesTheFirstInstances()
    {
        var plan = GenerationPlan.Enumerate(SyntheticProfiles.Mr3813, limit: 5).ToList();
        Assert.Equal(5, plan.Count);
        Assert.Equal([0, 1, 2, 3, 4], plan.Select(p => p.InstanceIndex));
    }
}
