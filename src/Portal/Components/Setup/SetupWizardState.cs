using SecureApi.Portal.Components.Setup.Forms;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Portal.Components.Setup;

/// <summary>
/// Everything typed in the guided setup, held once per circuit (a scoped service), so Back and Next — and leaving
/// the page and coming back — keep it. Nothing here talks to AWS; Create turns it into a <see cref="SecureApiSpec"/>.
/// </summary>
public sealed class SetupWizardState
{
    public ApiForm Api { get; private set; } = new();
    public RoutesForm Routes { get; private set; } = new();
    public UserPoolForm UserPool { get; private set; }
    public AuthorizerForm Authorizer { get; private set; } = new();
    public IntegrationForm Integration { get; private set; } = new();
    public SetupStep Current { get; set; } = SetupStep.Api;
    public ServerFieldErrors ServerErrors { get; } = new();

    public SetupWizardState() => UserPool = new UserPoolForm(() => Api.Region);

    /// <summary>The step whose form owns a server error key; keys no step owns are shown on Review.</summary>
    public SetupStep StepFor(string specKey) => specKey switch
    {
        _ when Api.FieldFor(specKey) is not null => SetupStep.Api,
        _ when Routes.FieldFor(specKey) is not null => SetupStep.Routes,
        _ when UserPool.FieldFor(specKey) is not null => SetupStep.UserPool,
        _ when Authorizer.FieldFor(specKey) is not null => SetupStep.Authorizer,
        _ when Integration.FieldFor(specKey) is not null => SetupStep.Integration,
        _ => SetupStep.Review,
    };

    public SecureApiSpec ToSpec() => new()
    {
        Region = Api.Region?.Trim() ?? "",
        Api = new ApiSpec { Name = Api.Name?.Trim() ?? "" },
        Routes = [.. Routes.Routes.Select(r => r.Key)],
        UserPool = UserPool.Mode == PoolChoiceMode.New
            ? new UserPoolSpec { Name = UserPool.Name?.Trim(), SignInWith = UserPool.SignInWith }
            : new UserPoolSpec { ExistingPoolId = UserPool.ExistingPoolId },
        AppClient = string.IsNullOrWhiteSpace(UserPool.ClientName) ? null : new AppClientSpec { Name = UserPool.ClientName.Trim() },
        Authorizer = new AuthorizerSpec { Name = Authorizer.Name?.Trim(), IdentitySource = Authorizer.IdentitySource?.Trim() },
        Integration = new IntegrationSpec { Method = Integration.Method, Url = Integration.Url?.Trim() ?? "" },
    };

    /// <summary>After a successful Create the next setup starts from the defaults.</summary>
    public void Reset()
    {
        Api = new();
        Routes = new();
        UserPool = new UserPoolForm(() => Api.Region);
        Authorizer = new();
        Integration = new();
        Current = SetupStep.Api;
        ServerErrors.Clear();
    }
}
