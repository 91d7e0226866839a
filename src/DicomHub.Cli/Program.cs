using DicomHub.Cli;

// Every verb is a class under Commands/ that builds its own System.CommandLine command.
return await CliRunner.RunAsync(CliApplication.CreateRoot(), args);
