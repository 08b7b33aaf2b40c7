namespace SecureApi.Sandbox.Wire;

/// <summary>The two AWS services the Sandbox speaks, with their SigV4 signing names and error formats.</summary>
internal sealed record AwsService(string SigningName, bool ErrorTypeInBody, string ContentType)
{
    /// <summary>Cognito IdP, awsJson1.1: errors carry <c>__type</c> in the body.</summary>
    public static readonly AwsService Cognito = new("cognito-idp", true, "application/x-amz-json-1.1");

    /// <summary>API Gateway v2, restJson1: errors carry the code in <c>x-amzn-ErrorType</c> only.</summary>
    public static readonly AwsService ApiGateway = new("apigateway", false, "application/json");
}

/// <summary>What an operation answers on success.</summary>
internal sealed record AwsResponse(int Status, System.Text.Json.Nodes.JsonNode? Body)
{
    public static AwsResponse Ok(System.Text.Json.Nodes.JsonNode? body) => new(StatusCodes.Status200OK, body);
    public static AwsResponse Created(System.Text.Json.Nodes.JsonNode? body) => new(StatusCodes.Status201Created, body);
    public static AwsResponse NoContent() => new(StatusCodes.Status204NoContent, null);
}
