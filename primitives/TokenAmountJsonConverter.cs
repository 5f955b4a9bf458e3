using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consortium.Primitives;

/// <summary>
/// Writes a token amount in base units as a decimal integer in a JSON string ("142095057000000000000", a penalty with a
/// leading minus), the way reports carry amounts too large for a JSON number to hold exactly, and reads only that back.
/// </summary>
public sealed class TokenAmountJsonConverter : JsonConverter<BigInteger>
{
    /// <inheritdoc />
    public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = JsonText.StringOrThrow(ref reader, "a token amount");
        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units)
            ? units
            : throw new JsonException($"'{text}' is not a whole number of token base units.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
