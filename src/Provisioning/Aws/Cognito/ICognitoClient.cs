namespace SecureApi.Provisioning.Aws.Cognito;

/// <summary>
/// Thin client for the Amazon Cognito user pools (cognito-idp) operations SecureApi uses. Builds the request, signs,
/// sends, translates errors into <see cref="AwsServiceException"/>. No decisions: those belong to provisioning steps.
/// Shaped like the official SDK's <c>IAmazonCognitoIdentityProvider</c> so that it could be swapped in.
/// </summary>
public interface ICognitoClient
{
    Task<CreateUserPoolResponse> CreateUserPoolAsync(CreateUserPoolRequest request, CancellationToken cancellationToken = default);
    Task<DescribeUserPoolResponse> DescribeUserPoolAsync(DescribeUserPoolRequest request, CancellationToken cancellationToken = default);
    Task<ListUserPoolsResponse> ListUserPoolsAsync(ListUserPoolsRequest request, CancellationToken cancellationToken = default);
    Task<DeleteUserPoolResponse> DeleteUserPoolAsync(DeleteUserPoolRequest request, CancellationToken cancellationToken = default);
    Task<CreateUserPoolClientResponse> CreateUserPoolClientAsync(CreateUserPoolClientRequest request, CancellationToken cancellationToken = default);
    Task<DescribeUserPoolClientResponse> DescribeUserPoolClientAsync(DescribeUserPoolClientRequest request, CancellationToken cancellationToken = default);
    Task<ListUserPoolClientsResponse> ListUserPoolClientsAsync(ListUserPoolClientsRequest request, CancellationToken cancellationToken = default);
    Task<DeleteUserPoolClientResponse> DeleteUserPoolClientAsync(DeleteUserPoolClientRequest request, CancellationToken cancellationToken = default);
    Task<AdminCreateUserResponse> AdminCreateUserAsync(AdminCreateUserRequest request, CancellationToken cancellationToken = default);
    Task<AdminSetUserPasswordResponse> AdminSetUserPasswordAsync(AdminSetUserPasswordRequest request, CancellationToken cancellationToken = default);
    Task<AdminDeleteUserResponse> AdminDeleteUserAsync(AdminDeleteUserRequest request, CancellationToken cancellationToken = default);
    Task<AdminInitiateAuthResponse> AdminInitiateAuthAsync(AdminInitiateAuthRequest request, CancellationToken cancellationToken = default);
    /// <summary>InitiateAuth is a noAuth operation: sent unsigned, as the SDKs do.</summary>
    Task<InitiateAuthResponse> InitiateAuthAsync(InitiateAuthRequest request, CancellationToken cancellationToken = default);
    Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default);
    Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default);
    Task<ListTagsForResourceResponse> ListTagsForResourceAsync(ListTagsForResourceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Follows <c>NextToken</c> to the end and returns every pool.</summary>
    IAsyncEnumerable<UserPoolDescriptionType> ListAllUserPoolsAsync(CancellationToken cancellationToken = default);

    /// <summary>Follows <c>NextToken</c> to the end and returns every app client of the pool.</summary>
    IAsyncEnumerable<UserPoolClientDescription> ListAllUserPoolClientsAsync(string userPoolId, CancellationToken cancellationToken = default);
}
