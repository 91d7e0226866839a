using DicomHub.Dicom.Data;

namespace DicomHub.Cli;

/// <summary>Reads a transfer syntax given on the command line: a UID, a keyword, an alias or the full name.</summary>
public static class TransferSyntaxArgument
{
    public const string Help = "a UID, a keyword (ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian, RLELossless, JPEGLosslessSV1), an alias (explicit, implicit, big, deflate, rle, jpeg-lossless) or the full name";

    public static TransferSyntax Parse(string text)
    {
        var syntax = TransferSyntax.TryParse(text)
            ?? TransferSyntax.Known.FirstOrDefault(k => string.Equals(k.Name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (syntax is null || !syntax.IsKnown)
        {
            throw new CliException($"unknown transfer syntax '{text}': give {Help}.", CliRunner.UsageError);
        }

        return syntax;
    }
}
