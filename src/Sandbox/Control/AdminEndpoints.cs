using System.Net;

namespace SecureApi.Sandbox.Control;

/// <summary>
/// <c>/_sandbox/control</c>: read and change fault injection at run time. Unsigned, so that curl and tests can use
/// it, and therefore answered only to loopback callers (403 otherwise), whatever address the Sandbox listens on.
/// </summary>
internal static class AdminEndpoints
{
    public sealed record LatencyRequest(int LatencyMs);

    public static IEndpointRouteBuilder MapSandboxAdmin(this IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/_sandbox/control").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(context)
                : Results.Problem("The Sandbox admin endpoints answer loopback callers only.", statusCode: StatusCodes.Status403Forbidden));

        control.MapGet("", (SandboxControl c) => Results.Ok(Snapshot(c)));
        control.MapDelete("", (SandboxControl c) =>
        {
            c.Reset();
            return Results.Ok(Snapshot(c));
        });
        control.MapPut("/latency", (SandboxControl c, LatencyRequest request) =>
        {
            if (request.LatencyMs < 0)
            {
                return Results.BadRequest(new { message = "latencyMs must not be negative." });
            }

            c.LatencyMs = request.LatencyMs;
            return Results.Ok(Snapshot(c));
        });
        control.MapPut("/throttle", (SandboxControl c, ThrottleOptions request) => Apply(c, () => c.SetThrottle(request)));
        control.MapDelete("/throttle", (SandboxControl c) => Apply(c, () => c.SetThrottle(null)));
        control.MapPost("/faults", (SandboxControl c, FaultOptions request) => Apply(c, () => c.AddFault(request)));
        control.MapDelete("/faults", (SandboxControl c) => Apply(c, c.ClearFaults));
        control.MapDelete("/calls", (SandboxControl c) => Apply(c, c.ResetCounters));
        return endpoints;
    }

    private static IResult Apply(SandboxControl control, Action change)
    {
        try
        {
            change();
            return Results.Ok(Snapshot(control));
        }
        catch (ArgumentException error)
        {
            return Results.BadRequest(new { message = error.Message.Split(" (Parameter")[0] });
        }
    }

    private static object Snapshot(SandboxControl control) => new
    {
        latencyMs = control.LatencyMs,
        throttle = control.Throttle,
        faults = control.Faults,
        calls = control.CallCounts(),
        totalCalls = control.TotalCalls,
    };
}
