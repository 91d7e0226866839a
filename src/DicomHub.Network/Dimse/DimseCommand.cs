using System.Buffers.Binary;
using System.Text;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Network.Dimse;

/// <summary>
/// A DIMSE command set (PS3.7 6.3, 9.3, E.1): group 0000 elements, always Implicit VR Little Endian on the
/// wire. Backed by a <see cref="DicomDataset"/> so any service's fields fit; typed accessors cover the
/// common ones.
/// </summary>
public sealed class DimseCommand
{
    /// <summary>Command Data Set Type value meaning "no data set follows" (PS3.7 E.1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>Command sets are small; anything larger than this is treated as a malformed message.</summary>
    public const int MaxEncodedLength = 64 * 1024;

    public DimseCommand(DicomDataset? dataset = null) => Dataset = dataset ?? new DicomDataset();

    public DicomDataset Dataset { get; }

    public DimseCommandField CommandField
    {
        get => (DimseCommandField)(GetUInt16(DicomTags.CommandField) ?? 0);
        set => SetUInt16(DicomTags.CommandField, (ushort)value);
    }

    public ushort MessageId
    {
        get => GetUInt16(DicomTags.MessageID) ?? 0;
        set => SetUInt16(DicomTags.MessageID, value);
    }

    public ushort MessageIdBeingRespondedTo
    {
        get => GetUInt16(DicomTags.MessageIDBeingRespondedTo) ?? 0;
        set => SetUInt16(DicomTags.MessageIDBeingRespondedTo, value);
    }

    public string? AffectedSopClassUid
    {
        get => GetString(DicomTags.AffectedSOPClassUID);
        set => SetString(DicomTags.AffectedSOPClassUID, DicomVR.UI, value);
    }

    public string? AffectedSopInstanceUid
    {
        get => GetString(DicomTags.AffectedSOPInstanceUID);
        set => SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, value);
    }

    /// <summary>Requested SOP Class UID (0000,0003): the N-ACTION, N-GET, N-SET and N-DELETE request's class.</summary>
    public string? RequestedSopClassUid
    {
        get => GetString(DicomTags.RequestedSOPClassUID);
        set => SetString(DicomTags.RequestedSOPClassUID, DicomVR.UI, value);
    }

    /// <summary>Requested SOP Instance UID (0000,1001): the instance an N-ACTION, N-GET, N-SET or N-DELETE acts on.</summary>
    public string? RequestedSopInstanceUid
    {
        get => GetString(DicomTags.RequestedSOPInstanceUID);
        set => SetString(DicomTags.RequestedSOPInstanceUID, DicomVR.UI, value);
    }

    /// <summary>Event Type ID (0000,1002) of an N-EVENT-REPORT.</summary>
    public ushort? EventTypeId
    {
        get => GetUInt16(DicomTags.EventTypeID);
        set => SetOrRemoveUInt16(DicomTags.EventTypeID, value);
    }

    /// <summary>Action Type ID (0000,1008) of an N-ACTION.</summary>
    public ushort? ActionTypeId
    {
        get => GetUInt16(DicomTags.ActionTypeID);
        set => SetOrRemoveUInt16(DicomTags.ActionTypeID, value);
    }

    /// <summary>
    /// The SOP class a request is about: Affected SOP Class UID for C- services and N-EVENT-REPORT/N-CREATE,
    /// Requested SOP Class UID for N-ACTION, N-GET, N-SET and N-DELETE (PS3.7 10.3).
    /// </summary>
    public string? SopClassUid => AffectedSopClassUid ?? RequestedSopClassUid;

    public DimsePriority Priority
    {
        get => (DimsePriority)(GetUInt16(DicomTags.Priority) ?? 0);
        set => SetUInt16(DicomTags.Priority, (ushort)value);
    }

    /// <summary>True when a data set follows this command (Command Data Set Type other than 0101H).</summary>
    public bool HasDataset
    {
        get => (GetUInt16(DicomTags.CommandDataSetType) ?? NoDataSet) != NoDataSet;
        set => SetUInt16(DicomTags.CommandDataSetType, value ? (ushort)0x0000 : NoDataSet);
    }

    public ushort? StatusCode
    {
        get => GetUInt16(DicomTags.Status);
        set
        {
            if (value is { } code)
            {
                SetUInt16(DicomTags.Status, code);
            }
            else
            {
                Dataset.Remove(DicomTags.Status);
            }
        }
    }

    /// <summary>The status with its catalogue meaning and the peer's Error Comment, if any.</summary>
    public DimseStatus? Status => StatusCode is { } code
        ? (GetString(DicomTags.ErrorComment) is { Length: > 0 } comment ? DimseStatus.FromCode(code).WithComment(comment) : DimseStatus.FromCode(code))
        : null;

    public string? ErrorComment
    {
        get => GetString(DicomTags.ErrorComment);
        set => SetString(DicomTags.ErrorComment, DicomVR.LO, value);
    }

    public string? MoveOriginatorAeTitle
    {
        get => GetString(DicomTags.MoveOriginatorApplicationEntityTitle);
        set => SetString(DicomTags.MoveOriginatorApplicationEntityTitle, DicomVR.AE, value);
    }

    public ushort? MoveOriginatorMessageId
    {
        get => GetUInt16(DicomTags.MoveOriginatorMessageID);
        set
        {
            if (value is { } id)
            {
                SetUInt16(DicomTags.MoveOriginatorMessageID, id);
            }
        }
    }

    /// <summary>Move Destination (0000,0600): the AE title a C-MOVE sends the instances to.</summary>
    public string? MoveDestination
    {
        get => GetString(DicomTags.MoveDestination);
        set => SetString(DicomTags.MoveDestination, DicomVR.AE, value);
    }

    /// <summary>C-MOVE/C-GET sub-operation counts (0000,1020-1023), present in pending and final responses.</summary>
    public ushort? RemainingSubOperations
    {
        get => GetUInt16(DicomTags.NumberOfRemainingSuboperations);
        set => SetOrRemoveUInt16(DicomTags.NumberOfRemainingSuboperations, value);
    }

    public ushort? CompletedSubOperations
    {
        get => GetUInt16(DicomTags.NumberOfCompletedSuboperations);
        set => SetOrRemoveUInt16(DicomTags.NumberOfCompletedSuboperations, value);
    }

    public ushort? FailedSubOperations
    {
        get => GetUInt16(DicomTags.NumberOfFailedSuboperations);
        set => SetOrRemoveUInt16(DicomTags.NumberOfFailedSuboperations, value);
    }

    public ushort? WarningSubOperations
    {
        get => GetUInt16(DicomTags.NumberOfWarningSuboperations);
        set => SetOrRemoveUInt16(DicomTags.NumberOfWarningSuboperations, value);
    }

    /// <summary>C-MOVE-RQ (PS3.7 9.3.4.1): the identifier follows; the instances go to <paramref name="moveDestination"/>.</summary>
    public static DimseCommand CreateMoveRequest(ushort messageId, string sopClassUid, string moveDestination, DimsePriority priority = DimsePriority.Medium) => new()
    {
        AffectedSopClassUid = sopClassUid,
        CommandField = DimseCommandField.CMoveRequest,
        MessageId = messageId,
        Priority = priority,
        HasDataset = true,
        MoveDestination = moveDestination,
    };

    /// <summary>C-GET-RQ (PS3.7 9.3.3.1): the identifier follows; the instances come back on the same association.</summary>
    public static DimseCommand CreateGetRequest(ushort messageId, string sopClassUid, DimsePriority priority = DimsePriority.Medium) => new()
    {
        AffectedSopClassUid = sopClassUid,
        CommandField = DimseCommandField.CGetRequest,
        MessageId = messageId,
        Priority = priority,
        HasDataset = true,
    };

    public static DimseCommand CreateEchoRequest(ushort messageId) => new()
    {
        AffectedSopClassUid = DicomUids.Verification,
        CommandField = DimseCommandField.CEchoRequest,
        MessageId = messageId,
        HasDataset = false,
    };

    public static DimseCommand CreateStoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid, DimsePriority priority = DimsePriority.Medium) => new()
    {
        AffectedSopClassUid = sopClassUid,
        CommandField = DimseCommandField.CStoreRequest,
        MessageId = messageId,
        Priority = priority,
        HasDataset = true,
        AffectedSopInstanceUid = sopInstanceUid,
    };

    public static DimseCommand CreateFindRequest(ushort messageId, string sopClassUid, DimsePriority priority = DimsePriority.Medium) => new()
    {
        AffectedSopClassUid = sopClassUid,
        CommandField = DimseCommandField.CFindRequest,
        MessageId = messageId,
        Priority = priority,
        HasDataset = true,
    };

    /// <summary>N-ACTION-RQ (PS3.7 10.3.4.1): <paramref name="actionTypeId"/> on the instance, with an Action Information data set when <paramref name="hasDataset"/>.</summary>
    public static DimseCommand CreateActionRequest(ushort messageId, string sopClassUid, string sopInstanceUid, ushort actionTypeId, bool hasDataset = true) => new()
    {
        CommandField = DimseCommandField.NActionRequest,
        MessageId = messageId,
        RequestedSopClassUid = sopClassUid,
        RequestedSopInstanceUid = sopInstanceUid,
        ActionTypeId = actionTypeId,
        HasDataset = hasDataset,
    };

    /// <summary>N-EVENT-REPORT-RQ (PS3.7 10.3.1.1): event <paramref name="eventTypeId"/> of the instance, with Event Information when <paramref name="hasDataset"/>.</summary>
    public static DimseCommand CreateEventReportRequest(ushort messageId, string sopClassUid, string sopInstanceUid, ushort eventTypeId, bool hasDataset = true) => new()
    {
        CommandField = DimseCommandField.NEventReportRequest,
        MessageId = messageId,
        AffectedSopClassUid = sopClassUid,
        AffectedSopInstanceUid = sopInstanceUid,
        EventTypeId = eventTypeId,
        HasDataset = hasDataset,
    };

    /// <summary>C-CANCEL-RQ (PS3.7 9.3.2.3): asks the peer to stop the operation with <paramref name="messageId"/>.</summary>
    public static DimseCommand CreateCancelRequest(ushort messageId) => new()
    {
        CommandField = DimseCommandField.CCancelRequest,
        MessageIdBeingRespondedTo = messageId,
        HasDataset = false,
    };

    /// <summary>The response to <paramref name="request"/> with <paramref name="status"/>: same SOP class/instance, no data set.</summary>
    public static DimseCommand CreateResponse(DimseCommand request, DimseStatus status)
    {
        var response = new DimseCommand
        {
            CommandField = request.CommandField.ResponseOf(),
            MessageIdBeingRespondedTo = request.MessageId,
            HasDataset = false,
            StatusCode = status.Code,
        };
        // N- requests name their instance as "Requested"; every response names it as "Affected" (PS3.7 10.3).
        if (request.SopClassUid is { } sopClass)
        {
            response.AffectedSopClassUid = sopClass;
        }

        if ((request.AffectedSopInstanceUid ?? request.RequestedSopInstanceUid) is { } sopInstance)
        {
            response.AffectedSopInstanceUid = sopInstance;
        }

        if (request.CommandField == DimseCommandField.NActionRequest && request.ActionTypeId is { } action)
        {
            response.ActionTypeId = action;
        }

        if (request.CommandField == DimseCommandField.NEventReportRequest && request.EventTypeId is { } eventType)
        {
            response.EventTypeId = eventType;
        }

        if (!string.IsNullOrEmpty(status.ErrorComment) && status.Category is DimseStatusCategory.Failure or DimseStatusCategory.Warning)
        {
            response.ErrorComment = status.ErrorComment;
        }

        return response;
    }

    /// <summary>Implicit VR Little Endian with (0000,0000) Command Group Length first (PS3.7 6.3.1).</summary>
    public byte[] Encode()
    {
        var body = 0;
        foreach (var item in Dataset)
        {
            if (item.Tag != DicomTags.CommandGroupLength && item is DicomElement element)
            {
                body += 8 + (int)element.Length;
            }
        }

        var bytes = new byte[12 + body];
        var span = bytes.AsSpan();
        WriteHeader(span, DicomTags.CommandGroupLength, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)body);
        var offset = 12;
        foreach (var item in Dataset)
        {
            if (item.Tag == DicomTags.CommandGroupLength || item is not DicomElement element)
            {
                continue;
            }

            WriteHeader(span[offset..], element.Tag, (uint)element.Length);
            element.Buffer.Memory.Span.CopyTo(span[(offset + 8)..]);
            offset += 8 + (int)element.Length;
        }

        return bytes;
    }

    /// <summary>Decodes an Implicit VR Little Endian command set; VRs come from the PS3.6 dictionary.</summary>
    public static DimseCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var dataset = new DicomDataset();
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 8)
            {
                throw new DimseFormatException($"Command set truncated: element header at byte {offset} needs 8 bytes, {bytes.Length - offset} left.");
            }

            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[(offset + 2)..]));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            if (tag.Group != 0x0000)
            {
                throw new DimseFormatException($"Command set contains {tag} outside group 0000 at byte {offset}.");
            }

            if (length > bytes.Length - offset - 8)
            {
                throw new DimseFormatException($"Command element {tag} claims {length} bytes but only {bytes.Length - offset - 8} remain.");
            }

            var vr = DicomDictionary.Default.DefaultVR(tag);
            dataset.AddOrUpdate(new DicomElement(tag, vr == DicomVR.None ? DicomVR.UN : vr, bytes.Slice(offset + 8, (int)length).ToArray()));
            offset += 8 + (int)length;
        }

        var command = new DimseCommand(dataset);
        if (!dataset.Contains(DicomTags.CommandField))
        {
            throw new DimseFormatException("Command set has no Command Field (0000,0100).");
        }

        return command;
    }

    public override string ToString() =>
        $"{CommandField} id={(CommandField.IsResponse() ? MessageIdBeingRespondedTo : MessageId)}{(Status is { } s ? " status " + s : string.Empty)}";

    private static void WriteHeader(Span<byte> span, DicomTag tag, uint length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], length);
    }

    private ushort? GetUInt16(DicomTag tag) =>
        Dataset[tag] is DicomElement { Length: >= 2 } element ? BinaryPrimitives.ReadUInt16LittleEndian(element.Buffer.Memory.Span) : null;

    private void SetUInt16(DicomTag tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        Dataset.AddOrUpdate(new DicomElement(tag, DicomVR.US, bytes));
    }

    private void SetOrRemoveUInt16(DicomTag tag, ushort? value)
    {
        if (value is { } v)
        {
            SetUInt16(tag, v);
        }
        else
        {
            Dataset.Remove(tag);
        }
    }

    private string? GetString(DicomTag tag) =>
        Dataset[tag] is DicomElement element ? Encoding.ASCII.GetString(element.Buffer.Memory.Span).TrimEnd(' ', '\0') : null;

    private void SetString(DicomTag tag, DicomVR vr, string? value)
    {
        if (value is null)
        {
            Dataset.Remove(tag);
            return;
        }

        // UI pads with NUL, every other string VR with a space (PS3.5 6.2).
        var padded = value.Length % 2 == 0 ? value : value + (vr == DicomVR.UI ? '\0' : ' ');
        Dataset.AddOrUpdate(new DicomElement(tag, vr, Encoding.ASCII.GetBytes(padded)));
    }
}
