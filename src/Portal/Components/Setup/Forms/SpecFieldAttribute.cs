using System.ComponentModel.DataAnnotations;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Portal.Components.Setup.Forms;

/// <summary>Which of the service's own field rules (<see cref="SpecValidator"/>) a form property is checked with.</summary>
public enum SpecField
{
    Region,
    ApiName,
    RouteKey,
    PoolName,
    SignInWith,
    ExistingPoolId,
    ClientName,
    AuthorizerName,
    IdentitySource,
    IntegrationUrl,
    IntegrationMethod,
}

/// <summary>
/// Runs the same rule the service runs on Create, as the person types, so the message at the field is the one
/// Create would give. The rules live in <see cref="SpecValidator"/> only; this attribute just picks one.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SpecFieldAttribute(SpecField field) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var text = value as string;
        var message = (field, validationContext.ObjectInstance) switch
        {
            (SpecField.Region, _) => SpecValidator.ValidateRegion(text),
            (SpecField.ApiName, _) => SpecValidator.ValidateApiName(text),
            (SpecField.RouteKey, RouteForm route) => SpecValidator.ValidateRouteKey(route.Key),
            (SpecField.PoolName, UserPoolForm { Mode: PoolChoiceMode.New }) => SpecValidator.ValidatePoolName(text),
            (SpecField.SignInWith, UserPoolForm { Mode: PoolChoiceMode.New } pool) => SpecValidator.ValidateSignInWith(pool.SignInWith),
            (SpecField.ExistingPoolId, UserPoolForm { Mode: PoolChoiceMode.Existing } pool) =>
                SpecValidator.ValidateExistingPoolId(text, pool.Region),
            // Optional: left empty, the service names the client after the API.
            (SpecField.ClientName, _) => string.IsNullOrWhiteSpace(text) ? null : SpecValidator.ValidateClientName(text),
            (SpecField.AuthorizerName, _) => SpecValidator.ValidateAuthorizerName(text),
            (SpecField.IdentitySource, _) => SpecValidator.ValidateIdentitySource(text),
            (SpecField.IntegrationUrl, _) => SpecValidator.ValidateIntegrationUrl(text),
            (SpecField.IntegrationMethod, _) => SpecValidator.ValidateIntegrationMethod(text),
            _ => null,
        };
        return message is null ? ValidationResult.Success : new ValidationResult(message, [validationContext.MemberName!]);
    }
}
