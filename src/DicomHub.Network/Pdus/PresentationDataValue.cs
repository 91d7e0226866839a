namespace DicomHub.Network.Pdus;

/// <summary>
/// One PDV item of a P-DATA-TF (PS3.8 9.3.5.1, Annex E.2): a fragment of a command or data set for one
/// presentation context. The message control header: bit 0 command, bit 1 last fragment.
/// </summary>
public readonly record struct PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLastFragment, ReadOnlyMemory<byte> Data)
{
    /// <summary>Item length (4) + context ID (1) + control header (1).</summary>
    public const int HeaderLength = 6;

    public byte ControlHeader => (byte)((IsCommand ? 1 : 0) | (IsLastFragment ? 2 : 0));

    public static bool IsCommandFlag(byte controlHeader) => (controlHeader & 1) != 0;

    public static bool IsLastFlag(byte controlHeader) => (controlHeader & 2) != 0;
}
