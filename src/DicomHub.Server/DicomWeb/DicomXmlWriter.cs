using System.Text;
using System.Xml;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Server.DicomWeb;

/// <summary>
/// The Native DICOM Model (PS3.19 A.1) for the small data sets the server writes itself (STOW responses);
/// text and numbers and sequences only. Replace with the toolkit's XML writer when it exists.
/// </summary>
internal static class DicomXmlWriter
{
    public static string ToXml(DicomDataset dataset)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("NativeDicomModel", "http://dicom.nema.org/PS3.19/models/NativeDICOM");
            WriteDataset(writer, dataset);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return builder.ToString();
    }

    private static void WriteDataset(XmlWriter writer, DicomDataset dataset)
    {
        foreach (var item in dataset)
        {
            writer.WriteStartElement("DicomAttribute");
            writer.WriteAttributeString("tag", item.Tag.ToHexString());
            writer.WriteAttributeString("vr", item.VR.Code());
            if (DicomDictionary.Default.Find(item.Tag) is { } entry)
            {
                writer.WriteAttributeString("keyword", entry.Keyword);
            }

            if (item is DicomSequence sequence)
            {
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    writer.WriteStartElement("Item");
                    writer.WriteAttributeString("number", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    WriteDataset(writer, sequence.Items[i]);
                    writer.WriteEndElement();
                }
            }
            else
            {
                var values = dataset.GetStrings(item.Tag);
                for (var i = 0; i < values.Length; i++)
                {
                    writer.WriteStartElement("Value");
                    writer.WriteAttributeString("number", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteString(values[i]);
                    writer.WriteEndElement();
                }
            }

            writer.WriteEndElement();
        }
    }
}
