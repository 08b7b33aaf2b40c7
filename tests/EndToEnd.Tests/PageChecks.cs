using System.Text.Json;
using Microsoft.Playwright;

namespace SecureApi.EndToEnd.Tests;

/// <summary>What a screen reader and a phone need from any page: named controls, no sideways scrolling.</summary>
public static class PageChecks
{
    /// <summary>
    /// Every visible input, select, textarea and button has a name a screen reader can read: aria-labelledby,
    /// aria-label, a label (for= or around it), a button's text, or a title. Fails listing the unnamed ones.
    /// </summary>
    public static async Task ExpectEveryControlNamedAsync(IPage page, string where)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            () => {
                const text = el => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
                const name = el => {
                    const byIds = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
                    const labelledBy = byIds.map(id => text(document.getElementById(id))).join(' ').trim();
                    if (labelledBy) return labelledBy;
                    const aria = (el.getAttribute('aria-label') ?? '').trim();
                    if (aria) return aria;
                    const labels = [...(el.labels ?? [])].map(text).join(' ').trim();
                    if (labels) return labels;
                    if (el.tagName === 'BUTTON') return text(el);
                    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return (el.value ?? '').trim();
                    return (el.getAttribute('title') ?? '').trim();
                };
                const controls = [...document.querySelectorAll('input, select, textarea, button')]
                    .filter(el => el.type !== 'hidden' && el.checkVisibility());
                return {
                    checked: controls.length,
                    unnamed: controls.filter(el => !name(el)).map(el => el.outerHTML.slice(0, 200)),
                };
            }
            """);
        var unnamed = result.GetProperty("unnamed").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.True(result.GetProperty("checked").GetInt32() > 0, $"{where}: no visible control at all to check.");
        Assert.True(unnamed.Count == 0, $"{where}: {unnamed.Count} control(s) without an accessible name:\n{string.Join("\n", unnamed)}");
    }

    /// <summary>
    /// The page does not scroll sideways: nothing sticks out past the window. Wide content may scroll inside its own
    /// box. Fails naming the outermost elements that stick out.
    /// </summary>
    public static async Task ExpectNoHorizontalScrollAsync(IPage page, string where)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            () => {
                const width = window.innerWidth;
                // Content that scrolls (or is clipped) inside its own box does not widen the page.
                const inOwnBox = el => {
                    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) return true;
                    }
                    return false;
                };
                const sticksOut = el => el.getBoundingClientRect().right > width + 1 && !inOwnBox(el);
                const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
                    + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)';
                const outermost = [...document.body.querySelectorAll('*')]
                    .filter(el => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement) && el.parentElement !== document.body))
                    .slice(0, 8).map(describe);
                return { scrollWidth: document.documentElement.scrollWidth, width, outermost };
            }
            """);
        var scrollWidth = result.GetProperty("scrollWidth").GetInt32();
        var width = result.GetProperty("width").GetInt32();
        var culprits = result.GetProperty("outermost").EnumerateArray().Select(e => e.GetString());
        Assert.True(scrollWidth <= width + 1,
            $"{where}: the page scrolls sideways ({scrollWidth}px of content in a {width}px window). Sticking out: {string.Join(", ", culprits)}");
    }
}
