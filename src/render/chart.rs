//! Charts drawn at build time as inline SVG, with a title and a text
//! description for screen readers. Colours come from CSS classes, so a
//! restyled site restyles its charts too.

use std::fmt::Write;

use super::format;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const ROW: u32 = 30;

/// The proportions of a chart: drawn once wide (desktop, print) and once
/// narrow (phones), so that its text stays legible when scaled to the screen.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// A CSS class that says which one it is.
    pub class: &'static str,
    label: u32,
    bar: u32,
    value: u32,
}

pub const WIDE: Layout = Layout {
    class: "chart-wide",
    label: 84,
    bar: 480,
    value: 56,
};
pub const NARROW: Layout = Layout {
    class: "chart-narrow",
    label: 64,
    bar: 232,
    value: 44,
};

/// A horizontal bar per action, 0–100, value printed beside each bar.
/// `rows` is (action number, action title, score).
pub fn action_bars(title: &str, rows: &[(u32, &str, Option<f64>)], layout: Layout) -> String {
    let Layout {
        class,
        label,
        bar,
        value,
    } = layout;
    let width = label + bar + value;
    let height = ROW * rows.len() as u32 + 24;
    let id = format!("chart-{:x}-{}", fingerprint(title), class);
    let mut svg = String::with_capacity(600 + rows.len() * 400);
    let _ = write!(
        svg,
        r#"<svg class="chart {class}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">"#,
        escape(title)
    );
    for (number, action, score) in rows {
        let _ = write!(
            svg,
            "Action {number}, {}: {}. ",
            escape(action),
            format::score(*score)
        );
    }
    svg.push_str("</desc>");
    // Grid lines at 0, 50 and 100 with their labels along the bottom.
    for tick in [0u32, 25, 50, 75, 100] {
        let x = label + bar * tick / 100;
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{x}" y1="0" x2="{x}" y2="{}"/><text class="chart-tick" x="{x}" y="{}" text-anchor="middle">{tick}</text>"#,
            height - 20,
            height - 6
        );
    }
    for (row, (number, _, score)) in rows.iter().enumerate() {
        let y = row as u32 * ROW;
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="0" y="{}">Action {number}</text>"#,
            y + ROW / 2 + 5
        );
        match score {
            Some(s) => {
                let w = (f64::from(bar) * s.clamp(0.0, 100.0) / 100.0).round();
                let _ = write!(
                    svg,
                    r#"<rect class="chart-bar {}" x="{label}" y="{}" width="{w}" height="{}"/><text class="chart-value" x="{}" y="{}">{}</text>"#,
                    format::band(Some(*s)),
                    y + 6,
                    ROW - 12,
                    label as f64 + w + 6.0,
                    y + ROW / 2 + 5,
                    format::score(Some(*s))
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r#"<text class="chart-value chart-na" x="{}" y="{}">n/a</text>"#,
                    label + 6,
                    y + ROW / 2 + 5
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A stable short hash for element ids (FNV-1a), so ids stay the same between builds.
fn fingerprint(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_have_text_alternatives_and_escape_titles() {
        let svg = action_bars(
            "A <b> & \"c\"",
            &[(1, "Policy <x>", Some(75.0)), (2, "Risks", None)],
            WIDE,
        );
        assert!(svg.contains("<title id="));
        assert!(svg.contains("A &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(svg.contains("Action 1, Policy &lt;x&gt;: 75.0."));
        assert!(svg.contains("Action 2, Risks: n/a."));
        assert!(svg.contains(r#"width="360""#), "{svg}");
        assert!(!svg.contains("<x>"));
        // The narrow drawing has its own ids and proportions (75% of 232).
        let narrow = action_bars("A", &[(1, "Policy", Some(75.0))], NARROW);
        assert!(
            narrow.contains("chart-narrow") && narrow.contains(r#"width="174""#),
            "{narrow}"
        );
        let wide = action_bars("A", &[(1, "Policy", Some(75.0))], WIDE);
        assert_ne!(
            narrow.split("id=").nth(1),
            wide.split("id=").nth(1),
            "ids differ"
        );
    }
}
