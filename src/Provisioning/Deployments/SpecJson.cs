using System.Text.Json;
using System.Text.Json.Serialization;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Deployments;

/// <summary>How a spec is kept in <see cref="Records.Deployment.SpecJson"/>: camelCase JSON, enums as strings.</summary>
internal static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(SecureApiSpec spec) => JsonSerializer.Serialize(spec, Options);

    public static SecureApiSpec Deserialize(string json) =>
        JsonSerializer.Deserialize<SecureApiSpec>(json, Options) ?? throw new InvalidOperationException("A deployment's spec is empty.");
}
