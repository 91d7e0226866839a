using System.CommandLine;
using DicomHub.Network.Association;

namespace DicomHub.Cli.Commands;

/// <summary>The upper-layer options `echo`, `send` and `receive` share (--max-pdu, --no-delay).</summary>
internal sealed class NetworkCliOptions
{
    public Option<uint> MaxPdu { get; } = new("--max-pdu")
    {
        Description = $"Largest PDU we receive, in bytes (announced to the peer; default {DicomNetworkOptions.DefaultMaxPduLength}).",
        DefaultValueFactory = _ => DicomNetworkOptions.DefaultMaxPduLength,
    };

    public Option<bool> NoDelay { get; } = new("--no-delay")
    {
        Description = "TCP_NODELAY: true (default) sends every PDU at once; false lets Nagle's algorithm batch small writes.",
        DefaultValueFactory = _ => true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(MaxPdu);
        command.Options.Add(NoDelay);
    }

    public DicomNetworkOptions Read(ParseResult parse)
    {
        var maxPdu = parse.GetValue(MaxPdu);
        if (maxPdu != 0 && maxPdu < DicomNetworkOptions.MinimumPduLength)
        {
            throw new CliException($"--max-pdu {maxPdu} is too small: use at least {DicomNetworkOptions.MinimumPduLength} bytes (or 0 for no limit).", CliRunner.UsageError);
        }

        return new DicomNetworkOptions { MaxPduLength = maxPdu, NoDelay = parse.GetValue(NoDelay) };
    }

    public static Network.DicomNodeUri ParseNode(string text)
    {
        try
        {
            return Network.DicomNodeUri.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, CliRunner.UsageError);
        }
    }
}
