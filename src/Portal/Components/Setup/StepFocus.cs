namespace SecureApi.Portal.Components.Setup;

/// <summary>
/// After Next or Back the old step's buttons are gone, and with them the keyboard focus: it would fall back to the
/// page top. The setup page cascades this flag so the new step moves focus to its own heading instead; the next Tab
/// then goes into its fields, and a screen reader reads which step this is.
/// </summary>
public static class StepFocus
{
    /// <summary>The name of the cascading value (a bool: true once the person moved between steps).</summary>
    public const string Name = "FocusStepHeading";
}
