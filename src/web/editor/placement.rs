//! Where the editor's field help goes. Lines are measured on the textarea as the browser renders
//! it (line height, padding, scroll), so a larger font or a zoom still finds the line under the
//! mouse; the tooltip sits next to that line and always inside the editor's visible box, below
//! the line when there is room there and above it otherwise.

use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::NodeRef;

/// Room kept between the tooltip and the edges of the visible editor.
const MARGIN: f64 = 6.0;
/// Room between the tooltip and the line it explains, so the line stays readable.
const GAP: f64 = 3.0;
/// The widest a tooltip gets, for readable lines of prose.
const MAX_WIDTH: &str = "44em";

/// The textarea's rendered line height and the top of its first line, in CSS pixels.
struct Lines {
    height: f64,
    /// Top of line 1 relative to the viewport.
    first_top: f64,
}

fn lines(ta: &HtmlTextAreaElement) -> Option<Lines> {
    let style = web_sys::window()?.get_computed_style(ta).ok()??;
    let px = |name: &str| -> Option<f64> {
        let v = style.get_property_value(name).ok()?;
        v.trim().strip_suffix("px")?.parse::<f64>().ok()
    };
    let pad_top = px("padding-top").unwrap_or(0.0);
    let height = match px("line-height") {
        Some(h) if h > 0.0 => h,
        // `line-height: normal` has no pixel value: the rows share the content box evenly.
        _ => {
            let content =
                f64::from(ta.client_height()) - pad_top - px("padding-bottom").unwrap_or(0.0);
            content / f64::from(ta.rows().max(1))
        }
    };
    if !(height.is_finite() && height > 0.0) {
        return None;
    }
    let rect = ta.get_bounding_client_rect();
    let first_top = rect.top() + f64::from(ta.client_top()) + pad_top - f64::from(ta.scroll_top());
    Some(Lines { height, first_top })
}

/// The file line (1-based) at the viewport's `client_y`, None above the first line.
pub fn line_at(ta: &HtmlTextAreaElement, client_y: i32) -> Option<usize> {
    let l = lines(ta)?;
    let y = f64::from(client_y) - l.first_top;
    (y >= 0.0).then(|| (y / l.height).floor() as usize + 1)
}

/// The line (1-based) the caret is on.
pub fn caret_line(ta: &HtmlTextAreaElement) -> Option<usize> {
    // selectionStart counts UTF-16 units.
    let units = ta.selection_start().ok()?? as usize;
    let mut seen = 0;
    let mut line = 1;
    for c in ta.value().chars() {
        if seen >= units {
            break;
        }
        seen += c.len_utf16();
        if c == '\n' {
            line += 1;
        }
    }
    Some(line)
}

/// The elements the tooltip is measured against.
#[derive(Clone, Default, PartialEq)]
pub struct Anchors {
    pub tip: NodeRef,
    pub textarea: NodeRef,
    /// The scrolling box the text is seen through: the tooltip stays inside it.
    pub view: NodeRef,
    /// The line numbers: the tooltip starts right of them.
    pub gutter: NodeRef,
    /// The tooltip's containing block (positioned).
    pub container: NodeRef,
}

impl Anchors {
    /// The line the tooltip shown now explains.
    pub fn shown_line(&self) -> Option<usize> {
        self.tip
            .cast::<Element>()?
            .get_attribute("data-line")?
            .parse()
            .ok()
    }

    /// Put the tooltip next to `line`: below it if it fits in the visible editor, else above, else
    /// on the roomier side pushed inside; hidden while its line is scrolled out of sight.
    pub fn place(&self, line: usize) {
        let (Some(tip), Some(ta), Some(view), Some(gutter), Some(container)) = (
            self.tip.cast::<HtmlElement>(),
            self.textarea.cast::<HtmlTextAreaElement>(),
            self.view.cast::<Element>(),
            self.gutter.cast::<Element>(),
            self.container.cast::<Element>(),
        ) else {
            return;
        };
        let Some(l) = lines(&ta) else { return };
        let v = view.get_bounding_client_rect();
        let top = v.top() + f64::from(view.client_top());
        let bottom = top + f64::from(view.client_height());
        let right = v.left() + f64::from(view.client_left()) + f64::from(view.client_width());
        let left = gutter.get_bounding_client_rect().right() + MARGIN;
        let c = container.get_bounding_client_rect();
        let (origin_x, origin_y) = (
            c.left() + f64::from(container.client_left()),
            c.top() + f64::from(container.client_top()),
        );

        let style = tip.style();
        let set = |k: &str, v: String| {
            let _ = style.set_property(k, &v);
        };
        set("left", format!("{}px", left - origin_x));
        set(
            "max-width",
            format!("min({MAX_WIDTH}, {}px)", (right - MARGIN - left).max(0.0)),
        );
        set(
            "max-height",
            format!("{}px", (bottom - top - 2.0 * MARGIN).max(0.0)),
        );

        let line_top = l.first_top + (line.saturating_sub(1)) as f64 * l.height;
        let line_bottom = line_top + l.height;
        let visible = line_bottom > top && line_top < bottom;
        set(
            "visibility",
            (if visible { "visible" } else { "hidden" }).into(),
        );

        // Reading the height lays the tooltip out at the width just set.
        let h = f64::from(tip.offset_height());
        let below = line_bottom + GAP;
        let above = line_top - GAP - h;
        let (y, side) = if below + h <= bottom - MARGIN {
            (below, "below")
        } else if above >= top + MARGIN {
            (above, "above")
        } else {
            // Neither side has room: the roomier one, kept inside the box.
            let lowest = (bottom - MARGIN - h).max(top + MARGIN);
            if bottom - line_bottom >= line_top - top {
                (below.min(lowest), "below")
            } else {
                (above.max(top + MARGIN).min(lowest), "above")
            }
        };
        set("top", format!("{}px", y - origin_y));
        let _ = tip.set_attribute("data-side", side);
    }
}
