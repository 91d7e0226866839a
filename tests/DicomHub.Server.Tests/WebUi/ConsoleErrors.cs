using Microsoft.Playwright;

namespace DicomHub.Server.Tests.WebUi;

/// <summary>Every error the page logs to its console or throws, collected for a test to assert there were none.</summary>
internal static class ConsoleErrors
{
    public static IReadOnlyCollection<string> Watch(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"console.error at {message.Location}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"uncaught: {error}");
            }
        };
        return errors;
    }
}
