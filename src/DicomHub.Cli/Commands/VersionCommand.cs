using System.CommandLine;
using System.Reflection;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub version`: the program version and the .NET runtime it runs on.</summary>
public sealed class VersionCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("version", "Print the DicomHub version and runtime.");
        command.SetAction(_ =>
        {
            var version = Assembly.GetExecutingAssembly().GetName().Version;
            Console.WriteLine($"dicomhub {version} on .NET {Environment.Version}");
            return CliRunner.Success;
        });
        return command;
    }
}
