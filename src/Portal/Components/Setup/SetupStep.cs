namespace SecureApi.Portal.Components.Setup;

/// <summary>The steps of the guided setup, in the order of the AWS console walkthrough.</summary>
public enum SetupStep
{
    Api,
    Routes,
    UserPool,
    Authorizer,
    Integration,
    Review,
}
