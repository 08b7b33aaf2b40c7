using System.Text.Json;
using System.Text.Json.Serialization;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Api;

/// <summary>What every <c>/api</c> endpoint shares: the JSON shape, the caller, and how expected failures are answered.</summary>
internal static class ApiResults
{
    /// <summary>camelCase, enums as strings.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static Caller CallerOf(HttpContext context) =>
        (context.RequestServices.GetService<ICallerAccessor>() ?? ClaimsCallerAccessor.Instance).GetCaller(context);

    public static IResult DeploymentNotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no deployment {id}.");

    /// <summary>
    /// Expected failures become problem details a person can act on (400 field errors, 403, 409 with
    /// <paramref name="conflictTitle"/>); anything else stays a 500 for the error handler.
    /// </summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> action, string conflictTitle = "Not possible now")
    {
        try
        {
            return await action();
        }
        catch (SpecValidationException ex)
        {
            return Results.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => e.Value), title: "The deployment spec is not valid.");
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: ex.Message);
        }
        catch (ProvisioningException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: conflictTitle, detail: ex.Message);
        }
    }
}
