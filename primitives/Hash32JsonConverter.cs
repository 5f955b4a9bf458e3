using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consortium.Primitives;

/// <summary>Writes a <see cref="Hash32"/> as <c>0x</c>-prefixed hex.</summary>
internal sealed class Hash32JsonConverter : JsonConverter<Hash32>
{
    public override Hash32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Hash32.TryParse(reader.GetString(), out var hash)
            ? hash
            : throw new JsonException($"'{reader.GetString()}' is not a 32-byte hex value.");

    public override void Write(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    public override Hash32 ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
