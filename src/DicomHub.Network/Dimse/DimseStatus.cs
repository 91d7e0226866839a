using System.Globalization;

namespace DicomHub.Network.Dimse;

/// <summary>
/// A DIMSE status (0000,0900) with its meaning, and optionally the Error Comment (0000,0902) to send with it.
/// The catalogue holds every code of PS3.7 Annex C plus the C-STORE (PS3.4 B.2.3) and query/retrieve
/// (PS3.4 C.4) service codes; <see cref="FromCode"/> names ranges such as A7xx for codes not listed.
/// </summary>
public sealed record DimseStatus(ushort Code, string Meaning, string? ErrorComment = null)
{
    public DimseStatusCategory Category => CategoryOf(Code);

    public bool IsSuccess => Code == 0x0000;

    public bool IsWarning => Category == DimseStatusCategory.Warning;

    public bool IsFailure => Category == DimseStatusCategory.Failure;

    public bool IsPending => Category == DimseStatusCategory.Pending;

    /// <summary>This status carrying an Error Comment (at most 64 characters are sent, PS3.7 E.1 LO).</summary>
    public DimseStatus WithComment(string comment) => this with { ErrorComment = comment.Length > 64 ? comment[..64] : comment };

    // PS3.7 C.1-C.3
    public static DimseStatus Success { get; } = new(0x0000, "Success");
    public static DimseStatus Pending { get; } = new(0xFF00, "Pending");
    public static DimseStatus PendingOptionalKeysNotSupported { get; } = new(0xFF01, "Pending: optional keys not supported");
    public static DimseStatus Cancel { get; } = new(0xFE00, "Cancel");

    // PS3.7 C.4 warnings
    public static DimseStatus AttributeListError { get; } = new(0x0107, "Warning: attribute list error");
    public static DimseStatus AttributeValueOutOfRange { get; } = new(0x0116, "Warning: attribute value out of range");
    public static DimseStatus RequestedOptionalAttributesNotSupported { get; } = new(0x0001, "Warning: requested optional attributes are not supported");

    // PS3.4 B.2.3 C-STORE warnings (B000 also "sub-operations complete, one or more failures" for C-MOVE/C-GET)
    public static DimseStatus CoercionOfDataElements { get; } = new(0xB000, "Warning: coercion of data elements");
    public static DimseStatus ElementsDiscarded { get; } = new(0xB006, "Warning: elements discarded");
    public static DimseStatus DataSetDoesNotMatchSopClassWarning { get; } = new(0xB007, "Warning: data set does not match SOP class");

    /// <summary>
    /// B000 as a C-MOVE/C-GET final status (PS3.4 C.4.2.1.5): sub-operations complete, one or more failures or
    /// warnings. Same code as <see cref="CoercionOfDataElements"/>, so it is not in the look-up catalogue.
    /// </summary>
    public static DimseStatus SubOperationsCompleteWithFailures { get; } = new(0xB000, "Warning: sub-operations complete, one or more failures or warnings");

    // PS3.7 C.5 failures
    public static DimseStatus NoSuchAttribute { get; } = new(0x0105, "Failure: no such attribute");
    public static DimseStatus InvalidAttributeValue { get; } = new(0x0106, "Failure: invalid attribute value");
    public static DimseStatus ProcessingFailure { get; } = new(0x0110, "Failure: processing failure");
    public static DimseStatus DuplicateSopInstance { get; } = new(0x0111, "Failure: duplicate SOP instance");
    public static DimseStatus NoSuchSopInstance { get; } = new(0x0112, "Failure: no such SOP instance");
    public static DimseStatus NoSuchEventType { get; } = new(0x0113, "Failure: no such event type");
    public static DimseStatus NoSuchArgument { get; } = new(0x0114, "Failure: no such argument");
    public static DimseStatus InvalidArgumentValue { get; } = new(0x0115, "Failure: invalid argument value");
    public static DimseStatus InvalidObjectInstance { get; } = new(0x0117, "Failure: invalid object instance");
    public static DimseStatus NoSuchSopClass { get; } = new(0x0118, "Failure: no such SOP class");
    public static DimseStatus ClassInstanceConflict { get; } = new(0x0119, "Failure: class-instance conflict");
    public static DimseStatus MissingAttribute { get; } = new(0x0120, "Failure: missing attribute");
    public static DimseStatus MissingAttributeValue { get; } = new(0x0121, "Failure: missing attribute value");
    public static DimseStatus SopClassNotSupported { get; } = new(0x0122, "Refused: SOP class not supported");
    public static DimseStatus NoSuchActionType { get; } = new(0x0123, "Failure: no such action type");
    public static DimseStatus NotAuthorized { get; } = new(0x0124, "Refused: not authorized");
    public static DimseStatus DuplicateInvocation { get; } = new(0x0210, "Failure: duplicate invocation");
    public static DimseStatus UnrecognizedOperation { get; } = new(0x0211, "Failure: unrecognized operation");
    public static DimseStatus MistypedArgument { get; } = new(0x0212, "Failure: mistyped argument");
    public static DimseStatus ResourceLimitation { get; } = new(0x0213, "Failure: resource limitation");

    // PS3.4 B.2.3 (C-STORE) and C.4 (C-FIND/C-MOVE/C-GET) service failures
    public static DimseStatus OutOfResources { get; } = new(0xA700, "Refused: out of resources");
    public static DimseStatus OutOfResourcesNumberOfMatches { get; } = new(0xA701, "Refused: out of resources, unable to calculate number of matches");
    public static DimseStatus OutOfResourcesSubOperations { get; } = new(0xA702, "Refused: out of resources, unable to perform sub-operations");
    public static DimseStatus MoveDestinationUnknown { get; } = new(0xA801, "Refused: move destination unknown");
    public static DimseStatus DataSetDoesNotMatchSopClass { get; } = new(0xA900, "Error: data set does not match SOP class");
    public static DimseStatus CannotUnderstand { get; } = new(0xC000, "Error: cannot understand");
    public static DimseStatus UnableToProcess { get; } = new(0xC001, "Failed: unable to process");

    /// <summary>Every status with a fixed code, for look-up by code.</summary>
    public static IReadOnlyList<DimseStatus> Catalogue { get; } =
    [
        Success, Pending, PendingOptionalKeysNotSupported, Cancel,
        AttributeListError, AttributeValueOutOfRange, RequestedOptionalAttributesNotSupported,
        CoercionOfDataElements, ElementsDiscarded, DataSetDoesNotMatchSopClassWarning,
        NoSuchAttribute, InvalidAttributeValue, ProcessingFailure, DuplicateSopInstance, NoSuchSopInstance, NoSuchEventType,
        NoSuchArgument, InvalidArgumentValue, InvalidObjectInstance, NoSuchSopClass, ClassInstanceConflict, MissingAttribute,
        MissingAttributeValue, SopClassNotSupported, NoSuchActionType, NotAuthorized, DuplicateInvocation, UnrecognizedOperation,
        MistypedArgument, ResourceLimitation,
        OutOfResources, OutOfResourcesNumberOfMatches, OutOfResourcesSubOperations, MoveDestinationUnknown,
        DataSetDoesNotMatchSopClass, CannotUnderstand, UnableToProcess,
    ];

    /// <summary>The catalogued status for a code, or one named after its range (A7xx, A9xx, Cxxx, Bxxx).</summary>
    public static DimseStatus FromCode(ushort code)
    {
        foreach (var status in Catalogue)
        {
            if (status.Code == code)
            {
                return status;
            }
        }

        var hex = code.ToString("X4", CultureInfo.InvariantCulture);
        return (code & 0xFF00) switch
        {
            0xA700 => new(code, $"Refused: out of resources ({hex})"),
            0xA900 => new(code, $"Error: data set does not match SOP class ({hex})"),
            >= 0xC000 and <= 0xCF00 => new(code, $"Error: cannot understand ({hex})"),
            >= 0xB000 and <= 0xBF00 => new(code, $"Warning ({hex})"),
            _ => new(code, $"{CategoryOf(code)} ({hex})"),
        };
    }

    public static DimseStatusCategory CategoryOf(ushort code) => code switch
    {
        0x0000 => DimseStatusCategory.Success,
        0xFF00 or 0xFF01 => DimseStatusCategory.Pending,
        0xFE00 => DimseStatusCategory.Cancel,
        0x0001 or 0x0107 or 0x0116 => DimseStatusCategory.Warning,
        >= 0xB000 and <= 0xBFFF => DimseStatusCategory.Warning,
        _ => DimseStatusCategory.Failure,
    };

    public override string ToString() =>
        $"{Code:X4}H {Meaning}{(string.IsNullOrEmpty(ErrorComment) ? string.Empty : $" ({ErrorComment})")}";
}
