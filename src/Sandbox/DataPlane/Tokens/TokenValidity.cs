namespace SecureApi.Sandbox.DataPlane.Tokens;

/// <summary>Turns an app client's token validity (a number and its unit, as CreateUserPoolClient takes them) into a span.</summary>
public static class TokenValidity
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public static TimeSpan ToTimeSpan(int value, string? unit)
    {
        if (value <= 0)
        {
            return DefaultLifetime;
        }

        return (unit ?? "hours").ToLowerInvariant() switch
        {
            "seconds" => TimeSpan.FromSeconds(value),
            "minutes" => TimeSpan.FromMinutes(value),
            "hours" => TimeSpan.FromHours(value),
            "days" => TimeSpan.FromDays(value),
            _ => DefaultLifetime,
        };
    }
}
