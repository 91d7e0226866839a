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

    /// <summary>The data set this sequence belongs to; items inherit its Specific Character Set.</summary>
    public DicomDataset? Owner { get; internal set; }

    public void Add(DicomDataset item)
    {
        item.ParentSequence = this;
        _items.Add(item);
    }

    public override string ToString() => $"{Tag} SQ ({_items.Count} items)";
}
