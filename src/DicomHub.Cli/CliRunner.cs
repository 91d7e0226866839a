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

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            var parse = root.Parse(args);
            return await parse.InvokeAsync(new InvocationConfiguration(), cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("dicomhub: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"dicomhub: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
    }
}

/// <summary>An error meant for the user: its message names the cause and the fix.</summary>
public sealed class CliException(string message, int exitCode = CliRunner.Failure, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
