using System.Text;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.Cognito;

/// <summary>User pool operations and pool tagging. Runs under the state lock (the pipeline holds it).</summary>
internal sealed class CognitoPoolOperations(SandboxState state, SandboxOptions options, TimeProvider time)
{
    private const int MaxTags = 50;

    public AwsResponse CreateUserPool(AwsCall call, RequestReader request)
    {
        var name = request.RequiredString("PoolName");
        CognitoRules.Name(request, "PoolName", name);
        var deletionProtection = request.String("DeletionProtection");
        CognitoRules.OneOf(request, "DeletionProtection", deletionProtection, "ACTIVE", "INACTIVE");
        var mfa = request.String("MfaConfiguration");
        CognitoRules.OneOf(request, "MfaConfiguration", mfa, "OFF", "ON", "OPTIONAL");
        var usernameAttributes = request.Strings("UsernameAttributes") ?? [];
        CognitoRules.AllOf(request, "UsernameAttributes", usernameAttributes, "phone_number", "email");
        var aliasAttributes = request.Strings("AliasAttributes") ?? [];
        CognitoRules.AllOf(request, "AliasAttributes", aliasAttributes, "phone_number", "email", "preferred_username");
        var autoVerified = request.Strings("AutoVerifiedAttributes") ?? [];
        CognitoRules.AllOf(request, "AutoVerifiedAttributes", autoVerified, "phone_number", "email");
        if (usernameAttributes.Count > 0 && aliasAttributes.Count > 0)
        {
            throw request.Invalid("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.");
        }

        var tags = request.StringMap("UserPoolTags") ?? [];
        ValidateTags(request, tags);

        var id = AwsIds.Unique(() => AwsIds.UserPoolId(call.Region), state.Pools.ContainsKey);
        var now = time.GetUtcNow();
        var pool = new PoolState
        {
            Id = id,
            Name = name,
            Region = call.Region,
            Arn = PoolArn(call.Region, id),
            CreatedAt = now,
            LastModifiedAt = now,
            UsernameAttributes = usernameAttributes,
            AliasAttributes = aliasAttributes,
            AutoVerifiedAttributes = autoVerified,
            MfaConfiguration = mfa ?? "OFF",
            DeletionProtection = deletionProtection ?? "INACTIVE",
        };
        ApplyPasswordPolicy(request, pool);
        foreach (var (key, value) in tags)
        {
            pool.Tags[key] = value;
        }

        state.Pools[id] = pool;
        return AwsResponse.Ok(new JsonObject { ["UserPool"] = CognitoJson.Pool(pool) });
    }

    public AwsResponse DescribeUserPool(AwsCall call, RequestReader request) =>
        AwsResponse.Ok(new JsonObject { ["UserPool"] = CognitoJson.Pool(FindPool(call, request)) });

    public AwsResponse ListUserPools(AwsCall call, RequestReader request)
    {
        var maxResults = request.Int("MaxResults")
            ?? throw request.Invalid("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null");
        if (maxResults is < 1 or > 60)
        {
            throw request.Invalid($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60");
        }

        var after = DecodeToken(request, request.String("NextToken"));
        var pools = state.Pools.Values
            .Where(p => p.Region == call.Region && (after is null || string.CompareOrdinal(p.Id, after) > 0))
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .Take(maxResults + 1)
            .ToList();
        var page = pools.Take(maxResults).ToList();
        var response = new JsonObject
        {
            ["UserPools"] = new JsonArray(page.Select(p => (JsonNode?)CognitoJson.PoolDescription(p)).ToArray()),
        };
        if (pools.Count > maxResults)
        {
            response["NextToken"] = EncodeToken(page[^1].Id);
        }

        return AwsResponse.Ok(response);
    }

    public AwsResponse DeleteUserPool(AwsCall call, RequestReader request)
    {
        var pool = FindPool(call, request);
        if (pool.DeletionProtection == "ACTIVE")
        {
            throw request.Invalid("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.");
        }

        // Clients, users and resource servers live inside the pool: removing it removes them.
        state.Pools.Remove(pool.Id);
        return AwsResponse.Ok(new JsonObject());
    }

    public AwsResponse TagResource(AwsCall call, RequestReader request)
    {
        var pool = FindPoolByArn(call, request);
        var tags = request.StringMap("Tags")
            ?? throw request.Invalid("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        ValidateTags(request, tags);
        if (pool.Tags.Keys.Union(tags.Keys).Count() > MaxTags)
        {
            throw request.Invalid($"A user pool can have at most {MaxTags} tags.");
        }

        foreach (var (key, value) in tags)
        {
            pool.Tags[key] = value;
        }

        pool.LastModifiedAt = time.GetUtcNow();
        return AwsResponse.Ok(new JsonObject());
    }

    public AwsResponse UntagResource(AwsCall call, RequestReader request)
    {
        var pool = FindPoolByArn(call, request);
        foreach (var key in request.Strings("TagKeys") ?? [])
        {
            pool.Tags.Remove(key);
        }

        return AwsResponse.Ok(new JsonObject());
    }

    public AwsResponse ListTagsForResource(AwsCall call, RequestReader request) =>
        AwsResponse.Ok(new JsonObject { ["Tags"] = CognitoJson.Map(FindPoolByArn(call, request).Tags) });

    /// <summary>The pool named by the request's <c>UserPoolId</c>, in the caller's region.</summary>
    public PoolState FindPool(AwsCall call, RequestReader request)
    {
        var id = request.RequiredString("UserPoolId");
        if (id.Length is < 1 or > 55 || !CognitoRules.PoolIdPattern().IsMatch(id))
        {
            throw request.Invalid($"1 validation error detected: Value '{id}' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+");
        }

        return state.Pools.TryGetValue(id, out var pool) && pool.Region == call.Region
            ? pool
            : throw SandboxAwsError.ResourceNotFound($"User pool {id} does not exist.");
    }

    private PoolState FindPoolByArn(AwsCall call, RequestReader request)
    {
        var arn = request.RequiredString("ResourceArn");
        if (arn.Length is < 20 or > 2048)
        {
            throw request.Invalid($"1 validation error detected: Value '{arn}' at 'resourceArn' failed to satisfy constraint: Member must have length between 20 and 2048");
        }

        var pool = state.Pools.Values.FirstOrDefault(p => p.Arn == arn && p.Region == call.Region);
        return pool ?? throw SandboxAwsError.ResourceNotFound($"Resource {arn} does not exist.");
    }

    private string PoolArn(string region, string id) => $"arn:aws:cognito-idp:{region}:{options.AccountId}:userpool/{id}";

    private static void ApplyPasswordPolicy(RequestReader request, PoolState pool)
    {
        if (request.Object("Policies")?.Object("PasswordPolicy") is not { } policy)
        {
            return;
        }

        var minimum = policy.Int("MinimumLength") ?? 8;
        if (minimum is < 6 or > 99)
        {
            throw request.Invalid($"1 validation error detected: Value '{minimum}' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value between 6 and 99");
        }

        pool.PasswordMinimumLength = minimum;
        pool.RequireUppercase = policy.Bool("RequireUppercase") ?? false;
        pool.RequireLowercase = policy.Bool("RequireLowercase") ?? false;
        pool.RequireNumbers = policy.Bool("RequireNumbers") ?? false;
        pool.RequireSymbols = policy.Bool("RequireSymbols") ?? false;
    }

    private static void ValidateTags(RequestReader request, Dictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw request.Invalid($"A user pool can have at most {MaxTags} tags.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128 || value.Length > 256 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw request.Invalid($"Invalid tag '{key}': keys are 1-128 characters and may not start with 'aws:', values at most 256 characters.");
            }
        }
    }

    /// <summary>A page token: the last id of the page, base64 so that callers treat it as opaque.</summary>
    internal static string EncodeToken(string lastId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastId));

    internal static string? DecodeToken(RequestReader request, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw request.Invalid("The pagination token is invalid.");
        }
    }
}
