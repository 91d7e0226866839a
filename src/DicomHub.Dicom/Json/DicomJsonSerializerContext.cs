using System.Text.Json;
using System.Text.Json.Serialization;

namespace DicomHub.Dicom.Json;

/// <summary>Source-generated metadata so streaming an array of JsonElements needs no reflection.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class DicomJsonSerializerContext : JsonSerializerContext;
