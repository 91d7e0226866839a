using DicomHub.Cli.Commands;

namespace DicomHub.Cli;

/// <summary>The verbs, in the order `dicomhub --help` lists them.</summary>
public static class CommandCatalog
{
    public static IReadOnlyList<ICliCommand> All { get; } =
    [
        new VersionCommand(),
        new DumpCommand(),
        new ConvertCommand(),
        new GenerateCommand(),
        new ServeCommand(),
        new ApiKeyCommand(),
        new EchoCommand(),
        new SendCommand(),
        new ReceiveCommand(),
        new QueryCommand(),
        new RetrieveCommand(),
        new ForwardCommand(),
        new ManifestCommand(),
        new BenchCommand(),
    ];
}
