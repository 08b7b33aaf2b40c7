using System.Text.Json;

namespace SecureApi.Sandbox.Wire;

/// <summary>One AWS call being answered: its operation, the region from its signature, and its parsed body.</summary>
internal sealed record AwsCall(string Operation, string Region, JsonElement Body, HttpContext Http);
