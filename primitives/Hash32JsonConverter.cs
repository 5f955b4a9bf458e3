using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consortium.Primitives;

/// <summary>Writes a <see cref="Hash32"/> as <c>0x</c>-prefixed hex.</summary>
internal sealed class Hash32JsonConverter : JsonConverter<Hash32>
{
    public override Hash32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = JsonText.StringOrThrow(ref reader, "a 32-byte hex value");
        return Hash32.TryParse(text, out var hash) ? hash : throw new JsonException($"'{text}' is not a 32-byte hex value.");
    }

    public override void Write(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    public override Hash32 ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
