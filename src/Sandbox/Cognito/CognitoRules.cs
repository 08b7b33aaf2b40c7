using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.Cognito;

/// <summary>Cognito's input constraints, with the messages AWS answers when they are broken.</summary>
internal static partial class CognitoRules
{
    public static readonly string[] ExplicitAuthFlows =
    [
        "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH",
    ];

    public static readonly string[] LegacyExplicitAuthFlows = ["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"];

    public static readonly string[] StandardScopes = ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"];

    public static readonly string[] StandardAttributes =
    [
        "address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name", "locale", "middle_name",
        "name", "nickname", "phone_number", "phone_number_verified", "picture", "preferred_username", "profile",
        "updated_at", "website", "zoneinfo",
    ];

    [GeneratedRegex(@"^[\w\s+=,.@-]+$")]
    public static partial Regex NamePattern();

    [GeneratedRegex(@"^[\w-]+_[0-9a-zA-Z]+$")]
    public static partial Regex PoolIdPattern();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$")]
    public static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[\x21\x23-\x5B\x5D-\x7E]+$")]
    public static partial Regex ResourceServerIdentifierPattern();

    [GeneratedRegex(@"^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$")]
    public static partial Regex ScopeNamePattern();

    [GeneratedRegex(@"^\+[0-9]{4,15}$")]
    public static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    public static partial Regex EmailPattern();

    public static void Name(RequestReader request, string member, string value)
    {
        if (value.Length is < 1 or > 128)
        {
            throw request.Invalid($"1 validation error detected: Value '{value}' at '{Camel(member)}' failed to satisfy constraint: Member must have length between 1 and 128");
        }

        if (!NamePattern().IsMatch(value))
        {
            throw request.Invalid($"1 validation error detected: Value '{value}' at '{Camel(member)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+");
        }
    }

    public static void OneOf(RequestReader request, string member, string? value, params string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw request.Invalid($"1 validation error detected: Value '{value}' at '{Camel(member)}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
    }

    public static void AllOf(RequestReader request, string member, IEnumerable<string>? values, params string[] allowed)
    {
        foreach (var value in values ?? [])
        {
            OneOf(request, member, value, allowed);
        }
    }

    /// <summary>Checks a password against the pool's policy; null when it conforms, else AWS's reason.</summary>
    public static string? PasswordProblem(PoolState pool, string password)
    {
        if (password.Length < pool.PasswordMinimumLength)
        {
            return "Password not long enough";
        }

        if (pool.RequireLowercase && !password.Any(char.IsLower))
        {
            return "Password must have lowercase characters";
        }

        if (pool.RequireUppercase && !password.Any(char.IsUpper))
        {
            return "Password must have uppercase characters";
        }

        if (pool.RequireNumbers && !password.Any(char.IsDigit))
        {
            return "Password must have numeric characters";
        }

        if (pool.RequireSymbols && password.All(char.IsLetterOrDigit))
        {
            return "Password must have symbol characters";
        }

        return null;
    }

    public static void EnsurePassword(PoolState pool, string password)
    {
        if (password.Length is 0 or > 256 || char.IsWhiteSpace(password[0]) || char.IsWhiteSpace(password[^1]))
        {
            throw new SandboxAwsError("InvalidParameterException", "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$");
        }

        if (PasswordProblem(pool, password) is { } problem)
        {
            throw new SandboxAwsError("InvalidPasswordException", "Password does not conform to policy: " + problem);
        }
    }

    /// <summary>A temporary password that satisfies any pool policy (upper, lower, digit, symbol, long enough).</summary>
    public static string GeneratePassword(PoolState pool)
    {
        var length = Math.Max(pool.PasswordMinimumLength, 12);
        return RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 2)
            + RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyz", 2)
            + RandomNumberGenerator.GetString("23456789", 2)
            + RandomNumberGenerator.GetString("!#$%^&*", 2)
            + RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", length - 8);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
