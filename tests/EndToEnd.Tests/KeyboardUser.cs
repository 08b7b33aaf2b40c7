using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>
/// A person with a keyboard and no mouse: moves focus only with Tab / Shift+Tab, types, ticks boxes with Space, picks
/// options with the arrow keys and presses buttons with Enter. Every element it stops on must show where focus is.
/// </summary>
public sealed class KeyboardUser(IPage page)
{
    /// <summary>More Tab presses than any page of the portal has stops: reaching the limit means "not reachable".</summary>
    private const int MaxPresses = 120;

    private const string Describe = """
        el => !el || el === document.body ? '(nothing: body)'
            : el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.type ? '[' + el.type + ']' : '')
              + ' "' + (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 40) + '"'
        """;

    public static string Id(string id) => $"el.id === {Js(id)}";

    public static string Button(string text) => $"el.tagName === 'BUTTON' && el.textContent.trim() === {Js(text)}";

    public static string Link(string text) => $"el.tagName === 'A' && el.textContent.trim() === {Js(text)}";

    /// <summary>A checkbox or radio button inside a label that reads <paramref name="label"/>.</summary>
    public static string Choice(string type, string label) =>
        $"el.type === {Js(type)} && el.closest('label')?.textContent.replace(/\\s+/g, ' ').trim() === {Js(label)}";

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the focused element matches <paramref name="predicate"/> (JavaScript about
    /// <c>el</c>), then checks it is visible with a focus indicator. Fails with the path focus took.
    /// </summary>
    public async Task TabToAsync(string what, string predicate, bool backwards = false)
    {
        var path = new List<string>();
        for (var press = 0; press < MaxPresses; press++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await FocusedMatchesAsync(predicate))
            {
                await ExpectFocusVisibleAsync(what);
                return;
            }

            path.Add(await FocusedAsync());
        }

        throw new InvalidOperationException(
            $"“{what}” was not reached with {(backwards ? "Shift+Tab" : "Tab")} in {MaxPresses} presses. Focus went: {string.Join(" → ", path.Distinct())}");
    }

    /// <summary>Tabs to a text field, selects what is in it and types <paramref name="text"/> instead.</summary>
    public async Task TypeIntoAsync(string what, string fieldId, string text)
    {
        await TabToAsync(what, Id(fieldId));
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(text);
        await Expect(page.Locator($"#{fieldId}")).ToHaveValueAsync(text);
    }

    /// <summary>Tabs to a select and moves through its options with the arrow keys until <paramref name="value"/> is chosen.</summary>
    public async Task ChooseAsync(string what, string selectId, string value)
    {
        await TabToAsync(what, Id(selectId));
        await page.Keyboard.PressAsync("Home");
        var options = await page.Locator($"#{selectId} option").CountAsync();
        for (var press = 0; press <= options && !await FocusedMatchesAsync($"el.value === {Js(value)}"); press++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(page.Locator($"#{selectId}")).ToHaveValueAsync(value);
    }

    /// <summary>Tabs to a checkbox and presses Space if it is not already as wanted.</summary>
    public async Task SetCheckboxAsync(string label, bool isChecked)
    {
        await TabToAsync(label, Choice("checkbox", label));
        if (await FocusedMatchesAsync("el.checked") != isChecked)
        {
            await page.Keyboard.PressAsync("Space");
        }

        await Expect(page.GetByLabel(label, new() { Exact = true })).ToBeCheckedAsync(new() { Checked = isChecked });
    }

    /// <summary>Tabs to the button named <paramref name="text"/> and presses Enter.</summary>
    public async Task PressButtonAsync(string text, bool backwards = false)
    {
        await TabToAsync(text, Button(text), backwards);
        await page.Keyboard.PressAsync("Enter");
    }

    public Task<bool> FocusedMatchesAsync(string predicate) =>
        page.EvaluateAsync<bool>($"() => {{ const el = document.activeElement; return !!el && el !== document.body && !!({predicate}); }}");

    public Task<string> FocusedAsync() => page.EvaluateAsync<string>($"() => ({Describe})(document.activeElement)");

    /// <summary>The focused element is on screen and drawn with an outline or a shadow that marks it as focused.</summary>
    public async Task ExpectFocusVisibleAsync(string what)
    {
        var focus = await page.EvaluateAsync<JsonElement>("""
            () => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const box = el.getBoundingClientRect();
                return {
                    visible: el.checkVisibility() && box.width > 0 && box.height > 0
                        && box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
                    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
                    outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
                };
            }
            """);
        var described = await FocusedAsync();
        Assert.True(focus.GetProperty("visible").GetBoolean(), $"Focus is on {what} ({described}), but it is not visible on screen.");
        Assert.True(focus.GetProperty("indicator").GetBoolean(),
            $"Focus is on {what} ({described}), but nothing shows it (outline {focus.GetProperty("outline").GetString()}, no box-shadow).");
    }

    private static string Js(string text) => JsonSerializer.Serialize(text);
}
