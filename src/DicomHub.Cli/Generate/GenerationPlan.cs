namespace DicomHub.Cli.Generate;

/// <summary>Where one instance sits in the generated tree: its study, series and position in the series.</summary>
/// <param name="Ordinal">0-based position over the whole profile (the order files are written in).</param>
/// <param name="PatientIndex">0-based patient the study belongs to.</param>
/// <param name="StudyIndex">0-based study.</param>
/// <param name="SeriesIndex">0-based series within its study.</param>
/// <param name="InstanceIndex">0-based image within its series.</param>
/// <param name="SeriesSize">number of images of the series.</param>
public readonly record struct PlannedInstance(int Ordinal, int PatientIndex, int StudyIndex, int SeriesIndex, int InstanceIndex, int SeriesSize)
{
    /// <summary>The file's path under the output folder: study-N/series-M/IMxxxx.dcm, all 1-based.</summary>
    public string RelativePath =>
        Path.Combine($"study-{StudyIndex + 1}", $"series-{SeriesIndex + 1}", $"IM{InstanceIndex + 1:D4}.dcm");
}

/// <summary>
/// The instances of a profile in writing order, computed without touching the disk (so the benchmark
/// and tests can count objects, studies and series without generating anything).
/// </summary>
public static class GenerationPlan
{
    public static IEnumerable<PlannedInstance> Enumerate(SyntheticProfile profile, int? limit = null)
    {
        var ordinal = 0;
        var max = limit ?? int.MaxValue;
        for (var study = 0; study < profile.Layout.Length; study++)
        {
            var patient = profile.OnePatientPerStudy ? study : 0;
            var series = profile.Layout[study];
            for (var s = 0; s < series.Length; s++)
            {
                for (var i = 0; i < series[s]; i++)
                {
                    if (ordinal >= max)
                    {
                        yield break;
                    }

                    yield return new PlannedInstance(ordinal++, patient, study, s, i, series[s]);
                }
            }
        }
    }
}
