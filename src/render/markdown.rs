//! Markdown from evidence files → sanitised HTML. This is the only place that
//! produces HTML which templates may print unescaped.
//!
//! Two layers: raw HTML in the markdown is turned into visible text before
//! rendering, and the rendered HTML then passes ammonia, which keeps only a
//! short list of tags and http(s)/mailto links. Markdown that ammonia would
//! pass unchanged is written as it would leave it, without the second pass
//! (`direct`).

mod direct;

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Where a piece of markdown comes from decides which links it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Rationales, summaries, notes: links must be absolute http(s) or mailto.
    Evidence,
    /// The site's own extra pages: relative links to other pages are allowed too.
    Page,
}

fn sanitiser(relative_links: bool) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.tags(HashSet::from([
        "a",
        "p",
        "br",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "sup",
        "sub",
    ]))
    .url_schemes(HashSet::from(["http", "https", "mailto"]))
    .link_rel(Some(direct::LINK_REL))
    .url_relative(if relative_links {
        ammonia::UrlRelative::PassThrough
    } else {
        ammonia::UrlRelative::Deny
    });
    b
}

static EVIDENCE: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| sanitiser(false));
static PAGE: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| sanitiser(true));

/// Elements nested deeper than this are flattened into their enclosing one.
/// The sanitiser's HTML parser spends time in proportion to the depth on each
/// element, so a few kilobytes of `>>>>…` or `- - - …` (thousands of nested
/// quotes or lists) took minutes to render; no real text nests this deep.
pub const MAX_DEPTH: usize = 24;

/// Renders markdown to HTML that is safe to insert into a page.
pub fn to_safe_html(markdown: &str, origin: Origin) -> String {
    let events: Vec<Event> = tamed(markdown).collect();
    let capacity = markdown.len() * 3 / 2;
    match direct::write(&events, origin == Origin::Page, capacity) {
        Some(html) => html,
        None => sanitised(events, origin, capacity),
    }
}

/// [`to_safe_html`] always through the sanitiser: the reference that the
/// direct path is held to.
pub fn to_safe_html_by_sanitiser(markdown: &str, origin: Origin) -> String {
    sanitised(tamed(markdown).collect(), origin, markdown.len() * 3 / 2)
}

fn sanitised(events: Vec<Event>, origin: Origin, capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let sanitiser = match origin {
        Origin::Evidence => &*EVIDENCE,
        Origin::Page => &*PAGE,
    };
    sanitiser.clean(&html).to_string()
}

/// The events of `markdown` with what a page must not show tamed: raw HTML
/// as text, headings below the page's, images as their alt text, and
/// nesting beyond [`MAX_DEPTH`] flattened.
fn tamed(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML is shown as the text it is, never interpreted.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        // The page has one h1 and section headings; markdown headings sit below them.
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        // Images would load from hosts we do not control; keep the alt text only.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => Event::Text("".into()),
        other => other,
    });
    // Which open elements were kept: those beyond MAX_DEPTH are dropped, their
    // content kept (after a space, so that words do not run together).
    let mut open: Vec<bool> = Vec::new();
    events.map(move |event| match event {
        Event::Start(tag) => {
            let keep = open.len() < MAX_DEPTH;
            open.push(keep);
            if keep {
                Event::Start(tag)
            } else {
                Event::Text(" ".into())
            }
        }
        Event::End(tag) => {
            if open.pop().unwrap_or(true) {
                Event::End(tag)
            } else {
                Event::Text("".into())
            }
        }
        other => other,
    })
}

/// The words of a piece of markdown, without its markup, on one line (for
/// the search index). Raw HTML counts as the text it is.
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(md: &str) -> String {
        to_safe_html(md, Origin::Evidence)
    }

    #[test]
    fn keeps_ordinary_markdown() {
        let html = evidence("Some *emphasis*, a [link](https://a.example/x), and:\n\n- one\n- two");
        assert!(html.contains("<em>emphasis</em>"));
        assert!(html.contains(
            r#"<a href="https://a.example/x" rel="noopener noreferrer nofollow">link</a>"#
        ));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn raw_html_becomes_text() {
        let html = evidence("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_are_dropped() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "[x](JaVaScRiPt:alert(1))",
            "<javascript:alert(1)>",
            "[x](../relative)",
        ] {
            let html = evidence(md);
            assert!(!html.contains("href"), "{md} gave {html}");
        }
        assert!(to_safe_html("[x](../2026/)", Origin::Page).contains(r#"href="../2026/""#));
    }

    #[test]
    fn images_and_top_headings_are_tamed() {
        let html = evidence("# Title\n\n![alt text](https://tracker.example/p.png)");
        assert!(html.contains("<h3>Title</h3>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("alt text"), "{html}");
    }

    #[test]
    fn deep_nesting_is_flattened_and_kept_whole() {
        for (markdown, tag) in [
            (">".repeat(5000) + " deep", "blockquote"),
            ("- ".repeat(5000) + "deep", "ul"),
            ("1. ".repeat(3000) + "deep", "ol"),
        ] {
            let html = evidence(&markdown);
            let opened = html.matches(&format!("<{tag}>")).count();
            assert_eq!(opened, html.matches(&format!("</{tag}>")).count(), "{tag}");
            assert!(
                (MAX_DEPTH / 3..=MAX_DEPTH).contains(&opened),
                "{tag}: {opened}"
            );
            assert!(html.contains("deep"), "{tag}");
        }
        // Ordinary nesting is untouched.
        let html = evidence("> - one\n>   - two\n>     - *three*");
        assert_eq!(html.matches("<ul>").count(), 3, "{html}");
        assert!(html.contains("<em>three</em>"), "{html}");
    }

    #[test]
    fn template_syntax_is_plain_text() {
        let html = evidence("{{ config }} {% include \"x\" %}");
        assert!(html.contains("{{ config }}"));
    }

    #[test]
    fn plain_text_keeps_the_words_only() {
        assert_eq!(
            to_plain_text(
                "A *policy*, [linked](https://a.example).\n\n- one\n- `two`\n\n<b>raw</b>"
            ),
            "A policy, linked. one two <b>raw</b>"
        );
    }
}
