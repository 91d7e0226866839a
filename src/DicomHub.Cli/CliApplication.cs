using System.CommandLine;

namespace DicomHub.Cli;

/// <summary>Builds the `dicomhub` root command from <see cref="CommandCatalog"/> (Program and tests share it).</summary>
public static class CliApplication
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("DicomHub: a DICOM toolkit, archive and workspot client (C-STORE, STOW-RS, QIDO-RS, WADO-RS).");
        foreach (var verb in CommandCatalog.All)
        {
            root.Subcommands.Add(verb.Build());
        }

        return root;
    }
}
