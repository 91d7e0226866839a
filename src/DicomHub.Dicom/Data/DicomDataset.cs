using System.Collections;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Text;

namespace DicomHub.Dicom.Data;

/// <summary>
/// A data set: items kept in tag order, as DICOM requires on the wire. Typed reads and writes live in
/// <see cref="DicomDatasetValues"/> (extension methods) so this class stays a container.
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomItem>
{
    private readonly SortedList<DicomTag, DicomItem> _items = [];

    public DicomDataset()
    {
    }

    public DicomDataset(IEnumerable<DicomItem> items)
    {
        foreach (var item in items)
        {
            AddOrUpdate(item);
        }
    }

    public int Count => _items.Count;

    /// <summary>The sequence this data set is an item of, or null for a top-level data set.</summary>
    public DicomSequence? ParentSequence { get; internal set; }

    public DicomItem? this[DicomTag tag] => _items.GetValueOrDefault(tag);

    public bool Contains(DicomTag tag) => _items.ContainsKey(tag);

    public bool TryGet(DicomTag tag, out DicomItem item) => _items.TryGetValue(tag, out item!);

    public T? Get<T>(DicomTag tag)
        where T : DicomItem => _items.GetValueOrDefault(tag) as T;

    /// <summary>Adds the item, replacing any item with the same tag.</summary>
    public DicomDataset AddOrUpdate(DicomItem item)
    {
        if (item is DicomSequence sequence)
        {
            sequence.Owner = this;
        }

        _items[item.Tag] = item;
        return this;
    }

    public bool Remove(DicomTag tag) => _items.Remove(tag);

    /// <summary>Removes every item whose tag matches the predicate (for example all of group 0002).</summary>
    public int RemoveWhere(Func<DicomTag, bool> predicate)
    {
        var doomed = _items.Keys.Where(predicate).ToList();
        foreach (var tag in doomed)
        {
            _items.Remove(tag);
        }

        return doomed.Count;
    }

    public void Clear() => _items.Clear();

    /// <summary>
    /// The character set that decodes this data set's text: its own Specific Character Set, else the one of
    /// the data set that holds it (PS3.5 7.5.3: items inherit unless they carry their own), else ISO-IR 6.
    /// </summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_items.GetValueOrDefault(DicomTags.SpecificCharacterSet) is DicomElement element)
            {
                var terms = DicomCharacterSet.Default.DecodeStrings(element.Buffer.Memory.Span, DicomVR.CS);
                return DicomCharacterSet.FromTerms(terms);
            }

            return ParentSequence?.Owner?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    /// <summary>A copy that shares value buffers (they are immutable) but not structure.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        foreach (var item in _items.Values)
        {
            copy.AddOrUpdate(item switch
            {
                DicomSequence sequence => new DicomSequence(sequence.Tag, sequence.Items.Select(i => i.Clone()))
                {
                    UndefinedLength = sequence.UndefinedLength,
                    ItemsUndefinedLength = sequence.ItemsUndefinedLength,
                },
                DicomFragmentSequence fragments => new DicomFragmentSequence(fragments.Tag, fragments.VR, fragments.BasicOffsetTable, fragments.Fragments),
                _ => item,
            });
        }

        return copy;
    }

    public IEnumerator<DicomItem> GetEnumerator() => _items.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static DicomElement EmptyElement(DicomTag tag, DicomVR vr) => new(tag, vr, MemoryByteBuffer.Empty);
}
