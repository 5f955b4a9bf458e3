using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Consortium.Primitives;

/// <summary>What the primitives' JSON converters share: a value that must be a JSON string.</summary>
internal static class JsonText
{
    /// <summary>The string at the reader (a value or a property name), or a <see cref="JsonException"/> naming what stands there instead.</summary>
    /// <param name="reader">The reader, at the token to read.</param>
    /// <param name="what">What the string must hold, for the message: "an address", "a token amount".</param>
    public static string StringOrThrow(ref Utf8JsonReader reader, string what) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
            ? reader.GetString()!
            : throw new JsonException(reader.TokenType switch
            {
                JsonTokenType.Null => $"null is not {what}: {what} is written as a JSON string.",
                JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False =>
                    $"{Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan)} is not {what}: {what} is written as a JSON string.",
                _ => $"a JSON {reader.TokenType} is not {what}: {what} is written as a JSON string.",
            });
}
