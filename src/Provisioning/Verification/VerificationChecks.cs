using SecureApi.Provisioning.Records;
using static SecureApi.Provisioning.Verification.VerificationCheckNames;

namespace SecureApi.Provisioning.Verification;

/// <summary>The tokens a run sends; null where a kind of token is not available (with the reason).</summary>
internal sealed record RunTokens(
    string? AccessToken,
    string? IdToken,
    string? OtherAudienceToken,
    string? MissingTokenReason,
    string? IdTokenMissingReason,
    string? OtherAudienceMissingReason)
{
    public override string ToString() => "RunTokens { *** }";
}

/// <summary>
/// Turns what came back into a check: the expectation, whether it held, and a detail in plain words. What is verified
/// is the authorizer's behaviour; where the authorizer let a token through, the integration's own answer is reported
/// beside it ("authorizer passed; integration answered 502") and does not fail the check.
/// </summary>
internal static class VerificationChecks
{
    public const string ExpectUnauthorized = "401";
    public const string ExpectThrough = "not 401/403";

    /// <summary>The checks of one route in order: what to send and what to expect.</summary>
    public static IReadOnlyList<(string Check, string Expected, string? Token, string? NotApplicable, string? NotRun)> Plan(RunTokens tokens)
    {
        var tampered = tokens.AccessToken is null ? null : TokenTampering.From(tokens.AccessToken);
        return
        [
            (AccessToken, ExpectThrough, tokens.AccessToken, null, tokens.AccessToken is null ? tokens.MissingTokenReason : null),
            (IdToken, ExpectThrough, tokens.IdToken, tokens.IdToken is null ? tokens.IdTokenMissingReason : null, null),
            (TamperedToken, ExpectUnauthorized, tampered, null, tampered is null ? tokens.MissingTokenReason ?? "The access token is not a JWT; it cannot be tampered with." : null),
            (OtherAudience, ExpectUnauthorized, tokens.OtherAudienceToken, tokens.OtherAudienceToken is null ? tokens.OtherAudienceMissingReason : null, null),
        ];
    }

    public static VerificationCheck Judge(string route, string check, string expected, ProbeResult result)
    {
        var (passed, detail) = expected == ExpectUnauthorized ? ExpectRefused(check, result) : ExpectLetThrough(result);
        return new VerificationCheck
        {
            Route = route,
            Check = check,
            Expected = expected,
            Status = result.Status,
            Passed = passed,
            LatencyMs = result.LatencyMs,
            At = result.At,
            Detail = detail,
        };
    }

    public static VerificationCheck NotApplicable(string route, string check, string expected, string reason, DateTimeOffset at) => new()
    {
        Route = route,
        Check = check,
        Expected = expected,
        Passed = false,
        Applicable = false,
        At = at,
        Detail = $"Not applicable: {reason}",
    };

    public static VerificationCheck NotRun(string route, string check, string expected, string reason, DateTimeOffset at) => new()
    {
        Route = route,
        Check = check,
        Expected = expected,
        Passed = false,
        At = at,
        Detail = $"Not run: {reason}",
    };

    private static (bool, string) ExpectRefused(string check, ProbeResult result) => result.Status switch
    {
        null => (false, result.Failure ?? "No answer."),
        401 => (true, check == NoToken ? "Refused without a token, as it must be." : "Refused, as it must be."),
        403 => (false, "Answered 403 Forbidden instead of 401: the route is refused for another reason (e.g. IAM or a disabled endpoint)."),
        404 when result.IsGatewayNotFound => (false, "API Gateway found no route for this request (404 Not Found)."),
        var status when check == NoToken => (false, $"The route answered {status} WITHOUT a token: it is not protected by the authorizer."),
        var status => (false, $"The authorizer let this token through (answered {status}); it must refuse it."),
    };

    private static (bool, string) ExpectLetThrough(ProbeResult result) => result.Status switch
    {
        null => (false, result.Failure ?? "No answer."),
        401 => (false, "The authorizer refused a valid token (401 Unauthorized)."),
        403 => (false, "Refused with 403 Forbidden: the token lacks a scope the route requires, or the route is not JWT-protected."),
        404 when result.IsGatewayNotFound => (false, "API Gateway found no route for this request (404 Not Found)."),
        var status and >= 200 and < 400 => (true, $"authorizer passed; integration answered {status}"),
        var status => (true, $"authorizer passed; integration answered {status} (the integration failed, not the authorizer)"),
    };
}
