using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// Serializer settings per protocol. Cognito (awsJson1.1) uses the member names as they are (PascalCase);
/// API Gateway v2 (restJson1) uses camelCase, while map keys such as tags stay exactly as the user wrote them.
/// Both omit nulls, ignore unknown members and read timestamps as epoch numbers or ISO-8601 strings.
/// </summary>
internal static class AwsJson
{
    public static readonly JsonSerializerOptions Cognito = Create(namingPolicy: null);

    public static readonly JsonSerializerOptions HttpApi = Create(JsonNamingPolicy.CamelCase);

    private static JsonSerializerOptions Create(JsonNamingPolicy? namingPolicy)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = namingPolicy,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.Converters.Add(new FlexibleTimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>
/// AWS models declare epoch seconds (Cognito) or ISO-8601 strings (API Gateway v2); emulators mix them up and send
/// fractional epochs, numeric strings or null. All of those read; writing uses ISO-8601.
/// </summary>
internal sealed class FlexibleTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => FromEpochSeconds(reader.GetDecimal()),
            JsonTokenType.String => FromString(reader.GetString()),
            _ => throw new JsonException($"Expected a timestamp, found {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } timestamp)
        {
            writer.WriteStringValue(timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static DateTimeOffset? FromString(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return FromEpochSeconds(seconds);
        }

        return DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new JsonException($"'{text}' is neither an ISO-8601 timestamp nor epoch seconds.");
    }

    private static DateTimeOffset FromEpochSeconds(decimal seconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
}
