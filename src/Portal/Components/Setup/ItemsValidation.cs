using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace SecureApi.Portal.Components.Setup;

/// <summary>
/// DataAnnotationsValidator checks a list item's field as it is typed, but on submit only the form's own model:
/// this validates every item of a list (the routes) on submit too, so an invalid row blocks Next.
/// </summary>
public sealed class ItemsValidation : ComponentBase, IDisposable
{
    private ValidationMessageStore? _store;
    private EditContext? _subscribed;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    [Parameter, EditorRequired]
    public IEnumerable<object> Items { get; set; } = [];

    protected override void OnParametersSet()
    {
        var editContext = CurrentEditContext
            ?? throw new InvalidOperationException($"{nameof(ItemsValidation)} must be placed inside an EditForm.");
        if (ReferenceEquals(editContext, _subscribed))
        {
            return;
        }

        Unsubscribe();
        _store = new ValidationMessageStore(editContext);
        editContext.OnValidationRequested += OnValidationRequested;
        editContext.OnFieldChanged += OnFieldChanged;
        _subscribed = editContext;
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        _store!.Clear();
        foreach (var item in Items)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(item, new ValidationContext(item), results, validateAllProperties: true);
            foreach (var result in results)
            {
                foreach (var member in result.MemberNames)
                {
                    _store.Add(new FieldIdentifier(item, member), result.ErrorMessage ?? "Not valid.");
                }
            }
        }
    }

    // The live per-field check takes over once the person types again.
    private void OnFieldChanged(object? sender, FieldChangedEventArgs e) => _store?.Clear(e.FieldIdentifier);

    private void Unsubscribe()
    {
        if (_subscribed is not null)
        {
            _subscribed.OnValidationRequested -= OnValidationRequested;
            _subscribed.OnFieldChanged -= OnFieldChanged;
        }
    }

    public void Dispose() => Unsubscribe();
}
