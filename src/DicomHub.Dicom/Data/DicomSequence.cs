namespace DicomHub.Dicom.Data;

/// <summary>A sequence of items (SQ), each item a data set of its own.</summary>
public sealed class DicomSequence : DicomItem
{
    private readonly List<DicomDataset> _items = [];

    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null)
        : base(tag, DicomVR.SQ)
    {
        foreach (var item in items ?? [])
        {
            Add(item);
        }
    }

    public IReadOnlyList<DicomDataset> Items => _items;

    /// <summary>
    /// How the sequence's own length is encoded: true = undefined length with a delimiter, false = explicit
    /// length, null = the writer's default (undefined). The reader sets it so a file is written back as it came.
    /// </summary>
    public bool? UndefinedLength { get; set; }

    /// <summary>The same for the items of this sequence (taken from the first item when reading).</summary>
    public bool? ItemsUndefinedLength { get; set; }

    /// <summary>The data set this sequence belongs to; items inherit its Specific Character Set.</summary>
    public DicomDataset? Owner { get; internal set; }

    public void Add(DicomDataset item)
    {
        item.ParentSequence = this;
        _items.Add(item);
    }

    public override string ToString() => $"{Tag} SQ ({_items.Count} items)";
}
