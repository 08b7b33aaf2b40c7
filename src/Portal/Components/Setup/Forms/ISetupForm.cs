using Microsoft.AspNetCore.Components.Forms;

namespace SecureApi.Portal.Components.Setup.Forms;

/// <summary>A step's input model; maps the service's field keys (<c>api.name</c>, <c>routes[0]</c>) to its fields.</summary>
public interface ISetupForm
{
    /// <summary>The field a server-side error with this camelCase spec key belongs to, or null when not this step's.</summary>
    FieldIdentifier? FieldFor(string specKey);
}
