namespace DicomHub.DicomWeb.Client;

/// <summary>The meaning of STOW-RS FailureReason and WarningReason codes (PS3.18 Annex I, PS3.4 B.2.3, PS3.7 C).</summary>
public static class StowStatusCodes
{
    public static string Describe(int code) => code switch
    {
        0x0110 => "processing failure",
        0x0111 => "duplicate SOP instance",
        0x0122 => "SOP class not supported",
        0x0124 => "refused: not authorized",
        0x0210 => "duplicate invocation",
        0x0212 => "mistyped argument",
        0x0213 => "resource limitation",
        0xB000 => "coercion of data elements",
        0xB006 => "elements discarded",
        0xB007 => "data set does not match SOP class",
        0xC122 => "transfer syntax not supported",
        >= 0xA700 and <= 0xA7FF => "refused: out of resources",
        >= 0xA900 and <= 0xA9FF => "data set does not match SOP class",
        >= 0xC000 and <= 0xCFFF => "cannot understand",
        _ => "unknown status",
    } + $" (0x{code:X4})";
}
