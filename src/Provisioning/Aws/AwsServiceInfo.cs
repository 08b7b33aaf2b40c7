namespace SecureApi.Provisioning.Aws;

/// <summary>What differs between the two AWS services on the wire and in configuration.</summary>
/// <param name="SigningName">SigV4 service name, also the <see cref="AwsServiceException.Service"/> value.</param>
/// <param name="EndpointPrefix">Host prefix of the regional endpoint.</param>
/// <param name="EndpointVariable">The SDK-wide per-service endpoint override variable.</param>
internal sealed record AwsServiceInfo(string SigningName, string EndpointPrefix, string EndpointVariable)
{
    public static readonly AwsServiceInfo Cognito =
        new("cognito-idp", "cognito-idp", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER");

    public static readonly AwsServiceInfo ApiGateway =
        new("apigateway", "apigateway", "AWS_ENDPOINT_URL_APIGATEWAYV2");
}
