using System.CommandLine;
using DicomHub.Cli;
using DicomHub.Cli.Commands;

// Every verb is a class under Commands/ that builds its own System.CommandLine command.
var root = new RootCommand("DicomHub: a DICOM toolkit, archive and workspot client (C-STORE, STOW-RS, QIDO-RS, WADO-RS).");
foreach (var verb in CommandCatalog.All)
{
    root.Subcommands.Add(verb.Build());
}

return await CliRunner.RunAsync(root, args);
