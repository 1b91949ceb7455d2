//! Diagnostics: one type for every problem found in the data, and its three
//! renderings (rustc-style for a terminal, one line each, and JSON).

use std::io::{self, Write};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use serde::Serialize;

use crate::source::{SourceMap, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $id:literal, $name:literal, $doc:literal;)*) => {
        /// The stable code of each rule; the README lists them all.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
            /// The stable identifier, e.g. `E006`.
            pub fn id(self) -> &'static str { match self { $(Code::$variant => $id,)* } }
            /// A readable name, e.g. `unknown-indicator`.
            pub fn name(self) -> &'static str { match self { $(Code::$variant => $name,)* } }
            /// One sentence on what the rule checks.
            pub fn doc(self) -> &'static str { match self { $(Code::$variant => $doc,)* } }
        }
    };
}

codes! {
    TomlSyntax = "E001", "toml-syntax", "The file is not valid TOML.";
    UnknownKey = "E002", "unknown-key", "A key that the data format does not define.";
    WrongType = "E003", "wrong-type", "A value of the wrong type (a string where a date belongs, say).";
    MissingKey = "E004", "missing-key", "A required key is absent.";
    InvalidUtf8 = "E005", "invalid-utf8", "The file is not valid UTF-8 text.";
    UnknownIndicator = "E006", "unknown-indicator", "A finding names an indicator that the edition's framework does not have.";
    UnknownRating = "E007", "unknown-rating", "A finding uses a rating that is not on the edition's scale.";
    DuplicateFinding = "E008", "duplicate-finding", "Two findings of one platform rate the same indicator.";
    MissingSource = "E009", "missing-source", "A finding rated other than `no_evidence` or `not_applicable` has no source.";
    InvalidUrl = "E010", "invalid-url", "A URL that is not an absolute http(s) address.";
    AccessedAfterEdition = "E011", "accessed-after-edition", "A source was accessed after the edition's publication date.";
    PublishedAfterAccessed = "E012", "published-after-accessed", "A source's publication date is after the date it was accessed.";
    InvalidSlug = "E013", "invalid-slug", "A slug or edition label that is not lowercase letters and digits joined by single hyphens.";
    LabelMismatch = "E014", "label-mismatch", "An edition's `label` differs from its folder name.";
    ActionNumbering = "E015", "action-numbering", "Action numbers are duplicated or do not run 1, 2, 3, … without gaps.";
    DuplicateIndicator = "E016", "duplicate-indicator", "Two indicators share an id.";
    IndicatorPrefix = "E017", "indicator-prefix", "An indicator id does not start with its action's number.";
    InvalidValue = "E018", "invalid-value", "A value of the right type but outside what is allowed.";
    MissingFile = "E019", "missing-file", "A file the format requires is absent.";
    DuplicateRating = "E020", "duplicate-rating", "Two ratings of the scale share an id.";
    UnsafePath = "E021", "unsafe-path", "A symbolic link that points outside the data folder.";
    MisplacedFile = "E022", "misplaced-file", "A TOML file where the format expects none (a findings file outside any platform folder).";
    DuplicateEdition = "E023", "duplicate-edition", "Two editions whose labels differ only in letter case.";
    InvalidId = "E024", "invalid-id", "An indicator or rating id of the wrong form.";
    FileTooLarge = "E025", "file-too-large", "A file larger than the loader accepts.";
    UnreadableFile = "E026", "unreadable-file", "A file or folder that could not be read.";
    InvalidPage = "E027", "invalid-page", "An extra page without its `+++` front matter.";
    UnknownLanguage = "E028", "unknown-language", "A translation names a language that `scorecard.toml` does not list, or a page is translated into the default language.";
    UnassessedIndicator = "W001", "unassessed-indicator", "An indicator has no finding for a platform; it is excluded from the scores and counted.";
    MissingArchive = "W002", "missing-archive", "A source has no `archive` link to an archived copy.";
    EmptyEdition = "W003", "empty-edition", "An edition has no platforms.";
    MissingRationale = "W004", "missing-rationale", "A rated finding gives no rationale.";
    NoPublishedEdition = "W005", "no-published-edition", "No edition is published, so the site has no front page edition.";
    MissingTranslation = "W006", "missing-translation", "A translated text or page lacks one of the site's languages; the default language's text is shown there instead.";
    DeadLink = "W007", "dead-link", "A source's `url` does not answer, or answers with an error (`check --links` only).";
    DeadArchive = "W008", "dead-archive", "A source's `archive` copy does not answer, or answers with an error (`check --links` only).";
}

/// A further place that a diagnostic points at, such as the first of two duplicates.
#[derive(Debug, Clone)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One problem in the data.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Path relative to the data root. Always set, even where there is no span
    /// (a missing file, a folder with a bad name).
    pub path: String,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// Adds a further place to the diagnostic, e.g. the first of two duplicates.
    pub fn related_at(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

/// The diagnostics of one run, collected from every stage.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `span` and returns it for further detail.
    pub fn error(
        &mut self,
        sources: &SourceMap,
        code: Code,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push_at(
            Severity::Error,
            code,
            sources.path(span.file).to_owned(),
            Some(span),
            message,
        )
    }

    pub fn warning(
        &mut self,
        sources: &SourceMap,
        code: Code,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push_at(
            Severity::Warning,
            code,
            sources.path(span.file).to_owned(),
            Some(span),
            message,
        )
    }

    /// Records a diagnostic about a path that has no text to point into
    /// (a folder, or a file that is missing or unreadable).
    pub fn at_path(
        &mut self,
        severity: Severity,
        code: Code,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push_at(severity, code, path.into(), None, message)
    }

    pub fn push_at(
        &mut self,
        severity: Severity,
        code: Code,
        path: String,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.list.push(Diagnostic {
            severity,
            code,
            path,
            span,
            message: message.into(),
            help: None,
            related: Vec::new(),
        });
        self.list.last_mut().expect("just pushed")
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics sorted by file and position, errors before warnings at one place.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| {
            (
                a.path.as_str(),
                a.span.map(|s| (s.start, s.end)),
                a.severity,
                a.code.id(),
                &a.message,
            )
                .cmp(&(
                    b.path.as_str(),
                    b.span.map(|s| (s.start, s.end)),
                    b.severity,
                    b.code.id(),
                    &b.message,
                ))
        });
        self.list.dedup_by(|a, b| {
            a.path == b.path && a.span == b.span && a.code == b.code && a.message == b.message
        });
        self.list
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }
}

/// How `check` prints diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The source line with a caret under the problem, as rustc shows it.
    Human,
    /// One `file:line:col: severity[code]: message` line per problem.
    Short,
    /// A JSON array, for editors and CI.
    Json,
}

/// 1-based line and column of a diagnostic's start, `(1, 1)` where it has no span.
pub fn position(sources: &SourceMap, diagnostic: &Diagnostic) -> (usize, usize) {
    diagnostic
        .span
        .map_or((1, 1), |s| sources.line_col(s.file, s.start as usize))
}

pub fn render(
    out: &mut dyn Write,
    format: Format,
    color: bool,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    match format {
        Format::Human => render_human(out, color, sources, diagnostics),
        Format::Short => render_short(out, sources, diagnostics),
        Format::Json => render_json(out, sources, diagnostics),
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

pub fn render_short(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for d in diagnostics {
        let (line, col) = position(sources, d);
        write!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            printable(&d.path),
            line,
            col,
            severity_word(d.severity),
            d.code.id(),
            printable(&d.message)
        )?;
        if let Some(help) = &d.help {
            write!(out, " (help: {})", printable(help))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    name: &'static str,
    #[serde(flatten)]
    location: JsonLocation<'a>,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    #[serde(flatten)]
    location: JsonLocation<'a>,
    message: &'a str,
}

fn json_location<'a>(
    sources: &'a SourceMap,
    path: &'a str,
    span: Option<Span>,
) -> JsonLocation<'a> {
    let ((line, column), (end_line, end_column)) = span.map_or(((1, 1), (1, 1)), |s| {
        (
            sources.line_col(s.file, s.start as usize),
            sources.line_col(s.file, s.end as usize),
        )
    });
    JsonLocation {
        file: path,
        line,
        column,
        end_line,
        end_column,
    }
}

pub fn render_json(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let list: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity,
            code: d.code.id(),
            name: d.code.name(),
            location: json_location(sources, &d.path, d.span),
            message: &d.message,
            help: d.help.as_deref(),
            related: d
                .related
                .iter()
                .map(|r| JsonRelated {
                    location: json_location(sources, sources.path(r.span.file), Some(r.span)),
                    message: &r.message,
                })
                .collect(),
        })
        .collect();
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut *out,
        PrintableJson(serde_json::ser::PrettyFormatter::new()),
    );
    list.serialize(&mut serializer)?;
    writeln!(out)
}

pub fn render_human(
    out: &mut dyn Write,
    color: bool,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let config = term::Config::default();
    let choice = if color {
        term::termcolor::ColorChoice::Always
    } else {
        term::termcolor::ColorChoice::Never
    };
    let mut buffer = term::termcolor::Buffer::no_color();
    if choice == term::termcolor::ColorChoice::Always {
        buffer = term::termcolor::Buffer::ansi();
    }
    let files = PrintableFiles::new(sources, diagnostics);
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut notes = Vec::new();
        if let Some(help) = &d.help {
            notes.push(format!("help: {}", printable(help)));
        }
        let mut labels = Vec::new();
        match d.span {
            Some(span) => labels.push(cs::Label::primary(span.file, span.range())),
            None => notes.insert(0, format!("in: {}", printable(&d.path))),
        }
        for related in &d.related {
            labels.push(
                cs::Label::secondary(related.span.file, related.span.range())
                    .with_message(printable(&related.message)),
            );
        }
        let diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.code.id())
            .with_message(printable(&d.message))
            .with_labels(labels)
            .with_notes(notes);
        term::emit_to_write_style(&mut buffer, &config, &files, &diagnostic)
            .map_err(io::Error::other)?;
    }
    out.write_all(buffer.as_slice())
}

/// Characters that a terminal would obey rather than show (controls, such as
/// the escape that starts colour and cursor sequences), or that reorder the
/// text around them (bidirectional overrides and isolates). Diagnostics echo
/// text from the data, which must not be able to rewrite the screen.
fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every unprintable character written as an escape (`\n`,
/// `\u{1b}`), for messages, helps and paths: each diagnostic stays on its line.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(unprintable) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unprintable(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.into()
}

/// serde_json's pretty output, but with the unprintable characters that JSON
/// allows raw (C1 controls such as U+009B, which some terminals obey, and
/// bidirectional controls) written as `\uXXXX`: the same text when parsed.
struct PrintableJson(serde_json::ser::PrettyFormatter<'static>);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl serde_json::ser::Formatter for PrintableJson {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if unprintable(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every unprintable character lies in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// A file's text as the human format quotes it: each unprintable character
/// but line ends and tabs replaced by a visible one of the same length in
/// bytes, so that every span still addresses the same place.
fn printable_source(text: &str) -> Option<String> {
    let keep = |c: char, next: Option<char>| {
        !unprintable(c) || c == '\n' || c == '\t' || (c == '\r' && next == Some('\n'))
    };
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut done = 0;
    while let Some(c) = chars.next() {
        let at = done;
        done += c.len_utf8();
        if keep(c, chars.peek().copied()) {
            if let Some(out) = &mut out {
                out.push(c);
            }
            continue;
        }
        let out = out.get_or_insert_with(|| text[..at].to_owned());
        out.push(match c.len_utf8() {
            1 => '?',
            2 => '\u{bf}',
            _ => '\u{fffd}',
        });
    }
    out
}

/// The files as the human format shows them: paths and text made printable.
struct PrintableFiles<'a> {
    sources: &'a SourceMap,
    /// The printable text of the files that need it, by id.
    texts: std::collections::BTreeMap<crate::source::FileId, String>,
}

impl<'a> PrintableFiles<'a> {
    fn new(sources: &'a SourceMap, diagnostics: &[Diagnostic]) -> Self {
        let mut texts = std::collections::BTreeMap::new();
        let spans = diagnostics
            .iter()
            .flat_map(|d| d.span.into_iter().chain(d.related.iter().map(|r| r.span)));
        for span in spans {
            if let std::collections::btree_map::Entry::Vacant(entry) = texts.entry(span.file) {
                if let Some(text) = printable_source(sources.get(span.file).text()) {
                    entry.insert(text);
                }
            }
        }
        PrintableFiles { sources, texts }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for PrintableFiles<'_> {
    type FileId = crate::source::FileId;
    type Name = std::borrow::Cow<'a, str>;
    type Source = &'a str;

    fn name(&'a self, id: Self::FileId) -> Result<Self::Name, codespan_reporting::files::Error> {
        self.sources.name(id).map(printable)
    }

    fn source(&'a self, id: Self::FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        match self.texts.get(&id) {
            Some(text) => Ok(text),
            None => self.sources.source(id),
        }
    }

    fn line_index(
        &'a self,
        id: Self::FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.sources.line_index(id, byte_index)
    }

    fn line_range(
        &'a self,
        id: Self::FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        codespan_reporting::files::Files::line_range(self.sources, id, line_index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_text_cannot_drive_the_terminal() {
        assert_eq!(printable("plain `key` é"), "plain `key` é");
        assert_eq!(
            printable("a\nb\u{1b}[2J\r\t\u{7f}\u{202e}c"),
            "a\\nb\\u{1b}[2J\\r\\t\\u{7f}\\u{202e}c"
        );
    }

    #[test]
    fn quoted_source_keeps_its_length_and_line_ends() {
        assert_eq!(printable_source("title = \"x\"\r\n"), None);
        let text = "a\u{1b}[2J\u{85}\u{202e}\tb\rc\r\n";
        let shown = printable_source(text).unwrap();
        assert_eq!(shown, "a?[2J\u{bf}\u{fffd}\tb?c\r\n");
        assert_eq!(shown.len(), text.len());
    }

    #[test]
    fn the_human_format_prints_no_control_character() {
        let mut sources = SourceMap::new();
        let file = sources.add("bad\u{1b}.toml".into(), "\u{1b}[2J = 1\n");
        let mut diagnostics = Diagnostics::new();
        diagnostics
            .error(
                &sources,
                Code::UnknownKey,
                Span::new(file, 0..4),
                "unknown key `\u{1b}[2J`",
            )
            .help = Some("line\nbreak".into());
        let list = diagnostics.sorted();
        for format in [Format::Human, Format::Short, Format::Json] {
            let mut out = Vec::new();
            render(&mut out, format, false, &sources, &list).unwrap();
            let out = String::from_utf8(out).unwrap();
            assert!(!out.contains('\u{1b}'), "{format:?}: {out:?}");
            if format != Format::Json {
                assert!(out.contains("\\u{1b}[2J"), "{format:?}: {out:?}");
            }
        }
    }

    #[test]
    fn json_escapes_c1_and_bidi_controls_and_keeps_the_text() {
        let mut sources = SourceMap::new();
        let file = sources.add("a.toml".into(), "x = 1\n");
        let message = "`\u{85}full\u{9b}2J\u{202e}` is not a rating é";
        let mut diagnostics = Diagnostics::new();
        diagnostics.error(&sources, Code::InvalidId, Span::new(file, 0..1), message);
        let mut out = Vec::new();
        render_json(&mut out, &sources, &diagnostics.sorted()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains(r"\u0085full\u009b2J\u202e"), "{out}");
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed[0]["message"], message);
    }
}
