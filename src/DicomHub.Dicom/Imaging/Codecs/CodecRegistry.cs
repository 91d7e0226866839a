using System.Collections.Frozen;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs;

/// <summary>
/// The codecs available for encapsulated transfer syntaxes, by UID. Built by DI from every registered
/// <see cref="ITransferSyntaxCodec"/> (<see cref="CodecServiceCollectionExtensions.AddDicomCodecs"/>, the one
/// list the server and the CLI share). Immutable: <see cref="With"/> returns a new registry, so one can be
/// shared by a server's request handlers without locking.
/// </summary>
public sealed class CodecRegistry
{
    private readonly FrozenDictionary<string, ITransferSyntaxCodec> _codecs;

    public CodecRegistry(IEnumerable<ITransferSyntaxCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        var byUid = new Dictionary<string, ITransferSyntaxCodec>(StringComparer.Ordinal);
        foreach (var codec in codecs)
        {
            byUid[codec.TransferSyntax.Uid] = codec; // a later codec replaces an earlier one
        }

        _codecs = byUid.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ITransferSyntaxCodec> Codecs => _codecs.Values;

    public bool TryGet(TransferSyntax transferSyntax, out ITransferSyntaxCodec codec)
    {
        ArgumentNullException.ThrowIfNull(transferSyntax);
        return _codecs.TryGetValue(transferSyntax.Uid, out codec!);
    }

    /// <summary>The codec for <paramref name="transferSyntax"/>, or <see cref="TransferSyntaxNotSupportedException"/> naming it and what is supported.</summary>
    public ITransferSyntaxCodec Get(TransferSyntax transferSyntax)
    {
        if (TryGet(transferSyntax, out var codec))
        {
            return codec;
        }

        var supported = string.Join(", ", _codecs.Values.Select(c => c.TransferSyntax.Keyword).Order(StringComparer.Ordinal));
        throw new TransferSyntaxNotSupportedException(transferSyntax, $"No pixel data codec for {transferSyntax.Name} ({transferSyntax.Uid}). DicomHub can decode the native syntaxes and {supported}; keep the data in its original transfer syntax or choose one of these.");
    }

    /// <summary>The codec that can encode <paramref name="transferSyntax"/>, or <see cref="TransferSyntaxNotSupportedException"/> saying why not.</summary>
    public ITransferSyntaxCodec GetEncoder(TransferSyntax transferSyntax)
    {
        var codec = Get(transferSyntax);
        if (!codec.CanEncode)
        {
            var encodable = string.Join(", ", _codecs.Values.Where(c => c.CanEncode).Select(c => c.TransferSyntax.Keyword).Order(StringComparer.Ordinal));
            throw new TransferSyntaxNotSupportedException(transferSyntax, $"DicomHub decodes {transferSyntax.Name} ({transferSyntax.Uid}) but cannot encode it. It encodes the native syntaxes and {encodable}.");
        }

        return codec;
    }

    /// <summary>A registry with <paramref name="codec"/> added, replacing any codec for the same syntax.</summary>
    public CodecRegistry With(ITransferSyntaxCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return new CodecRegistry([.. _codecs.Values, codec]);
    }

    /// <summary>True when pixel data in <paramref name="source"/> can be re-encoded as <paramref name="target"/>.</summary>
    public bool CanTranscode(TransferSyntax source, TransferSyntax target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return source == target
            || ((!source.IsEncapsulated || _codecs.ContainsKey(source.Uid))
                && (!target.IsEncapsulated || (_codecs.TryGetValue(target.Uid, out var encoder) && encoder.CanEncode)));
    }
}
