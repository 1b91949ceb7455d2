//! Pictures of a platform's score for use outside the site: the share card
//! (`og.png`, 1200×630, drawn as SVG and rasterised with resvg at build time)
//! and the embeddable badge (`badge.svg`). Both draw with DejaVu Sans, which
//! the binary embeds (`assets/fonts/`), so every machine draws the same pixels
//! and measures text the same way. Their words arrive in the page's language;
//! for a right-to-left language both are drawn mirrored.

mod encode;

use std::cell::RefCell;
use std::fmt::Write;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use resvg::tiny_skia::{Pixmap, PixmapMut, Transform};
use resvg::usvg;

use self::encode::{Encoder, Segment};
use crate::recent::{Memo, Recent};

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

/// The options that draw with the embedded fonts alone.
fn options() -> usvg::Options<'static> {
    usvg::Options {
        fontdb: FONTS.clone(),
        font_family: FAMILY.to_owned(),
        ..usvg::Options::default()
    }
}

/// The width of `text` set in DejaVu Sans at `size` pixels, as resvg lays
/// it out: shaped, so that joined Arabic letters measure as they are drawn.
///
/// Remembered: every card measures the same labels, headings and scores, and
/// laying text out is most of what measuring costs.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    /// Enough for the strings of a large site, bounded for a long `serve`.
    static WIDTHS: LazyLock<Memo<(String, u32, bool), f32>> = LazyLock::new(|| Memo::new(100_000));
    WIDTHS.get_or_make((text.to_owned(), size.to_bits(), bold), |_| {
        measure(text, size, bold)
    })
}

fn measure(text: &str, size: f32, bold: bool) -> f32 {
    if text.trim().is_empty() {
        return 0.0;
    }
    let weight = if bold { r#" font-weight="bold""# } else { "" };
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><text x="0" y="0" font-size="{size}"{weight}>{}</text></svg>"#,
        super::escape_html(text)
    );
    match usvg::Tree::from_str(&svg, &options()) {
        Ok(tree) => tree.root().bounding_box().width(),
        Err(_) => text.chars().count() as f32 * size * 0.6,
    }
}

/// `text` cut to fit `width` at `size`, with an ellipsis if anything was cut.
/// The cut is found by bisection: each measurement lays the text out.
fn fit(text: &str, size: f32, bold: bool, width: f32) -> String {
    if text_width(text, size, bold) <= width {
        return text.to_owned();
    }
    let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let cut = |n: usize| format!("{}…", text[..ends[n]].trim_end());
    // The longest cut of `n` characters that fits: `lo` fits (or is 0), `hi` does not.
    let (mut lo, mut hi) = (0, ends.len());
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if text_width(&cut(mid), size, bold) <= width {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    cut(lo)
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

/// Whether `text` has a letter of a right-to-left script (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko, …, and their presentation forms).
fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')
    })
}

/// Where a text stands on its `x`, in the reading direction.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// SVG drawn with x counted from the reading start: from the left, or, in a
/// right-to-left picture, from the right (the picture is mirrored).
struct Canvas {
    svg: String,
    width: f32,
    rtl: bool,
}

impl Canvas {
    fn new(width: f32, rtl: bool) -> Canvas {
        Canvas {
            svg: String::with_capacity(8192),
            width,
            rtl,
        }
    }

    fn raw(&mut self, s: &str) {
        self.svg.push_str(s);
    }

    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, attrs: &str) {
        let x = if self.rtl { self.width - x - width } else { x };
        let _ = write!(
            self.svg,
            r#"<rect x="{x}" y="{y}" width="{width}" height="{height}" {attrs}/>"#
        );
    }

    /// A line of `text` in `fill`, as large as fits `width` from `max` down
    /// to `min` pixels, and cut with an ellipsis if even `min` is too large.
    fn line(
        &mut self,
        (x, y): (f32, f32),
        text: &str,
        (max, min): (f32, f32),
        bold: bool,
        width: f32,
        fill: &str,
    ) {
        let size = size_to_fit(text, max, min, bold, width);
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        self.text(
            x,
            y,
            Anchor::Start,
            &format!(r#"font-size="{size}"{weight} fill="{fill}""#),
            &fit(text, size, bold, width),
        );
    }

    /// A line of text. In a right-to-left picture, a text with right-to-left
    /// letters is embedded as such (RLE … PDF), since SVG renderers lay out
    /// every line from the left; one without (a name) stays left-to-right.
    fn text(&mut self, x: f32, y: f32, anchor: Anchor, attrs: &str, text: &str) {
        let (x, anchor) = match (self.rtl, anchor) {
            (false, a) => (x, a),
            (true, Anchor::Start) => (self.width - x, Anchor::End),
            (true, Anchor::End) => (self.width - x, Anchor::Start),
            (true, Anchor::Middle) => (self.width - x, Anchor::Middle),
        };
        let anchor = match anchor {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        };
        let text = super::escape_html(text);
        let (open, close) = if self.rtl && has_rtl(&text) {
            ("\u{202b}", "\u{202c}")
        } else {
            ("", "")
        };
        let _ = write!(
            self.svg,
            r#"<text x="{x}" y="{y}"{anchor} {attrs}>{open}{text}{close}</text>"#
        );
    }
}

/// What a share card shows, in the page's language.
#[derive(Debug, Clone)]
pub struct Card {
    pub site_title: String,
    pub platform: String,
    pub company: String,
    /// The total as the language writes it ("62.4", "62,4", "n/a"), and its band.
    pub total: String,
    pub band: &'static str,
    /// "of 100".
    pub of_100: String,
    /// "Rank 2 of 6 platforms"; empty for none.
    pub rank: String,
    /// The heading of the bars: "Score on each action, of 100".
    pub actions_heading: String,
    /// (action number as written, score) in framework order.
    pub actions: Vec<(String, Option<f64>)>,
    /// The edition, the publisher and the site's address, along the foot.
    pub foot: String,
    /// The sample-data flag, if the site is sample data.
    pub sample: Option<String>,
    pub rtl: bool,
}

/// The share card as SVG, 1200×630: its [`Layers`] in one picture, which
/// the tests read (a build draws the layers apart, see [`card_png`]).
#[cfg(test)]
fn card_svg(card: &Card) -> String {
    let Layers { mut back, front } = card_layers(card);
    let start = front.find('>').map_or(0, |i| i + 1);
    back.truncate(back.len() - "</svg>".len());
    back.push_str(&front[start..]);
    back
}

/// A share card as two SVG pictures of the same size, the one drawn over the
/// other. What only depends on the site, edition, language and framework
/// (the title, the foot, the bars' labels and tracks) is the same `back` on
/// every card of an edition, drawn once per build (see [`card_png`]); the
/// platform's own name, score and bars are its `front`. They do not overlap
/// but for a bar over its track, which is drawn after it either way.
struct Layers {
    back: String,
    front: String,
}

fn card_layers(card: &Card) -> Layers {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    let left = 72.0;
    let text_width_max = w - left * 2.0;
    let header = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FAMILY}">"#
    );
    let mut back = Canvas::new(w, card.rtl);
    let mut front = Canvas::new(w, card.rtl);
    back.raw(&header);
    front.raw(&header);
    let _ = write!(
        back.svg,
        r#"<rect width="{w}" height="{h}" fill="{WHITE}"/>"#
    );
    back.rect(0.0, 0.0, 16.0, h, &format!(r#"fill="{ACCENT}""#));
    // Site title, and a sample-data flag at the line's end.
    let mut title_room = text_width_max;
    if let Some(label) = &card.sample {
        let label = fit(label, 22.0, true, 420.0);
        let lw = text_width(&label, 22.0, true) + 32.0;
        let x = w - left - lw;
        title_room -= lw + 24.0;
        back.rect(x, 62.0, lw, 44.0, &format!(r#"rx="6" fill="{WARNING}""#));
        back.text(
            x + lw / 2.0,
            92.0,
            Anchor::Middle,
            &format!(r#"font-size="22" font-weight="bold" fill="{WHITE}""#),
            &label,
        );
    }
    back.line(
        (left, 96.0),
        &card.site_title,
        (32.0, 24.0),
        true,
        title_room,
        ACCENT,
    );
    // The platform's name, as large as fits, and its company.
    front.line(
        (left, 196.0),
        &card.platform,
        (76.0, 44.0),
        true,
        text_width_max,
        INK,
    );
    front.line(
        (left, 246.0),
        &card.company,
        (30.0, 30.0),
        false,
        text_width_max,
        INK_SOFT,
    );
    // The total in its band's colour.
    front.rect(
        left,
        292.0,
        440.0,
        210.0,
        &format!(r#"rx="12" fill="{}""#, band_colour(card.band)),
    );
    let total_size = size_to_fit(&card.total, 132.0, 60.0, true, 400.0);
    front.text(
        left + 220.0,
        430.0,
        Anchor::Middle,
        &format!(r#"font-size="{total_size}" font-weight="bold" fill="{INK}""#),
        &card.total,
    );
    front.text(
        left + 220.0,
        480.0,
        Anchor::Middle,
        &format!(r#"font-size="30" fill="{INK}""#),
        &fit(&card.of_100, 30.0, false, 400.0),
    );
    if !card.rank.is_empty() {
        front.line(
            (left, 548.0),
            &card.rank,
            (28.0, 28.0),
            false,
            500.0,
            INK_SOFT,
        );
    }
    // A bar per action, over its track.
    let (cx, cy, cw) = (600.0, 292.0, w - left - 600.0);
    let label_w = 60.0;
    let rows = card.actions.len().max(1) as f32;
    let row = (256.0 / rows).min(36.0);
    let bar_h = (row * 0.62).max(4.0);
    back.line(
        (cx, cy - 12.0),
        &card.actions_heading,
        (22.0, 22.0),
        false,
        cw,
        INK_SOFT,
    );
    for (i, (number, score)) in card.actions.iter().enumerate() {
        let y = cy + 8.0 + i as f32 * row;
        let bar_max = cw - label_w;
        back.text(
            cx + label_w - 14.0,
            y + bar_h * 0.82,
            Anchor::End,
            &format!(r#"font-size="{}" fill="{INK}""#, (bar_h * 0.95).min(22.0)),
            number,
        );
        back.rect(
            cx + label_w,
            y,
            bar_max,
            bar_h,
            &format!(r#"fill="{PAPER_SOFT}""#),
        );
        if let Some(s) = score {
            let bw = (f64::from(bar_max) * s.clamp(0.0, 100.0) / 100.0).round() as f32;
            front.rect(
                cx + label_w,
                y,
                bw,
                bar_h,
                &format!(
                    r#"fill="{}" stroke="{INK_SOFT}" stroke-width="1""#,
                    band_colour(super::format::band(Some(*s)))
                ),
            );
        }
    }
    // The edition, the publisher and the address along the foot.
    back.rect(
        left,
        574.0,
        text_width_max,
        2.0,
        &format!(r#"fill="{RULE}""#),
    );
    back.line(
        (left, 612.0),
        &card.foot,
        (24.0, 24.0),
        false,
        text_width_max,
        INK_SOFT,
    );
    back.raw("</svg>");
    front.raw("</svg>");
    Layers {
        back: back.svg,
        front: front.svg,
    }
}

/// The rows of a card where its `front` draws (see [`card_layers`]): the
/// platform's name at the top, its rank and bars at the bottom. The rows
/// above and below are its background's alone, the same on every card of an
/// edition: they are deflated once, with the background.
const FRONT_ROWS: Range<u32> = 112..568;

/// A card's background, drawn, and its rows above and below
/// [`FRONT_ROWS`] deflated.
struct Back {
    pixmap: Pixmap,
    top: Segment,
    bottom: Segment,
}

/// Backgrounds drawn lately, by their SVG: a build draws the cards of an
/// edition and language together, over one background.
static BACKS: LazyLock<Recent<String, Arc<Back>>> = LazyLock::new(|| Recent::new(4));

thread_local! {
    /// The picture a card is drawn on, and its encoder, kept by each thread
    /// from one card to the next: a card is 3 MB of pixels.
    static SCRATCH: RefCell<(Vec<u8>, Encoder)> = RefCell::default();
}

/// The bytes of one row of a card's pixels.
const ROW: usize = CARD_WIDTH as usize * 4;

/// `svg` parsed, with the embedded fonts.
fn tree(svg: &str) -> Result<usvg::Tree, String> {
    usvg::Tree::from_str(svg, &options()).map_err(|e| e.to_string())
}

/// `svg` drawn on white.
fn draw(svg: &str) -> Result<Pixmap, String> {
    let mut pixmap =
        Pixmap::new(CARD_WIDTH, CARD_HEIGHT).ok_or("cannot allocate the share card")?;
    // Opaque from the start, so that the premultiplied pixels are the plain
    // ones a PNG holds.
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree(svg)?, Transform::default(), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// The background of SVG `svg`, drawn and deflated, or as drawn lately.
fn back(svg: String, encoder: &mut Encoder) -> Result<Arc<Back>, String> {
    if let Some(back) = BACKS.get(&svg) {
        return Ok(back);
    }
    let pixmap = draw(&svg)?;
    let (top, bottom) = (FRONT_ROWS.start as usize, FRONT_ROWS.end as usize);
    let width = CARD_WIDTH as usize;
    let back = Arc::new(Back {
        top: encoder.segment(&pixmap.data()[..top * ROW], width, false)?,
        bottom: encoder.segment(&pixmap.data()[bottom * ROW..], width, true)?,
        pixmap,
    });
    BACKS.keep(svg, back.clone());
    Ok(back)
}

/// Whether all that `front` draws is within [`FRONT_ROWS`], with a row to
/// spare on either side for antialiasing.
fn within_front_rows(front: &usvg::Tree) -> bool {
    let drawn = front.root().abs_stroke_bounding_box();
    drawn.top().floor() - 1.0 >= FRONT_ROWS.start as f32
        && drawn.bottom().ceil() + 1.0 <= FRONT_ROWS.end as f32
}

/// The share card as a PNG. The same card always gives the same bytes.
pub fn card_png(card: &Card) -> Result<Vec<u8>, String> {
    let Layers {
        back: back_svg,
        front,
    } = card_layers(card);
    let front = tree(&front)?;
    SCRATCH.with_borrow_mut(|(canvas, encoder)| {
        let back = back(back_svg, encoder)?;
        let width = CARD_WIDTH as usize;
        // Only the rows the front draws on are copied, drawn and deflated;
        // a front that strays beyond them (no card's does) is drawn whole.
        let rows = if within_front_rows(&front) {
            FRONT_ROWS.start as usize * ROW..FRONT_ROWS.end as usize * ROW
        } else {
            0..CARD_HEIGHT as usize * ROW
        };
        canvas.resize(CARD_HEIGHT as usize * ROW, 0);
        canvas[rows.clone()].copy_from_slice(&back.pixmap.data()[rows.clone()]);
        let mut pixmap = PixmapMut::from_bytes(canvas, CARD_WIDTH, CARD_HEIGHT)
            .ok_or("cannot allocate the share card")?;
        resvg::render(&front, Transform::default(), &mut pixmap);
        let png = if rows.start == 0 {
            let whole = encoder.segment(&canvas[rows], width, true)?;
            encode::png(CARD_WIDTH, CARD_HEIGHT, &[&whole])
        } else {
            let middle = encoder.segment(&canvas[rows], width, false)?;
            encode::png(CARD_WIDTH, CARD_HEIGHT, &[&back.top, &middle, &back.bottom])
        };
        Ok(png)
    })
}

/// What a badge shows, in the page's language.
#[derive(Debug, Clone)]
pub struct Badge {
    pub platform: String,
    /// "62.4 of 100 · 2026", and the band of the score.
    pub score: String,
    pub band: &'static str,
    /// The whole statement, for screen readers.
    pub title: String,
    pub rtl: bool,
}

/// A small self-contained SVG badge: the platform's name, then its total "of
/// 100" and the edition on its band's colour. Text is sized with
/// `textLength`, so it fits whatever font the viewer has.
pub fn badge_svg(badge: &Badge) -> String {
    const SIZE: f32 = 13.0;
    const PAD: f32 = 9.0;
    const HEIGHT: f32 = 26.0;
    let name = fit(&badge.platform, SIZE, true, 320.0);
    let lw = text_width(&name, SIZE, true).ceil();
    let rw = text_width(&badge.score, SIZE, false).ceil();
    let (left_box, right_box) = (lw + 2.0 * PAD, rw + 2.0 * PAD);
    let width = left_box + right_box;
    let baseline = 17.5;
    let band = band_colour(badge.band);
    let mut c = Canvas::new(width, badge.rtl);
    let _ = write!(
        c.svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" role="img" aria-labelledby="badge-title"><title id="badge-title">{}</title>"#,
        super::escape_html(&badge.title),
    );
    c.rect(0.0, 0.0, width, HEIGHT, &format!(r#"rx="4" fill="{INK}""#));
    c.rect(
        left_box,
        0.0,
        right_box,
        HEIGHT,
        &format!(r#"rx="4" fill="{band}""#),
    );
    c.rect(left_box, 0.0, 8.0, HEIGHT, &format!(r#"fill="{band}""#));
    c.raw(&format!(
        r#"<g font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="{SIZE}" aria-hidden="true">"#
    ));
    c.text(
        PAD,
        baseline,
        Anchor::Start,
        &format!(
            r#"font-weight="bold" fill="{WHITE}" textLength="{lw}" lengthAdjust="spacingAndGlyphs""#
        ),
        &name,
    );
    c.text(
        left_box + PAD,
        baseline,
        Anchor::Start,
        &format!(r#"fill="{INK}" textLength="{rw}" lengthAdjust="spacingAndGlyphs""#),
        &badge.score,
    );
    c.raw("</g></svg>\n");
    c.svg
}

#[cfg(test)]
mod tests {
    use super::encode::tests::{decoded, rgb};
    use super::*;

    fn card(name: &str, rtl: bool) -> Card {
        Card {
            site_title: "HRD Protection Scorecard".into(),
            platform: name.into(),
            company: "Example <Co> & Sons".into(),
            total: "62.5".into(),
            band: "band-3",
            of_100: "of 100".into(),
            rank: "Rank 2 of 6 platforms".into(),
            actions_heading: "Score on each action, of 100".into(),
            actions: vec![
                ("1".into(), Some(100.0)),
                ("2".into(), Some(50.0)),
                ("3".into(), None),
            ],
            foot: "2026 edition · Example CSO Coalition · example.org/scorecard".into(),
            sample: Some("SAMPLE DATA · FICTIONAL".into()),
            rtl,
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
        let svg = card_svg(&card(long, false));
        assert!(svg.contains('…'), "{svg}");
        assert!(svg.contains("Example &lt;Co&gt; &amp; Sons"));
        assert!(card_svg(&card("Short", false)).contains(">Short</text>"));
    }

    #[test]
    fn the_card_is_a_deterministic_png_of_the_right_size() {
        let a = card_png(&card("Example Social", false)).unwrap();
        let b = card_png(&card("Example Social", false)).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, after the chunk length and type.
        assert_eq!(u32::from_be_bytes(a[16..20].try_into().unwrap()), 1200);
        assert_eq!(u32::from_be_bytes(a[20..24].try_into().unwrap()), 630);
        assert_ne!(a, card_png(&card("Example Video", false)).unwrap());
    }

    #[test]
    fn a_card_drawn_over_its_background_is_the_picture_of_its_whole_svg() {
        let arabic = "منصة التواصل الاجتماعي النموذجية";
        for (name, rtl) in [
            ("Example Social", false),
            ("Example Social", true),
            (arabic, true),
            ("Ǻǹ Ëxtraordinarily Lóng Ŋame, Ŧhat Göes On Ånd Øn", false),
        ] {
            let social = card(name, rtl);
            let whole = draw(&card_svg(&social)).unwrap();
            // Drawn one after the other on one thread, each card is drawn
            // on what the one before left: the rows it does not draw on
            // come from its background all the same.
            let (info, pixels) = decoded(&card_png(&social).unwrap());
            assert_eq!(info.color_type, png::ColorType::Rgb);
            assert!(pixels == rgb(whole.data()), "{name}");
            let Layers { back, front } = card_layers(&social);
            assert!(within_front_rows(&tree(&front).unwrap()), "{name}");
            // And the background is the same for another platform.
            assert_eq!(card_layers(&card("Example Video", rtl)).back, back);
        }
    }

    #[test]
    fn a_front_beyond_its_rows_is_drawn_whole() {
        let header = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">"#;
        let at = |y: u32| {
            let svg = format!(r#"{header}<rect x="10" y="{y}" width="5" height="10"/></svg>"#);
            within_front_rows(&tree(&svg).unwrap())
        };
        assert!(at(300));
        assert!(!at(FRONT_ROWS.start), "the row before is spare");
        assert!(!at(FRONT_ROWS.end - 10));
        assert!(!at(0) && !at(620));
    }

    #[test]
    fn a_right_to_left_card_is_mirrored() {
        let ltr = card_svg(&card("Example Social", false));
        let rtl = card_svg(&card("Example Social", true));
        // The accent stripe moves from the left edge to the right one, and
        // texts that start at the left start at the right.
        assert!(ltr.contains(r#"<rect x="0" y="0" width="16""#), "{ltr}");
        assert!(rtl.contains(r#"<rect x="1184" y="0" width="16""#), "{rtl}");
        assert!(
            rtl.contains(r#"<text x="1128" y="196" text-anchor="end""#),
            "{rtl}"
        );
        assert!(
            rtl.contains(">Example Social</text>"),
            "a name stays left-to-right"
        );
        assert!(card_svg(&card("مثال", true)).contains("\u{202b}مثال\u{202c}"));
        roxmltree::Document::parse(&rtl).expect("well-formed card");
        card_png(&card("مثال", true)).unwrap();
    }

    #[test]
    fn the_badge_names_everything_for_screen_readers() {
        let badge = |rtl| {
            badge_svg(&Badge {
                platform: "Example <Social>".into(),
                score: "62.5 of 100 · 2026".into(),
                band: "band-3",
                title: "Example <Social> scores 62.5 of 100 in the 2026 edition".into(),
                rtl,
            })
        };
        let svg = badge(false);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"badge-title\">Example &lt;Social&gt; scores 62.5"));
        assert!(svg.contains("62.5 of 100 · 2026"));
        assert!(!svg.contains("href"), "self-contained: {svg}");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(svg.contains(r#"<rect x="0" y="0""#), "{svg}");
        let rtl = badge(true);
        roxmltree::Document::parse(&rtl).expect("well-formed XML");
        assert!(!rtl.contains(r#"<rect x="0" y="0" width="8""#), "{rtl}");
        roxmltree::Document::parse(&card_svg(&card("A <b> & c", false))).expect("well-formed card");
    }
}
