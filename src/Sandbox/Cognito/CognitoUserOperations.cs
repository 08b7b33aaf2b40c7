using System.Text.Json.Nodes;
using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.Cognito;

/// <summary>Admin user operations. Runs under the state lock. Passwords never leave this class in messages.</summary>
internal sealed class CognitoUserOperations(CognitoPoolOperations pools, TimeProvider time)
{
    public AwsResponse AdminCreateUser(AwsCall call, RequestReader request)
    {
        var pool = pools.FindPool(call, request);
        var username = ReadUsername(request);
        var action = request.String("MessageAction");
        CognitoRules.OneOf(request, "MessageAction", action, "RESEND", "SUPPRESS");
        CognitoRules.AllOf(request, "DesiredDeliveryMediums", request.Strings("DesiredDeliveryMediums"), "SMS", "EMAIL");
        if (action == "RESEND")
        {
            // RESEND re-sends the invitation of an existing user; the Sandbox sends no messages, so it only checks.
            var existing = FindUser(pool, username);
            return AwsResponse.Ok(new JsonObject { ["User"] = CognitoJson.User(existing) });
        }

        var attributes = ReadAttributes(request);
        if (pool.UsernameAttributes.Contains("email") && username.Contains('@') && !attributes.ContainsKey("email"))
        {
            // In an email-as-username pool the username given is the user's email address.
            attributes["email"] = username;
        }

        if (TryFindUser(pool, username) is not null)
        {
            throw new SandboxAwsError("UsernameExistsException", "User account already exists");
        }

        foreach (var alias in pool.UsernameAttributes.Concat(pool.AliasAttributes))
        {
            if (attributes.TryGetValue(alias, out var value)
                && pool.Users.Values.Any(u => u.Attributes.TryGetValue(alias, out var other) && string.Equals(other, value, StringComparison.OrdinalIgnoreCase)))
            {
                throw new SandboxAwsError("UsernameExistsException", $"An account with the given {alias} already exists.");
            }
        }

        var password = request.String("TemporaryPassword");
        if (password is not null)
        {
            CognitoRules.EnsurePassword(pool, password);
        }

        var now = time.GetUtcNow();
        var user = new UserState
        {
            Username = username,
            Sub = Guid.NewGuid().ToString(),
            Password = password ?? CognitoRules.GeneratePassword(pool),
            Status = "FORCE_CHANGE_PASSWORD",
            CreatedAt = now,
            LastModifiedAt = now,
        };
        foreach (var (name, value) in attributes)
        {
            user.Attributes[name] = value;
        }

        pool.Users[username] = user;
        pool.LastModifiedAt = now;
        return AwsResponse.Ok(new JsonObject { ["User"] = CognitoJson.User(user) });
    }

    public AwsResponse AdminSetUserPassword(AwsCall call, RequestReader request)
    {
        var pool = pools.FindPool(call, request);
        var user = FindUser(pool, ReadUsername(request));
        var password = request.RequiredString("Password");
        CognitoRules.EnsurePassword(pool, password);
        user.Password = password;
        user.Status = request.Bool("Permanent") == true ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD";
        user.LastModifiedAt = time.GetUtcNow();
        return AwsResponse.Ok(new JsonObject());
    }

    public AwsResponse AdminDeleteUser(AwsCall call, RequestReader request)
    {
        var pool = pools.FindPool(call, request);
        var user = FindUser(pool, ReadUsername(request));
        pool.Users.Remove(user.Username);
        pool.LastModifiedAt = time.GetUtcNow();
        return AwsResponse.Ok(new JsonObject());
    }

    /// <summary>
    /// Finds a user the way Cognito resolves a sign-in name: the username itself, else (in pools that sign in with
    /// email or phone, or use them as aliases) a user whose email/phone_number attribute matches.
    /// </summary>
    public static UserState? TryFindUser(PoolState pool, string username)
    {
        if (pool.Users.TryGetValue(username, out var user))
        {
            return user;
        }

        var signInAttributes = pool.UsernameAttributes.Concat(pool.AliasAttributes).ToList();
        return pool.Users.Values.FirstOrDefault(u =>
            string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase)
            || signInAttributes.Any(a => u.Attributes.TryGetValue(a, out var value) && string.Equals(value, username, StringComparison.OrdinalIgnoreCase)));
    }

    private static UserState FindUser(PoolState pool, string username) =>
        TryFindUser(pool, username) ?? throw new SandboxAwsError("UserNotFoundException", "User does not exist.");

    private static string ReadUsername(RequestReader request)
    {
        var username = request.RequiredString("Username");
        if (username.Length is < 1 or > 128 || !CognitoRules.UsernamePattern().IsMatch(username))
        {
            throw request.Invalid("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
        }

        return username;
    }

    private static Dictionary<string, string> ReadAttributes(RequestReader request)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in request.Objects("UserAttributes"))
        {
            var name = attribute.RequiredString("Name");
            var value = attribute.String("Value") ?? "";
            if (name == "sub")
            {
                throw request.Invalid("Cannot modify the non-mutable attribute sub");
            }

            if (!name.StartsWith("custom:", StringComparison.Ordinal) && !CognitoRules.StandardAttributes.Contains(name))
            {
                throw request.Invalid($"Attributes did not conform to the schema: {name}: Attribute does not exist in the schema.");
            }

            if (name == "email" && !CognitoRules.EmailPattern().IsMatch(value))
            {
                throw request.Invalid("Invalid email address format.");
            }

            if (name == "phone_number" && !CognitoRules.PhonePattern().IsMatch(value))
            {
                throw request.Invalid("Invalid phone number format.");
            }

            if (name is "email_verified" or "phone_number_verified" && value is not ("true" or "false"))
            {
                throw request.Invalid($"Invalid value for {name}: must be true or false.");
            }

            attributes[name] = value;
        }

        return attributes;
    }
}
