using DicomHub.Dicom.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DicomHub.Server.DicomWeb.Http;

/// <summary>
/// What a WADO-RS instance request accepts (PS3.18 8.7.3, 8.7.8): multipart/related; type="application/dicom"
/// with an optional transfer-syntax parameter, "*" meaning as stored. Without the parameter the archive
/// sends what it stores, except Implicit VR Little Endian and Big Endian, which the web must not carry
/// (8.7.3): those go out as Explicit VR Little Endian.
/// </summary>
internal sealed record AcceptedTransferSyntax(TransferSyntax? Requested, bool AsStored)
{
    /// <summary>The syntax to send for an instance stored in <paramref name="stored"/>.</summary>
    public TransferSyntax Target(TransferSyntax stored)
    {
        if (AsStored)
        {
            return stored;
        }

        if (Requested is not null)
        {
            return Requested;
        }

        return stored == TransferSyntax.ImplicitVRLittleEndian || stored.IsBigEndian ? TransferSyntax.ExplicitVRLittleEndian : stored;
    }

    /// <summary>null when nothing in Accept can be served (406).</summary>
    public static AcceptedTransferSyntax? Parse(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var media) || media.Count == 0)
        {
            return new AcceptedTransferSyntax(null, AsStored: false);
        }

        foreach (var item in media.OrderByDescending(m => m.Quality ?? 1.0))
        {
            var type = item.MediaType.ToString();
            if (type is "*/*" or "multipart/*")
            {
                return new AcceptedTransferSyntax(null, AsStored: false);
            }

            var partType = HeaderUtilities.RemoveQuotes(item.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? default).ToString();
            var multipartDicom = type.Equals("multipart/related", StringComparison.OrdinalIgnoreCase) && (partType.Length == 0 || partType.Equals(DicomWebHttp.Dicom, StringComparison.OrdinalIgnoreCase));
            var plainDicom = type.Equals(DicomWebHttp.Dicom, StringComparison.OrdinalIgnoreCase);
            if (!multipartDicom && !plainDicom)
            {
                continue;
            }

            var syntax = HeaderUtilities.RemoveQuotes(item.Parameters.FirstOrDefault(p => p.Name.Equals("transfer-syntax", StringComparison.OrdinalIgnoreCase))?.Value ?? default).ToString();
            if (syntax.Length == 0)
            {
                return new AcceptedTransferSyntax(null, AsStored: false);
            }

            if (syntax == "*")
            {
                return new AcceptedTransferSyntax(null, AsStored: true);
            }

            if (TransferSyntax.TryParse(syntax) is { } parsed)
            {
                return new AcceptedTransferSyntax(parsed, AsStored: false);
            }
        }

        return null;
    }
}
