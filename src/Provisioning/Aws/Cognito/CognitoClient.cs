using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SecureApi.Provisioning.Aws.Http;

namespace SecureApi.Provisioning.Aws.Cognito;

/// <summary>
/// Cognito user pools over awsJson1.1: every operation is <c>POST /</c> with
/// <c>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;Operation&gt;</c> and a PascalCase JSON body.
/// Obtain one through <see cref="IAwsClients.Cognito"/>.
/// </summary>
public sealed class CognitoClient : ICognitoClient
{
    private const string TargetPrefix = "AWSCognitoIdentityProviderService.";

    // Sent exactly like this, without a charset parameter, because the signature covers it.
    private const string ContentType = "application/x-amz-json-1.1";

    // ListUserPools requires MaxResults and accepts at most 60; ListUserPoolClients has the same ceiling.
    private const int MaxListUserPoolsPage = 60;

    private readonly AwsTransport _transport;
    private readonly Uri _endpoint;
    private readonly int _poolPageSize;

    internal CognitoClient(AwsTransport transport, string region, Uri endpoint, int? pageSize = null)
    {
        _transport = transport;
        _endpoint = endpoint;
        _poolPageSize = Math.Min(pageSize ?? MaxListUserPoolsPage, MaxListUserPoolsPage);
        Region = region;
    }

    /// <summary>The region every call of this client goes to.</summary>
    public string Region { get; }

    /// <summary>Base URL the calls are sent to.</summary>
    public Uri Endpoint => _endpoint;

    public Task<CreateUserPoolResponse> CreateUserPoolAsync(CreateUserPoolRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<CreateUserPoolResponse>("CreateUserPool", request, cancellationToken);

    public Task<DescribeUserPoolResponse> DescribeUserPoolAsync(DescribeUserPoolRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DescribeUserPoolResponse>("DescribeUserPool", request, cancellationToken);

    public Task<ListUserPoolsResponse> ListUserPoolsAsync(ListUserPoolsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ListUserPoolsResponse>("ListUserPools", request, cancellationToken);

    public Task<DeleteUserPoolResponse> DeleteUserPoolAsync(DeleteUserPoolRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DeleteUserPoolResponse>("DeleteUserPool", request, cancellationToken);

    public Task<CreateUserPoolClientResponse> CreateUserPoolClientAsync(CreateUserPoolClientRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<CreateUserPoolClientResponse>("CreateUserPoolClient", request, cancellationToken);

    public Task<DescribeUserPoolClientResponse> DescribeUserPoolClientAsync(DescribeUserPoolClientRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DescribeUserPoolClientResponse>("DescribeUserPoolClient", request, cancellationToken);

    public Task<ListUserPoolClientsResponse> ListUserPoolClientsAsync(ListUserPoolClientsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ListUserPoolClientsResponse>("ListUserPoolClients", request, cancellationToken);

    public Task<DeleteUserPoolClientResponse> DeleteUserPoolClientAsync(DeleteUserPoolClientRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DeleteUserPoolClientResponse>("DeleteUserPoolClient", request, cancellationToken);

    public Task<AdminCreateUserResponse> AdminCreateUserAsync(AdminCreateUserRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<AdminCreateUserResponse>("AdminCreateUser", request, cancellationToken);

    public Task<AdminSetUserPasswordResponse> AdminSetUserPasswordAsync(AdminSetUserPasswordRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<AdminSetUserPasswordResponse>("AdminSetUserPassword", request, cancellationToken);

    public Task<AdminDeleteUserResponse> AdminDeleteUserAsync(AdminDeleteUserRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<AdminDeleteUserResponse>("AdminDeleteUser", request, cancellationToken);

    public Task<AdminInitiateAuthResponse> AdminInitiateAuthAsync(AdminInitiateAuthRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<AdminInitiateAuthResponse>("AdminInitiateAuth", request, cancellationToken);

    /// <inheritdoc />
    public Task<InitiateAuthResponse> InitiateAuthAsync(InitiateAuthRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<InitiateAuthResponse>("InitiateAuth", request, cancellationToken, signed: false);

    public Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<CreateResourceServerResponse>("CreateResourceServer", request, cancellationToken);

    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<TagResourceResponse>("TagResource", request, cancellationToken);

    public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(ListTagsForResourceRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ListTagsForResourceResponse>("ListTagsForResource", request, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<UserPoolDescriptionType> ListAllUserPoolsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? nextToken = null;
        do
        {
            var page = await ListUserPoolsAsync(new ListUserPoolsRequest { MaxResults = _poolPageSize, NextToken = nextToken }, cancellationToken).ConfigureAwait(false);
            foreach (var pool in page.UserPools ?? [])
            {
                yield return pool;
            }

            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UserPoolClientDescription> ListAllUserPoolClientsAsync(
        string userPoolId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? nextToken = null;
        do
        {
            var request = new ListUserPoolClientsRequest { UserPoolId = userPoolId, MaxResults = _poolPageSize, NextToken = nextToken };
            var page = await ListUserPoolClientsAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var client in page.UserPoolClients ?? [])
            {
                yield return client;
            }

            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));
    }

    private Task<TResponse> InvokeAsync<TResponse>(string operation, object request, CancellationToken cancellationToken, bool signed = true)
        where TResponse : class
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), AwsJson.Cognito));
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);

        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);
        if (!signed)
        {
            message.Options.Set(AwsRequestOptions.Unsigned, true);
        }

        return _transport.SendAsync<TResponse>(AwsServiceInfo.Cognito, Region, operation, request, message, AwsJson.Cognito, cancellationToken);
    }
}
