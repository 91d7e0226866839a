using System.Runtime.CompilerServices;

namespace DicomHub.Archive.Registry.Sql;

/// <summary>Reads for the blob reconciliation (orphan sweep, missing-blob report).</summary>
public abstract partial class SqlRegistry
{
    public async IAsyncEnumerable<BlobReference> ReadBlobReferencesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT blob_key, sop_uid FROM instances";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new BlobReference(reader.GetString(0), reader.GetString(1));
        }
    }
}
