using SecureApi.Provisioning.Aws.Cognito;

namespace SecureApi.Provisioning.Tests.Engine.Fakes;

internal sealed class FakeCognito(FakeAws aws, string region) : ICognitoClient
{
    private const string Service = "cognito-idp";

    private FakePool Pool(string operation, string id) =>
        aws.Pools.GetValueOrDefault(id) ?? throw FakeAws.NotFound(Service, operation, $"User pool {id}");

    public Task<CreateUserPoolResponse> CreateUserPoolAsync(CreateUserPoolRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "CreateUserPool", request, () =>
        {
            var id = $"{region}_{FakeAws.NewId(9, lower: false)}";
            var pool = new UserPoolType
            {
                Id = id, Name = request.PoolName, Arn = $"arn:aws:cognito-idp:{region}:000000000000:userpool/{id}",
                UsernameAttributes = request.UsernameAttributes, AliasAttributes = request.AliasAttributes,
                UserPoolTags = request.UserPoolTags is null ? null : new(request.UserPoolTags),
            };
            aws.Pools[id] = new FakePool { Pool = pool };
            return new CreateUserPoolResponse { UserPool = pool };
        }, cancellationToken);

    public Task<DescribeUserPoolResponse> DescribeUserPoolAsync(DescribeUserPoolRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DescribeUserPool", request, () => new DescribeUserPoolResponse { UserPool = Pool("DescribeUserPool", request.UserPoolId).Pool }, cancellationToken);

    public Task<ListUserPoolsResponse> ListUserPoolsAsync(ListUserPoolsRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "ListUserPools", request, () => new ListUserPoolsResponse
        {
            UserPools = [.. aws.Pools.Values.Where(p => p.Pool.Id!.StartsWith(region + "_", StringComparison.Ordinal))
                .Select(p => new UserPoolDescriptionType { Id = p.Pool.Id, Name = p.Pool.Name })],
        }, cancellationToken);

    public Task<DeleteUserPoolResponse> DeleteUserPoolAsync(DeleteUserPoolRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DeleteUserPool", request, () =>
        {
            Pool("DeleteUserPool", request.UserPoolId);
            aws.Pools.Remove(request.UserPoolId);
            return new DeleteUserPoolResponse();
        }, cancellationToken);

    public Task<CreateUserPoolClientResponse> CreateUserPoolClientAsync(CreateUserPoolClientRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "CreateUserPoolClient", request, () =>
        {
            var pool = Pool("CreateUserPoolClient", request.UserPoolId);
            var client = new UserPoolClientType
            {
                UserPoolId = request.UserPoolId, ClientName = request.ClientName, ClientId = FakeAws.NewId(26), CreationDate = DateTimeOffset.UtcNow,
                ExplicitAuthFlows = request.ExplicitAuthFlows, ClientSecret = request.GenerateSecret == true ? FakeAws.NewId(50) : null,
            };
            pool.Clients[client.ClientId!] = client;
            return new CreateUserPoolClientResponse { UserPoolClient = client };
        }, cancellationToken);

    public Task<DescribeUserPoolClientResponse> DescribeUserPoolClientAsync(DescribeUserPoolClientRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DescribeUserPoolClient", request, () => new DescribeUserPoolClientResponse
        {
            UserPoolClient = Pool("DescribeUserPoolClient", request.UserPoolId).Clients.GetValueOrDefault(request.ClientId)
                ?? throw FakeAws.NotFound(Service, "DescribeUserPoolClient", $"Client {request.ClientId}"),
        }, cancellationToken);

    public Task<ListUserPoolClientsResponse> ListUserPoolClientsAsync(ListUserPoolClientsRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "ListUserPoolClients", request, () => new ListUserPoolClientsResponse
        {
            UserPoolClients = [.. Pool("ListUserPoolClients", request.UserPoolId).Clients.Values
                .Select(c => new UserPoolClientDescription { ClientId = c.ClientId, UserPoolId = c.UserPoolId, ClientName = c.ClientName })],
        }, cancellationToken);

    public async IAsyncEnumerable<UserPoolClientDescription> ListAllUserPoolClientsAsync(
        string userPoolId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = await ListUserPoolClientsAsync(new ListUserPoolClientsRequest { UserPoolId = userPoolId }, cancellationToken);
        foreach (var client in page.UserPoolClients ?? [])
        {
            yield return client;
        }
    }

    public Task<DeleteUserPoolClientResponse> DeleteUserPoolClientAsync(DeleteUserPoolClientRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DeleteUserPoolClient", request, () =>
        {
            if (!Pool("DeleteUserPoolClient", request.UserPoolId).Clients.Remove(request.ClientId))
            {
                throw FakeAws.NotFound(Service, "DeleteUserPoolClient", $"Client {request.ClientId}");
            }

            return new DeleteUserPoolClientResponse();
        }, cancellationToken);

    public async IAsyncEnumerable<UserPoolDescriptionType> ListAllUserPoolsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = await ListUserPoolsAsync(new ListUserPoolsRequest(), cancellationToken);
        foreach (var pool in page.UserPools ?? [])
        {
            yield return pool;
        }
    }

    public Task<AdminDeleteUserResponse> AdminDeleteUserAsync(AdminDeleteUserRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "AdminDeleteUser", request, () =>
        {
            Pool("AdminDeleteUser", request.UserPoolId);
            return new AdminDeleteUserResponse();
        }, cancellationToken);

    // Operations the engine never sends: a call is a bug the test must see.
    public Task<AdminCreateUserResponse> AdminCreateUserAsync(AdminCreateUserRequest request, CancellationToken cancellationToken = default) => Unused<AdminCreateUserResponse>();
    public Task<AdminSetUserPasswordResponse> AdminSetUserPasswordAsync(AdminSetUserPasswordRequest request, CancellationToken cancellationToken = default) => Unused<AdminSetUserPasswordResponse>();
    public Task<AdminInitiateAuthResponse> AdminInitiateAuthAsync(AdminInitiateAuthRequest request, CancellationToken cancellationToken = default) => Unused<AdminInitiateAuthResponse>();
    public Task<InitiateAuthResponse> InitiateAuthAsync(InitiateAuthRequest request, CancellationToken cancellationToken = default) => Unused<InitiateAuthResponse>();
    public Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default) => Unused<CreateResourceServerResponse>();
    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) => Unused<TagResourceResponse>();
    public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(ListTagsForResourceRequest request, CancellationToken cancellationToken = default) => Unused<ListTagsForResourceResponse>();

    private static Task<T> Unused<T>([System.Runtime.CompilerServices.CallerMemberName] string operation = "") =>
        Task.FromException<T>(new InvalidOperationException($"The provisioning engine is not expected to call {operation}."));
}
