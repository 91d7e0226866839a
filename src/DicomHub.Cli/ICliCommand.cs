using System.CommandLine;

namespace DicomHub.Cli;

/// <summary>One verb of the `dicomhub` command.</summary>
public interface ICliCommand
{
    Command Build();
}
