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
    UnassessedIndicator = "W001", "unassessed-indicator", "An indicator has no finding for a platform; it is excluded from the scores and counted.";
    MissingArchive = "W002", "missing-archive", "A source has no `archive` link to an archived copy.";
    EmptyEdition = "W003", "empty-edition", "An edition has no platforms.";
    MissingRationale = "W004", "missing-rationale", "A rated finding gives no rationale.";
    NoPublishedEdition = "W005", "no-published-edition", "No edition is published, so the site has no front page edition.";
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
            d.path,
            line,
            col,
            severity_word(d.severity),
            d.code.id(),
            d.message
        )?;
        if let Some(help) = &d.help {
            write!(out, " (help: {help})")?;
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
    serde_json::to_writer_pretty(&mut *out, &list)?;
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
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut notes = Vec::new();
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        let mut labels = Vec::new();
        match d.span {
            Some(span) => labels.push(cs::Label::primary(span.file, span.range())),
            None => notes.insert(0, format!("in: {}", d.path)),
        }
        for related in &d.related {
            labels.push(
                cs::Label::secondary(related.span.file, related.span.range())
                    .with_message(&related.message),
            );
        }
        let diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.code.id())
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        term::emit_to_write_style(&mut buffer, &config, sources, &diagnostic)
            .map_err(io::Error::other)?;
    }
    out.write_all(buffer.as_slice())
}
