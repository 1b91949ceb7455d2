//! Charts drawn at build time as inline SVG, with a title and a text
//! description for screen readers. Colours come from CSS classes, so a
//! restyled site restyles its charts too. Words and figures come from the
//! page's locale; for a right-to-left language the chart is mirrored, labels
//! on the right and bars growing leftwards.

use std::fmt::Write;

use super::format;
use crate::i18n::Locale;

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
pub fn action_bars(
    title: &str,
    rows: &[(u32, String, Option<f64>)],
    layout: Layout,
    loc: &Locale,
) -> String {
    let Layout {
        class,
        label,
        bar,
        value,
    } = layout;
    let width = label + bar + value;
    let height = ROW * rows.len() as u32 + 24;
    let rtl = loc.rtl();
    // An x from the reading start: from the left, or in a right-to-left
    // chart from the right. Anchors follow, as `direction` flips them.
    let x = |from_start: f64| -> f64 {
        if rtl {
            f64::from(width) - from_start
        } else {
            from_start
        }
    };
    let id = format!("chart-{:x}-{}", fingerprint(title), class);
    let mut svg = String::with_capacity(600 + rows.len() * 400);
    let direction = if rtl { r#" direction="rtl""# } else { "" };
    let _ = write!(
        svg,
        r#"<svg class="chart {class}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-t {id}-d"{direction} xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">"#,
        escape(title)
    );
    let score = |s: Option<f64>| match s {
        Some(v) => loc.decimal(v, 1),
        None => loc.t("score.not_applicable").to_owned(),
    };
    for (number, action, value) in rows {
        let row = loc.fill(
            "chart.row",
            &[
                ("number", &loc.integer(*number)),
                ("title", action),
                ("score", &score(*value)),
            ],
        );
        let _ = write!(svg, "{} ", escape(&row));
    }
    svg.push_str("</desc>");
    // Grid lines at 0, 25, 50, 75 and 100 with their labels along the bottom.
    for tick in [0u32, 25, 50, 75, 100] {
        let at = x(f64::from(label + bar * tick / 100));
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{at}" y1="0" x2="{at}" y2="{}"/><text class="chart-tick" x="{at}" y="{}" text-anchor="middle">{}</text>"#,
            height - 20,
            height - 6,
            loc.integer(tick)
        );
    }
    for (row, (number, _, value)) in rows.iter().enumerate() {
        let y = row as u32 * ROW;
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="{}" y="{}">{}</text>"#,
            x(0.0),
            y + ROW / 2 + 5,
            escape(&loc.fill("action.number", &[("number", &loc.integer(*number))]))
        );
        match value {
            Some(s) => {
                let w = (f64::from(bar) * s.clamp(0.0, 100.0) / 100.0).round();
                let left = if rtl {
                    f64::from(width - label) - w
                } else {
                    f64::from(label)
                };
                let _ = write!(
                    svg,
                    r#"<rect class="chart-bar {}" x="{left}" y="{}" width="{w}" height="{}"/><text class="chart-value" x="{}" y="{}">{}</text>"#,
                    format::band(Some(*s)),
                    y + 6,
                    ROW - 12,
                    x(f64::from(label) + w + 6.0),
                    y + ROW / 2 + 5,
                    escape(&score(Some(*s)))
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r#"<text class="chart-value chart-na" x="{}" y="{}">{}</text>"#,
                    x(f64::from(label + 6)),
                    y + ROW / 2 + 5,
                    escape(&score(None))
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

    fn locale(tag: &str) -> Locale {
        let catalogues = crate::i18n::Catalogues::load(None).unwrap();
        Locale::new(&catalogues, &crate::ids::LanguageTag::parse(tag).unwrap()).unwrap()
    }

    fn rows(list: &[(u32, &str, Option<f64>)]) -> Vec<(u32, String, Option<f64>)> {
        list.iter()
            .map(|(n, t, s)| (*n, (*t).to_owned(), *s))
            .collect()
    }

    #[test]
    fn bars_have_text_alternatives_and_escape_titles() {
        let en = &locale("en");
        let svg = action_bars(
            "A <b> & \"c\"",
            &rows(&[(1, "Policy <x>", Some(75.0)), (2, "Risks", None)]),
            WIDE,
            en,
        );
        assert!(svg.contains("<title id="));
        assert!(svg.contains("A &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(svg.contains("Action 1, Policy &lt;x&gt;: 75.0."));
        assert!(svg.contains("Action 2, Risks: n/a."));
        assert!(svg.contains(r#"width="360""#), "{svg}");
        assert!(!svg.contains("<x>"));
        // The narrow drawing has its own ids and proportions (75% of 232).
        let narrow = action_bars("A", &rows(&[(1, "Policy", Some(75.0))]), NARROW, en);
        assert!(
            narrow.contains("chart-narrow") && narrow.contains(r#"width="174""#),
            "{narrow}"
        );
        let wide = action_bars("A", &rows(&[(1, "Policy", Some(75.0))]), WIDE, en);
        assert_ne!(
            narrow.split("id=").nth(1),
            wide.split("id=").nth(1),
            "ids differ"
        );
    }

    #[test]
    fn a_right_to_left_chart_is_mirrored() {
        let ar = &locale("ar");
        let svg = action_bars("A", &rows(&[(1, "سياسة", Some(75.0))]), WIDE, ar);
        assert!(svg.contains(r#"direction="rtl""#), "{svg}");
        // The label sits at the right edge (84 + 480 + 56 = 620) and the bar
        // of 360 ends where the labels begin, at 620 − 84 = 536.
        assert!(svg.contains(r#"class="chart-label" x="620""#), "{svg}");
        assert!(svg.contains(r#"x="176" y="6" width="360""#), "{svg}");
        assert!(svg.contains(">75.0<"), "{svg}");
    }
}
