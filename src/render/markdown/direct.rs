//! The sanitised HTML of markdown written straight from its events, for the
//! markdown the sanitiser has nothing to take out of: paragraphs, emphasis,
//! lists, quotes, headings, code spans and links to allowed addresses — what
//! nearly every rationale holds. The bytes are those that pulldown-cmark's
//! HTML and then ammonia's parse, clean and serialise would give (the tests
//! hold the two paths to that); anything else returns `None` and takes that
//! path. Parsing, cleaning and serialising again was two thirds of the cost
//! of rendering a rationale, and rendering rationales a tenth of a build.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// What the sanitiser adds to every link it keeps.
pub(super) const LINK_REL: &str = "noopener noreferrer nofollow";

/// The HTML of `events`, or `None` if the sanitiser could change any of it.
/// `relative_links`: whether a relative address is kept, as for a page.
pub(super) fn write(events: &[Event<'_>], relative_links: bool, capacity: usize) -> Option<String> {
    let mut writer = Writer {
        out: String::with_capacity(capacity),
        end_newline: true,
        relative_links,
    };
    for event in events {
        match event {
            Event::Start(tag) => writer.start(tag)?,
            Event::End(tag) => writer.end(*tag)?,
            Event::Text(text) => {
                writer.text(text)?;
                writer.end_newline = text.ends_with('\n');
            }
            Event::Code(text) => {
                writer.out.push_str("<code>");
                writer.text(text)?;
                writer.raw("</code>");
            }
            Event::SoftBreak => writer.raw("\n"),
            Event::HardBreak => writer.raw("<br>\n"),
            Event::Rule => writer.block("<hr>\n"),
            _ => return None,
        }
    }
    Some(writer.out)
}

/// Mirrors pulldown-cmark's `HtmlWriter`, which starts a block on a new
/// line: the line breaks between elements are text the sanitiser keeps.
struct Writer {
    out: String,
    end_newline: bool,
    relative_links: bool,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        self.end_newline = s.ends_with('\n');
    }

    /// A block's start tag, on a line of its own.
    fn block(&mut self, s: &str) {
        if !self.end_newline {
            self.out.push('\n');
        }
        self.raw(s);
    }

    fn start(&mut self, tag: &Tag<'_>) -> Option<()> {
        match tag {
            Tag::Paragraph => self.block("<p>"),
            Tag::Heading {
                level,
                id: None,
                classes,
                attrs,
            } if classes.is_empty() && attrs.is_empty() => self.block(&format!("<{level}>")),
            Tag::BlockQuote(None) => self.block("<blockquote>\n"),
            Tag::List(None) => self.block("<ul>\n"),
            Tag::List(Some(1)) => self.block("<ol>\n"),
            Tag::List(Some(start)) => self.block(&format!("<ol start=\"{start}\">\n")),
            Tag::Item => self.block("<li>"),
            Tag::Emphasis => self.raw("<em>"),
            Tag::Strong => self.raw("<strong>"),
            Tag::Strikethrough => self.raw("<del>"),
            // Raw HTML arrives as text (see `to_safe_html`); its block writes nothing.
            Tag::HtmlBlock => {}
            Tag::Link {
                link_type,
                dest_url,
                title,
                id: _,
            } if *link_type != LinkType::Email && title.is_empty() => {
                self.out.push_str("<a href=\"");
                self.href(dest_url)?;
                self.out.push_str("\" rel=\"");
                self.out.push_str(LINK_REL);
                self.raw("\">");
            }
            _ => return None,
        }
        Some(())
    }

    fn end(&mut self, tag: TagEnd) -> Option<()> {
        let html = match tag {
            TagEnd::Paragraph => "</p>\n",
            TagEnd::Heading(level) => {
                let html = format!("</{level}>\n");
                self.raw(&html);
                return Some(());
            }
            TagEnd::BlockQuote(None) => "</blockquote>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::Emphasis => "</em>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</del>",
            TagEnd::Link => "</a>",
            TagEnd::HtmlBlock => return Some(()),
            _ => return None,
        };
        self.raw(html);
        Some(())
    }

    /// Text as the sanitiser's serialiser escapes it. A carriage return or
    /// a NUL, which its parser would change, is left to it.
    fn text(&mut self, text: &str) -> Option<()> {
        let mut start = 0;
        for (i, byte) in text.bytes().enumerate() {
            let entity = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                // The second byte of U+00A0 in UTF-8 (C2 A0): A0 never starts a character.
                0xA0 if i > 0 && text.as_bytes()[i - 1] == 0xC2 => {
                    self.out.push_str(&text[start..i - 1]);
                    self.out.push_str("&nbsp;");
                    start = i + 1;
                    continue;
                }
                b'\r' | b'\0' => return None,
                _ => continue,
            };
            self.out.push_str(&text[start..i]);
            self.out.push_str(entity);
            start = i + 1;
        }
        self.out.push_str(&text[start..]);
        Some(())
    }

    /// A link's address, if the sanitiser keeps it as pulldown-cmark writes
    /// it: of characters that it writes unchanged (or as the entities `&amp;`
    /// and `&#x27;`, which the sanitiser reads back), and absolute http(s) or
    /// mailto, or relative where that is allowed.
    fn href(&mut self, dest: &CowStr<'_>) -> Option<()> {
        if !dest
            .bytes()
            .all(|b| b.is_ascii() && (HREF_SAFE[b as usize] || b == b'&' || b == b'\''))
        {
            return None;
        }
        let kept = match url::Url::parse(dest) {
            Ok(url) => matches!(url.scheme(), "http" | "https" | "mailto"),
            Err(url::ParseError::RelativeUrlWithoutBase) => self.relative_links,
            Err(_) => false,
        };
        if !kept {
            return None;
        }
        for (i, part) in dest.split('&').enumerate() {
            if i > 0 {
                self.out.push_str("&amp;");
            }
            self.out.push_str(part);
        }
        Some(())
    }
}

/// The ASCII characters pulldown-cmark writes into an address as they are
/// (its `escape_href`); it writes the others as entities or %-escapes.
static HREF_SAFE: [bool; 128] = {
    let mut safe = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        safe[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b'-'
                    | b'.'
                    | b'/'
                    | b':'
                    | b';'
                    | b'='
                    | b'?'
                    | b'@'
                    | b'^'
                    | b'_'
                    | b'~'
            );
        b += 1;
    }
    safe
};

#[cfg(test)]
mod tests {
    use super::super::tamed;
    use super::*;

    fn direct(markdown: &str, relative_links: bool) -> Option<String> {
        let events: Vec<Event> = tamed(markdown).collect();
        write(&events, relative_links, 0)
    }

    #[test]
    fn writes_a_rationale_itself() {
        let markdown = "Example Social says so in its [Policy](https://a.example/p?x=1&y=2), \
            *in part*.\n\nIn short:\n\n- **Reach:** every country;\n- `code` & <raw>\n\n> quoted\n";
        let html = direct(markdown, false).expect("written directly");
        assert!(html.contains(
            r#"<a href="https://a.example/p?x=1&amp;y=2" rel="noopener noreferrer nofollow">Policy</a>"#
        ));
        assert!(
            html.contains("<li><code>code</code> &amp; &lt;raw&gt;</li>\n"),
            "{html}"
        );
        assert!(
            html.contains("<blockquote>\n<p>quoted</p>\n</blockquote>\n"),
            "{html}"
        );
    }

    #[test]
    fn leaves_to_the_sanitiser_what_it_would_change() {
        for markdown in [
            "[x](javascript:alert(1))",
            "[x](../relative)",
            "[x](https://a.example/ \"title\")",
            "[x](https://a.example/ü)",
            "<x@a.example>",
            "| a |\n|---|\n| 1 |",
            "note[^1]\n\n[^1]: n",
            "```\ncode\n```",
        ] {
            assert_eq!(direct(markdown, false), None, "{markdown}");
        }
        assert!(direct("[x](../relative)", true).is_some());
    }
}
