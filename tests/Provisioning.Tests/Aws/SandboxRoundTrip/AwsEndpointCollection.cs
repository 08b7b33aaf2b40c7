namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>
/// The round trips that work against any AWS-compatible endpoint share one <see cref="AwsTestEndpoint"/>: an
/// in-process Sandbox by default, the endpoint named by <c>SECUREAPI_TEST_AWS_ENDPOINT</c> when it is set.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AwsEndpointCollection : ICollectionFixture<AwsTestEndpoint>
{
    public const string Name = "AWS endpoint round trips";
}
