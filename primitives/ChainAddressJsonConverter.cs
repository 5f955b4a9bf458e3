using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consortium.Primitives;

/// <summary>Writes a <see cref="ChainAddress"/> as its checksummed string, so configuration and stores read naturally.</summary>
internal sealed class ChainAddressJsonConverter : JsonConverter<ChainAddress>
{
    public override ChainAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = JsonText.StringOrThrow(ref reader, "an address");
        return ChainAddress.TryParse(text, out var address) ? address : throw new JsonException($"'{text}' is not an address.");
    }

    public override void Write(Utf8JsonWriter writer, ChainAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    public override ChainAddress ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, ChainAddress value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
