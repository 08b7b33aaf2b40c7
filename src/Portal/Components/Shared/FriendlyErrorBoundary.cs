using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace SecureApi.Portal.Components.Shared;

/// <summary>
/// Anything a page did not expect is a bug: the person sees "something went wrong" and a trace id to quote; the
/// details go only to the log under that id.
/// </summary>
public sealed class FriendlyErrorBoundary : ErrorBoundaryBase
{
    private string? _traceId;
    private bool _live;

    [Inject]
    private ILogger<FriendlyErrorBoundary> Logger { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        _traceId = Activity.Current is { } activity && activity.TraceId != default
            ? activity.TraceId.ToString()
            : Guid.NewGuid().ToString("N");
        Logger.LogError(exception, "Unexpected error on a portal page (trace id {TraceId})", _traceId);
        return Task.CompletedTask;
    }

    // After-render runs only where the page is live (never while prerendering), so it is the signal for the marker.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _live = true;
            StateHasChanged();
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            // Until the circuit is up, a prerendered page shows but ignores clicks and typing; browser tests (and
            // anything else that drives the page) wait for this marker before acting.
            if (_live)
            {
                builder.OpenElement(14, "span");
                builder.AddAttribute(15, "hidden", true);
                builder.AddAttribute(16, "data-interactive", "true");
                builder.CloseElement();
            }

            return;
        }

        builder.OpenElement(1, "div");
        builder.AddAttribute(2, "class", "something-went-wrong");
        builder.AddAttribute(3, "role", "alert");
        builder.OpenElement(4, "h2");
        builder.AddContent(5, "Something went wrong");
        builder.CloseElement();
        builder.OpenElement(6, "p");
        builder.AddContent(7, "This is not something you did. If it keeps happening, quote this trace id to whoever runs the portal: ");
        builder.OpenElement(8, "code");
        builder.AddContent(9, _traceId);
        builder.CloseElement();
        builder.CloseElement();
        builder.OpenElement(10, "button");
        builder.AddAttribute(11, "type", "button");
        builder.AddAttribute(12, "onclick", EventCallback.Factory.Create(this, Recover));
        builder.AddContent(13, "Try again");
        builder.CloseElement();
        builder.CloseElement();
    }
}
