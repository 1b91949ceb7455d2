//! A reader over a parsed TOML document that turns tables into typed values
//! while collecting every problem: unknown keys (with the closest known key),
//! wrong types and missing keys, all of them, not only the first as serde would.

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Code, Diagnostics, Severity};
use crate::ids::{
    CountryCode, HttpUrl, IdError, IndicatorId, LanguageTag, LicenseId, RatingId, Slug,
};
use crate::model::{without_controls, Text, Translation};
use crate::source::{FileId, Span, Spanned};

/// The file being read and where its diagnostics go.
pub struct Ctx<'a> {
    pub file: FileId,
    /// Path relative to the data root.
    pub path: &'a str,
    /// Byte offset of the parsed text in the file (front matter starts after `+++`).
    pub base: usize,
    pub diagnostics: &'a mut Diagnostics,
}

impl Ctx<'_> {
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.start + self.base..range.end + self.base)
    }

    pub fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let d = self.diagnostics.push_at(
            Severity::Error,
            code,
            self.path.to_owned(),
            Some(span),
            message,
        );
        d.help = help;
    }
}

/// A value was present but could not be read; its diagnostic is already recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

/// Why a value could not be read as the type asked for.
#[derive(Debug)]
pub struct ValueError {
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
    /// Where inside the value the problem is (an entry of a table); the
    /// whole value when `None`.
    pub span: Option<Span>,
}

impl ValueError {
    fn wrong_type(expected: &str, found: &DeValue) -> ValueError {
        ValueError {
            code: Code::WrongType,
            message: format!("expected {expected}, found {}", describe(found)),
            help: None,
            span: None,
        }
    }

    fn invalid(code: Code, e: IdError) -> ValueError {
        ValueError {
            code,
            message: e.message,
            help: Some(e.help),
            span: None,
        }
    }
}

fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(d) if d.time.is_some() && d.date.is_some() => "a date-time",
        DeValue::Datetime(d) if d.date.is_none() => "a time",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A type that one TOML value can be read as.
pub trait FromValue: Sized {
    fn from_value(value: &DeValue) -> Result<Self, ValueError>;

    /// Reads the value with its place in the file, for types that keep the
    /// spans of their parts.
    fn from_spanned(value: &toml::Spanned<DeValue>, _ctx: &Ctx) -> Result<Self, ValueError> {
        Self::from_value(value.get_ref())
    }
}

impl FromValue for Text {
    /// A plain string; tables are read by [`FromValue::from_spanned`], which
    /// keeps the place of each language.
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        String::from_value(value).map(Text::Same)
    }

    fn from_spanned(value: &toml::Spanned<DeValue>, ctx: &Ctx) -> Result<Self, ValueError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(Text::Same(without_controls(s).into_owned())),
            DeValue::Table(table) => {
                // A table whose keys are not language tags is most likely a
                // table where a string belongs.
                if let Some((key, _)) = table
                    .iter()
                    .find(|(k, _)| LanguageTag::parse(k.get_ref()).is_err())
                {
                    return Err(ValueError {
                        help: Some(
                            "write one string, or a table by language: { en = \"…\", ar = \"…\" }"
                                .into(),
                        ),
                        message: format!(
                            "expected a string or a table of strings by language, found a table whose key `{}` is not a language",
                            key.get_ref()
                        ),
                        ..ValueError::wrong_type("", value.get_ref())
                    });
                }
                let mut list = Vec::with_capacity(table.len());
                for (key, text) in table.iter() {
                    let DeValue::String(s) = text.get_ref() else {
                        return Err(ValueError {
                            span: Some(ctx.span(text.span())),
                            ..ValueError::wrong_type(
                                &format!("a string for `{}`", key.get_ref()),
                                text.get_ref(),
                            )
                        });
                    };
                    list.push(Translation {
                        language: Spanned::new(key.get_ref().to_string(), ctx.span(key.span())),
                        text: Spanned::new(without_controls(s).into_owned(), ctx.span(text.span())),
                    });
                }
                Ok(Text::PerLanguage(list))
            }
            other => Err(ValueError {
                help: Some(
                    "write one string, or a table by language: { en = \"…\", ar = \"…\" }".into(),
                ),
                ..ValueError::wrong_type("a string or a table of strings by language", other)
            }),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        match value {
            DeValue::String(s) => Ok(without_controls(s).into_owned()),
            other => Err(ValueError::wrong_type("a string", other)),
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        match value {
            DeValue::Boolean(b) => Ok(*b),
            other => {
                let mut e = ValueError::wrong_type("a boolean", other);
                if let DeValue::String(s) = other {
                    if s == "true" || s == "false" {
                        e.help = Some(format!("remove the quotes: {s}"));
                    }
                }
                Err(e)
            }
        }
    }
}

impl FromValue for i64 {
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        match value {
            DeValue::Integer(i) => {
                i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| ValueError {
                    code: Code::InvalidValue,
                    message: "the integer is too large".into(),
                    help: None,
                    span: None,
                })
            }
            other => Err(ValueError::wrong_type("an integer", other)),
        }
    }
}

impl FromValue for f64 {
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        match value {
            DeValue::Integer(_) => i64::from_value(value).map(|i| i as f64),
            DeValue::Float(f) => f
                .as_str()
                .replace('_', "")
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .ok_or_else(|| ValueError {
                    code: Code::InvalidValue,
                    message: format!("`{}` is not a finite number", f.as_str()),
                    help: None,
                    span: None,
                }),
            other => Err(ValueError::wrong_type("a number", other)),
        }
    }
}

impl FromValue for NaiveDate {
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        let wrong = |found: &DeValue, help: &str| ValueError {
            help: Some(help.to_owned()),
            ..ValueError::wrong_type("a date such as 2026-11-01", found)
        };
        match value {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                        .ok_or_else(|| wrong(value, "the day does not exist in that month"))
                }
                (Some(d), Some(_)) => Err(wrong(
                    value,
                    &format!(
                        "keep the date alone: {:04}-{:02}-{:02}",
                        d.year, d.month, d.day
                    ),
                )),
                _ => Err(wrong(value, "write the date as YYYY-MM-DD")),
            },
            DeValue::String(s) if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => {
                Err(wrong(value, &format!("remove the quotes: {s}")))
            }
            other => Err(wrong(other, "write the date unquoted, as YYYY-MM-DD")),
        }
    }
}

/// Types read from a string that must then pass their own constructor.
macro_rules! from_checked_string {
    ($($ty:ty => $code:expr),* $(,)?) => {$(
        impl FromValue for $ty {
            fn from_value(value: &DeValue) -> Result<Self, ValueError> {
                checked_string(value, $code, |s| <$ty>::parse(&s))
            }
        }
    )*};
}

from_checked_string! {
    Slug => Code::InvalidSlug,
    IndicatorId => Code::InvalidId,
    RatingId => Code::InvalidId,
    LanguageTag => Code::InvalidValue,
    CountryCode => Code::InvalidValue,
    LicenseId => Code::InvalidValue,
}

// An address keeps the string read: no copy of half a million of them.
impl FromValue for HttpUrl {
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        checked_string(value, Code::InvalidUrl, HttpUrl::parse_owned)
    }
}

/// A string that `parse` checks, its error reported as `code`.
fn checked_string<T>(
    value: &DeValue,
    code: Code,
    parse: impl FnOnce(String) -> Result<T, IdError>,
) -> Result<T, ValueError> {
    parse(String::from_value(value)?).map_err(|e| ValueError::invalid(code, e))
}

/// One TOML table being read: every key asked for is remembered, so that
/// [`Table::finish`] can report the keys nobody asked for.
pub struct Table<'c, 'a, 'i> {
    ctx: &'c mut Ctx<'a>,
    table: &'c DeTable<'i>,
    /// Where "missing key" diagnostics point: the table's header, or the file start.
    span: Span,
    /// What the table is, for messages: "finding", "source", "scorecard.toml".
    what: &'static str,
    /// The dotted name of the table as a header writes it (`finding.source`);
    /// empty for a file's root table.
    header: String,
    known: Vec<&'static str>,
}

impl<'c, 'a, 'i> Table<'c, 'a, 'i> {
    pub fn new(
        ctx: &'c mut Ctx<'a>,
        table: &'c DeTable<'i>,
        span: Span,
        what: &'static str,
    ) -> Self {
        Table {
            ctx,
            table,
            span,
            what,
            header: String::new(),
            known: Vec::new(),
        }
    }

    /// The header of this table's `key` array of tables: `[[finding.source]]`
    /// inside a finding, not `[[source]]`.
    fn child_header(&self, key: &str) -> String {
        if self.header.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.header)
        }
    }

    pub fn ctx(&mut self) -> &mut Ctx<'a> {
        self.ctx
    }

    fn lookup(&mut self, key: &'static str) -> Option<&'c toml::Spanned<DeValue<'i>>> {
        self.known.push(key);
        let table: &'c DeTable<'i> = self.table;
        table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    fn read<T: FromValue>(
        &mut self,
        key: &'static str,
        value: &toml::Spanned<DeValue>,
    ) -> Option<Spanned<T>> {
        let span = self.ctx.span(value.span());
        match T::from_spanned(value, self.ctx) {
            Ok(v) => Some(Spanned::new(v, span)),
            Err(e) => {
                let message = if e.code == Code::WrongType {
                    format!("`{key}`: {}", e.message)
                } else {
                    e.message
                };
                self.ctx
                    .error(e.code, e.span.unwrap_or(span), message, e.help);
                None
            }
        }
    }

    /// Where the value of `key` is, if the table has it.
    pub fn value_span(&self, key: &str) -> Option<Span> {
        let table: &DeTable = self.table;
        table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| self.ctx.span(v.span()))
    }

    /// A required key; a diagnostic and `None` if it is missing or invalid.
    pub fn required<T: FromValue>(&mut self, key: &'static str) -> Option<Spanned<T>> {
        match self.lookup(key) {
            Some(value) => self.read(key, value),
            None => {
                let message = format!("missing required key `{key}` in {}", self.what);
                let help = Some(format!("add `{key} = …` to this table"));
                self.ctx.error(Code::MissingKey, self.span, message, help);
                None
            }
        }
    }

    /// An optional key: `Ok(None)` when absent, `Err(Reported)` when present but invalid
    /// (the diagnostic is already recorded).
    pub fn optional<T: FromValue>(
        &mut self,
        key: &'static str,
    ) -> Result<Option<Spanned<T>>, Reported> {
        match self.lookup(key) {
            Some(value) => self.read(key, value).map(Some).ok_or(Reported),
            None => Ok(None),
        }
    }

    /// An optional array of values, e.g. `services = ["a", "b"]`.
    pub fn list<T: FromValue>(&mut self, key: &'static str) -> Result<Vec<Spanned<T>>, Reported> {
        let Some(value) = self.lookup(key) else {
            return Ok(Vec::new());
        };
        let DeValue::Array(items) = value.get_ref() else {
            let span = self.ctx.span(value.span());
            let message = format!(
                "`{key}`: {}",
                ValueError::wrong_type("an array", value.get_ref()).message
            );
            self.ctx.error(
                Code::WrongType,
                span,
                message,
                Some(format!("write `{key} = [\"…\"]`")),
            );
            return Err(Reported);
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            match self.read(key, item) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        if ok {
            Ok(out)
        } else {
            Err(Reported)
        }
    }

    /// An optional array of tables, `[[key]]`, each read by `read`; `Err` if any
    /// element failed (its diagnostics are recorded).
    pub fn tables<T>(
        &mut self,
        key: &'static str,
        what: &'static str,
        read: impl FnMut(&mut Table<'_, 'a, 'i>) -> Option<T>,
    ) -> Result<Vec<T>, Reported> {
        let (items, all_ok) = self.tables_lenient(key, what, read);
        if all_ok {
            Ok(items)
        } else {
            Err(Reported)
        }
    }

    /// Like [`Table::tables`], but keeps the elements that were read whole and
    /// says whether all were.
    pub fn tables_lenient<T>(
        &mut self,
        key: &'static str,
        what: &'static str,
        mut read: impl FnMut(&mut Table<'_, 'a, 'i>) -> Option<T>,
    ) -> (Vec<T>, bool) {
        let Some(value) = self.lookup(key) else {
            return (Vec::new(), true);
        };
        let DeValue::Array(items) = value.get_ref() else {
            let span = self.ctx.span(value.span());
            let message = format!(
                "`{key}`: {}",
                ValueError::wrong_type("an array of tables", value.get_ref()).message
            );
            let help = format!(
                "write each entry under its own `[[{}]]` header",
                self.child_header(key)
            );
            self.ctx.error(Code::WrongType, span, message, Some(help));
            return (Vec::new(), false);
        };
        let header = self.child_header(key);
        let mut out = Vec::with_capacity(items.len());
        let mut all_ok = true;
        for item in items.iter() {
            let span = self.ctx.span(item.span());
            let DeValue::Table(table) = item.get_ref() else {
                let message = format!(
                    "`{key}`: {}",
                    ValueError::wrong_type("a table", item.get_ref()).message
                );
                self.ctx.error(Code::WrongType, span, message, None);
                all_ok = false;
                continue;
            };
            let mut child = Table::new(&mut *self.ctx, table, span, what);
            child.header.clone_from(&header);
            let value = read(&mut child);
            child.finish();
            match value {
                Some(v) => out.push(v),
                None => all_ok = false,
            }
        }
        (out, all_ok)
    }

    /// Reports every key of the table that was not asked for.
    pub fn finish(self) {
        let table: &DeTable = self.table;
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if self.known.contains(&name) {
                continue;
            }
            let span = self.ctx.span(key.span());
            let help = match closest(name, &self.known) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the keys of {} are: {}", self.what, self.known.join(", ")),
            };
            let message = format!("unknown key `{name}` in {}", self.what);
            self.ctx.error(Code::UnknownKey, span, message, Some(help));
        }
    }
}

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub fn closest<'s>(name: &str, candidates: &[&'s str]) -> Option<&'s str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(name, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_key_for_typos() {
        let keys = ["indicator", "rating", "rationale", "source"];
        assert_eq!(closest("rationle", &keys), Some("rationale"));
        assert_eq!(closest("ratng", &keys), Some("rating"));
        assert_eq!(closest("zzz", &keys), None);
    }

    #[test]
    fn wrong_type_help_names_the_whole_header() {
        let text = "[[finding]]\nindicator = \"1.1\"\n\n[finding.source]\ntitle = \"t\"\n";
        let (document, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let mut diagnostics = Diagnostics::new();
        let mut ctx = Ctx {
            file: 0,
            path: "f.toml",
            base: 0,
            diagnostics: &mut diagnostics,
        };
        let mut root = Table::new(&mut ctx, document.get_ref(), Span::new(0, 0..0), "file");
        let findings = root.tables("finding", "finding", |t| {
            t.optional::<String>("indicator").ok()?;
            t.tables("source", "source", |_| Some(())).ok()
        });
        root.finish();
        assert!(findings.is_err());
        let found: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.help.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [(
                Code::WrongType,
                "write each entry under its own `[[finding.source]]` header".to_owned()
            )]
        );
    }
}
