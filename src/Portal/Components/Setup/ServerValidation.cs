using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using SecureApi.Portal.Components.Setup.Forms;

namespace SecureApi.Portal.Components.Setup;

/// <summary>
/// Shows the service's field errors (from <c>SpecValidationException</c>) at the fields of the step's form, and
/// keeps them — blocking Next — until the person edits that field.
/// </summary>
public sealed class ServerValidation : ComponentBase, IDisposable
{
    private ValidationMessageStore? _store;
    private EditContext? _subscribed;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    [Parameter, EditorRequired]
    public ServerFieldErrors Errors { get; set; } = default!;

    [Parameter, EditorRequired]
    public ISetupForm Form { get; set; } = default!;

    protected override void OnParametersSet()
    {
        var editContext = CurrentEditContext
            ?? throw new InvalidOperationException($"{nameof(ServerValidation)} must be placed inside an EditForm.");
        if (!ReferenceEquals(editContext, _subscribed))
        {
            Unsubscribe();
            _store = new ValidationMessageStore(editContext);
            editContext.OnFieldChanged += OnFieldChanged;
            _subscribed = editContext;
        }

        _store!.Clear();
        foreach (var (key, messages) in Errors.All)
        {
            if (Form.FieldFor(key) is { } field)
            {
                _store.Add(field, messages);
            }
        }

        editContext.NotifyValidationStateChanged();
    }

    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        foreach (var key in Errors.All.Keys.Where(k => Form.FieldFor(k) is { } f && f.Equals(e.FieldIdentifier)).ToList())
        {
            Errors.Remove(key);
        }

        _store?.Clear(e.FieldIdentifier);
    }

    private void Unsubscribe()
    {
        if (_subscribed is not null)
        {
            _subscribed.OnFieldChanged -= OnFieldChanged;
        }
    }

    public void Dispose() => Unsubscribe();
}
