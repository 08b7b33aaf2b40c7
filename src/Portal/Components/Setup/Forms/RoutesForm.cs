using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Forms;

namespace SecureApi.Portal.Components.Setup.Forms;

/// <summary>Step 2: the route keys to protect.</summary>
public sealed partial class RoutesForm : ISetupForm
{
    [MinLength(1, ErrorMessage = "Add at least one route.")]
    public List<RouteForm> Routes { get; } = [new RouteForm { Method = "GET", Path = "/users/{userId}" }];

    public FieldIdentifier? FieldFor(string specKey)
    {
        if (specKey.Equals("routes", StringComparison.OrdinalIgnoreCase))
        {
            return new FieldIdentifier(this, nameof(Routes));
        }

        var match = IndexedRoute().Match(specKey);
        if (match.Success && int.TryParse(match.Groups[1].Value, out var index) && index < Routes.Count)
        {
            return new FieldIdentifier(Routes[index], nameof(RouteForm.Path));
        }

        return null;
    }

    [GeneratedRegex(@"^routes\[(\d+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex IndexedRoute();
}
