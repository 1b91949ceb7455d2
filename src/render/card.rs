//! Pictures of a platform's score for use outside the site: the share card
//! (`og.png`, 1200×630, drawn as SVG and rasterised with resvg at build time)
//! and the embeddable badge (`badge.svg`). Both draw with DejaVu Sans, which
//! the binary embeds (`assets/fonts/`), so every machine draws the same pixels
//! and measures text the same way.

use std::fmt::Write;
use std::sync::{Arc, LazyLock};

use resvg::usvg;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::format;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
const FAMILY: &str = "DejaVu Sans";

/// The share card's size in pixels, as Open Graph recommends.
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;

// The site's palette (templates/assets/style.css), for pictures that must
// carry their own colours.
const INK: &str = "#1b1f24";
const WHITE: &str = "#ffffff";
const INK_SOFT: &str = "#4a525c";
const PAPER_SOFT: &str = "#f5f6f4";
const RULE: &str = "#d5d9dd";
const ACCENT: &str = "#124e78";
const WARNING: &str = "#b34700";

/// The fill of a score band (`format::band`), as in the stylesheet.
fn band_colour(band: &str) -> &'static str {
    match band {
        "band-4" => "#a8dcc0",
        "band-3" => "#d3ecb4",
        "band-2" => "#fbeba0",
        "band-1" => "#fccf9f",
        "band-0" => "#f6b2ad",
        _ => "#e4e6e9",
    }
}

/// The embedded fonts, parsed once per process.
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(REGULAR.to_vec());
    db.load_font_data(BOLD.to_vec());
    Arc::new(db)
});

/// The advance width of `text` set in DejaVu Sans at `size` pixels (no
/// kerning, so a little generous). A character the font lacks counts as the
/// width of its missing-glyph box.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let Ok(font) = FontRef::new(if bold { BOLD } else { REGULAR }) else {
        return text.chars().count() as f32 * size * 0.6;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            metrics.advance_width(glyph).unwrap_or(size * 0.6)
        })
        .sum()
}

fn escape(s: &str) -> String {
    super::escape_html(s)
}

/// `text` cut to fit `width` at `size`, with an ellipsis if anything was cut.
fn fit(text: &str, size: f32, bold: bool, width: f32) -> String {
    if text_width(text, size, bold) <= width {
        return text.to_owned();
    }
    let mut cut: String = text.to_owned();
    while !cut.is_empty() && text_width(&format!("{cut}…"), size, bold) > width {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// The largest size from `max` down to `min` at which `text` fits `width`.
fn size_to_fit(text: &str, max: f32, min: f32, bold: bool, width: f32) -> f32 {
    let natural = text_width(text, max, bold);
    if natural <= width {
        max
    } else {
        (max * width / natural).floor().max(min)
    }
}

/// What a share card shows.
#[derive(Debug, Clone)]
pub struct Card {
    pub site_title: String,
    pub platform: String,
    pub company: String,
    pub total: Option<f64>,
    /// "Rank 2 of 6" or similar; empty for none.
    pub rank: String,
    pub edition_title: String,
    pub publisher: String,
    /// The site's address, shown as text ("example.org/scorecard").
    pub address: String,
    /// (action number, score) in framework order.
    pub actions: Vec<(u32, Option<f64>)>,
    pub sample_data: bool,
}

/// The share card as SVG, 1200×630.
pub fn card_svg(card: &Card) -> String {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    let left = 72.0;
    let text_width_max = w - left * 2.0;
    let mut svg = String::with_capacity(8192);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FAMILY}"><rect width="{w}" height="{h}" fill="{WHITE}"/><rect width="16" height="{h}" fill="{ACCENT}"/>"#
    );
    // Site title, and a sample-data flag on the right.
    let mut title_room = text_width_max;
    if card.sample_data {
        let label = "SAMPLE DATA · FICTIONAL";
        let lw = text_width(label, 22.0, true) + 32.0;
        let x = w - left - lw;
        title_room -= lw + 24.0;
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="62" width="{lw}" height="44" rx="6" fill="{WARNING}"/><text x="{}" y="92" font-size="22" font-weight="bold" fill="{WHITE}">{label}</text>"#,
            x + 16.0
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{left}" y="96" font-size="32" font-weight="bold" fill="{ACCENT}">{}</text>"#,
        escape(&fit(&card.site_title, 32.0, true, title_room))
    );
    // The platform's name, as large as fits.
    let name_size = size_to_fit(&card.platform, 76.0, 44.0, true, text_width_max);
    let _ = write!(
        svg,
        r#"<text x="{left}" y="196" font-size="{name_size}" font-weight="bold" fill="{INK}">{}</text><text x="{left}" y="246" font-size="30" fill="{INK_SOFT}">{}</text>"#,
        escape(&fit(&card.platform, name_size, true, text_width_max)),
        escape(&fit(&card.company, 30.0, false, text_width_max))
    );
    // The total in its band's colour, on the left.
    let band = format::band(card.total);
    let total = format::score(card.total);
    let _ = write!(
        svg,
        r#"<rect x="{left}" y="292" width="440" height="210" rx="12" fill="{}"/><text x="{}" y="430" font-size="132" font-weight="bold" fill="{INK}" text-anchor="middle">{}</text><text x="{}" y="480" font-size="30" fill="{INK}" text-anchor="middle">of 100</text>"#,
        band_colour(band),
        left + 220.0,
        escape(&total),
        left + 220.0
    );
    if !card.rank.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{left}" y="548" font-size="28" fill="{INK_SOFT}">{}</text>"#,
            escape(&card.rank)
        );
    }
    // A bar per action, on the right.
    let (cx, cy, cw) = (600.0, 292.0, w - left - 600.0);
    let label_w = 60.0;
    let rows = card.actions.len().max(1) as f32;
    let row = (256.0 / rows).min(36.0);
    let bar_h = (row * 0.62).max(4.0);
    let _ = write!(
        svg,
        r#"<text x="{cx}" y="{}" font-size="22" fill="{INK_SOFT}">Score on each action, of 100</text>"#,
        cy - 12.0
    );
    for (i, (number, score)) in card.actions.iter().enumerate() {
        let y = cy + 8.0 + i as f32 * row;
        let bar_max = cw - label_w;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" font-size="{}" fill="{INK}" text-anchor="end">{number}</text><rect x="{}" y="{y}" width="{bar_max}" height="{bar_h}" fill="{PAPER_SOFT}"/>"#,
            cx + label_w - 14.0,
            y + bar_h * 0.82,
            (bar_h * 0.95).min(22.0),
            cx + label_w
        );
        if let Some(s) = score {
            let bw = (bar_max as f64 * s.clamp(0.0, 100.0) / 100.0).round();
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{y}" width="{bw}" height="{bar_h}" fill="{}" stroke="{INK_SOFT}" stroke-width="1"/>"#,
                cx + label_w,
                band_colour(format::band(Some(*s)))
            );
        }
    }
    // The edition, the publisher and the address along the foot.
    let _ = write!(
        svg,
        r#"<rect x="{left}" y="574" width="{text_width_max}" height="2" fill="{RULE}"/><text x="{left}" y="612" font-size="24" fill="{INK_SOFT}">{}</text>"#,
        escape(&fit(
            &format!(
                "{} · {} · {}",
                card.edition_title, card.publisher, card.address
            ),
            24.0,
            false,
            text_width_max
        ))
    );
    svg.push_str("</svg>");
    svg
}

/// The share card as a PNG. The same card always gives the same bytes.
pub fn card_png(card: &Card) -> Result<Vec<u8>, String> {
    let svg = card_svg(card);
    let options = usvg::Options {
        fontdb: FONTS.clone(),
        font_family: FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(CARD_WIDTH, CARD_HEIGHT)
        .ok_or("cannot allocate the share card")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// What a badge shows.
#[derive(Debug, Clone)]
pub struct Badge {
    pub platform: String,
    pub total: Option<f64>,
    pub edition_label: String,
    /// The whole statement, for screen readers.
    pub title: String,
}

/// A small self-contained SVG badge: the platform's name, then its total "of
/// 100" and the edition on its band's colour. Text is sized with
/// `textLength`, so it fits whatever font the viewer has.
pub fn badge_svg(badge: &Badge) -> String {
    const SIZE: f32 = 13.0;
    const PAD: f32 = 9.0;
    const HEIGHT: f32 = 26.0;
    let right = format!(
        "{} of 100 · {}",
        format::score(badge.total),
        badge.edition_label
    );
    let name = fit(&badge.platform, SIZE, true, 320.0);
    let lw = text_width(&name, SIZE, true).ceil();
    let rw = text_width(&right, SIZE, false).ceil();
    let (left_box, right_box) = (lw + 2.0 * PAD, rw + 2.0 * PAD);
    let width = left_box + right_box;
    let baseline = 17.5;
    let mut svg = String::with_capacity(1024);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" role="img" aria-labelledby="badge-title"><title id="badge-title">{title}</title><rect width="{width}" height="{HEIGHT}" rx="4" fill="{INK}"/><rect x="{left_box}" width="{right_box}" height="{HEIGHT}" rx="4" fill="{band}"/><rect x="{left_box}" width="8" height="{HEIGHT}" fill="{band}"/><g font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="{SIZE}" aria-hidden="true"><text x="{PAD}" y="{baseline}" font-weight="bold" fill="{WHITE}" textLength="{lw}" lengthAdjust="spacingAndGlyphs">{name}</text><text x="{}" y="{baseline}" fill="{INK}" textLength="{rw}" lengthAdjust="spacingAndGlyphs">{right}</text></g></svg>"#,
        left_box + PAD,
        title = escape(&badge.title),
        band = band_colour(format::band(badge.total)),
        name = escape(&name),
        right = escape(&right),
    );
    svg.push('\n');
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str) -> Card {
        Card {
            site_title: "HRD Protection Scorecard".into(),
            platform: name.into(),
            company: "Example <Co> & Sons".into(),
            total: Some(62.5),
            rank: "Rank 2 of 6".into(),
            edition_title: "2026 edition".into(),
            publisher: "Example CSO Coalition".into(),
            address: "example.org/scorecard/2026/platforms/x/".into(),
            actions: vec![(1, Some(100.0)), (2, Some(50.0)), (3, None)],
            sample_data: true,
        }
    }

    #[test]
    fn measures_text_with_the_embedded_font() {
        let narrow = text_width("iiii", 20.0, false);
        let wide = text_width("WWWW", 20.0, false);
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} {wide}");
        assert!(text_width("Abc", 20.0, true) > text_width("Abc", 20.0, false));
        assert_eq!(text_width("", 20.0, false), 0.0);
    }

    #[test]
    fn long_names_shrink_then_are_cut() {
        let long = "An Extraordinarily Long Platform Name That Goes On And On Forever More";
        let svg = card_svg(&card(long));
        assert!(svg.contains('…'), "{svg}");
        assert!(svg.contains("Example &lt;Co&gt; &amp; Sons"));
        assert!(card_svg(&card("Short")).contains(">Short</text>"));
    }

    #[test]
    fn the_card_is_a_deterministic_png_of_the_right_size() {
        let a = card_png(&card("Example Social")).unwrap();
        let b = card_png(&card("Example Social")).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, after the chunk length and type.
        assert_eq!(u32::from_be_bytes(a[16..20].try_into().unwrap()), 1200);
        assert_eq!(u32::from_be_bytes(a[20..24].try_into().unwrap()), 630);
        assert_ne!(a, card_png(&card("Example Video")).unwrap());
    }

    #[test]
    fn the_badge_names_everything_for_screen_readers() {
        let svg = badge_svg(&Badge {
            platform: "Example <Social>".into(),
            total: Some(62.5),
            edition_label: "2026".into(),
            title: "Example <Social> scores 62.5 of 100 in the 2026 edition".into(),
        });
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"badge-title\">Example &lt;Social&gt; scores 62.5"));
        assert!(svg.contains("62.5 of 100 · 2026"));
        assert!(!svg.contains("href"), "self-contained: {svg}");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        roxmltree::Document::parse(&card_svg(&card("A <b> & c"))).expect("well-formed card");
    }
}
