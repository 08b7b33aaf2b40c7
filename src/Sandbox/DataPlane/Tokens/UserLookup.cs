using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane.Tokens;

/// <summary>Finds the user a sign-in names: by username, then (as Cognito does) by email or phone when the pool allows them.</summary>
public static class UserLookup
{
    public static UserState? Find(PoolState pool, string name)
    {
        if (pool.Users.TryGetValue(name, out var user))
        {
            return user;
        }

        // Cognito user names are case-insensitive unless the pool opted out; the state does not say, so accept both.
        user = pool.Users.Values.FirstOrDefault(u => string.Equals(u.Username, name, StringComparison.OrdinalIgnoreCase));
        if (user is not null)
        {
            return user;
        }

        var signInAttributes = pool.UsernameAttributes.Concat(pool.AliasAttributes).Distinct().ToList();
        return pool.Users.Values.FirstOrDefault(u => signInAttributes.Any(attribute =>
            u.Attributes.TryGetValue(attribute, out var value) && string.Equals(value, name, StringComparison.OrdinalIgnoreCase)));
    }
}
