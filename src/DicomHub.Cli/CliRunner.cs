using System.CommandLine;

namespace DicomHub.Cli;

/// <summary>
/// Runs the parsed command and turns failures into a message and an exit code instead of a stack trace:
/// a user sees what went wrong and what to do, not our internals.
/// </summary>
public static class CliRunner
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int FileNotFound = 3;
    public const int NotDicom = 4;
    public const int MalformedDicom = 5;
    public const int Cancelled = 130;

    /// <summary>The exit codes as `--help` of the file verbs lists them.</summary>
    public const string ExitCodeHelp =
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 file not found, 4 not a DICOM file, 5 malformed or truncated DICOM, 130 cancelled.";

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        return await RunAsync(root, args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>Runs with the given writers: how tests run a verb in-process and read what it printed.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var parse = root.Parse(args);
            var configuration = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                // Our own handler below prints CliException messages without a stack trace.
                EnableDefaultExceptionHandler = false,
            };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("dicomhub: cancelled").ConfigureAwait(false);
            return Cancelled;
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"dicomhub: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
    }
}

/// <summary>An error meant for the user: its message names the cause and the fix.</summary>
public sealed class CliException(string message, int exitCode = CliRunner.Failure, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
