//! The site in the language of its readers: the string catalogues
//! (`templates/i18n/<lang>.toml`, built in and overridable), and numbers,
//! dates and plurals written as the locale writes them (ICU4X with its
//! compiled CLDR data).
//!
//! A catalogue is a TOML file of sections of strings: `[nav] overview =
//! "Overview"` is the key `nav.overview`. A string may hold placeholders,
//! `{rank}`, filled in by the page contexts; one that depends on a number is
//! a table by CLDR plural category, `{ one = "{count} source", other =
//! "{count} sources" }`. Templates print strings without placeholders
//! straight from the catalogue, as `{{ t.nav.overview }}`; every other string
//! is filled in `render::context`, never written in a template or in code.
//!
//! English is the reference: every catalogue has exactly its keys. A
//! `templates/i18n/<lang>.toml` beside the data overrides single strings of a
//! built-in catalogue, or adds a language, which must then give every key.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::Datelike;
use icu_calendar::Gregorian;
use icu_datetime::fieldsets::{MD, Y, YMD};
use icu_datetime::input::Date;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::DecimalFormatter;
use icu_locale::{Locale as IcuLocale, LocaleDirectionality};
use icu_plurals::{PluralCategory, PluralRules};
use serde::Serialize;

use crate::ids::LanguageTag;
use crate::recent::Memo;

/// The catalogues built into the binary, English first.
pub const BUILTIN_CATALOGUES: &[(&str, &str)] = &[
    ("en", include_str!("../templates/i18n/en.toml")),
    ("ar", include_str!("../templates/i18n/ar.toml")),
    ("es", include_str!("../templates/i18n/es.toml")),
];

/// The plural categories of CLDR, as a catalogue names them.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("string catalogue {file}: {message}")]
    Invalid { file: String, message: String },
    #[error("there is no string catalogue for language `{0}`: add templates/i18n/{0}.toml (the built-in ones are en, ar and es)")]
    Missing(String),
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
}

/// One string of a catalogue.
#[derive(Debug, Clone, PartialEq)]
enum Message {
    Plain(String),
    /// By plural category; always has `other`.
    Plural(BTreeMap<String, String>),
}

impl Message {
    fn texts(&self) -> Vec<&str> {
        match self {
            Message::Plain(s) => vec![s],
            Message::Plural(m) => m.values().map(String::as_str).collect(),
        }
    }
}

/// The strings of one language, by dotted key.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    messages: BTreeMap<String, Message>,
}

impl Catalogue {
    /// Parses catalogue text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        let invalid = |message: String| CatalogueError::Invalid {
            file: file.to_owned(),
            message,
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut messages = BTreeMap::new();
        flatten("", &table, &mut messages).map_err(invalid)?;
        Ok(Catalogue { messages })
    }

    /// Every key, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    /// The placeholders of a key's strings, sorted, without repeats.
    pub fn placeholders(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .messages
            .get(key)
            .map(|m| m.texts().into_iter().flat_map(placeholders).collect())
            .unwrap_or_default();
        out.sort();
        out.dedup();
        out
    }

    /// Whether a key's string depends on a count.
    pub fn is_plural(&self, key: &str) -> bool {
        matches!(self.messages.get(key), Some(Message::Plural(_)))
    }

    /// The strings without placeholders, nested by section, for templates.
    fn template_strings(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for (key, message) in &self.messages {
            let Message::Plain(text) = message else {
                continue;
            };
            let mut parts: Vec<&str> = key.split('.').collect();
            let last = parts.pop().unwrap_or_default();
            let mut node = &mut root;
            for part in parts {
                node = node
                    .entry(part)
                    .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()))
                    .as_object_mut()
                    .expect("sections and strings have distinct keys");
            }
            node.insert(
                last.to_owned(),
                serde_json::Value::String(escape_text(text)),
            );
        }
        serde_json::Value::Object(root)
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, Message>,
) -> Result<(), String> {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(s) => {
                out.insert(full, Message::Plain(s.clone()));
            }
            toml::Value::Table(t) if t.keys().all(|k| CATEGORIES.contains(&k.as_str())) => {
                let mut forms = BTreeMap::new();
                for (category, form) in t {
                    let toml::Value::String(form) = form else {
                        return Err(format!("`{full}.{category}` is not a string"));
                    };
                    forms.insert(category.clone(), form.clone());
                }
                if !forms.contains_key("other") {
                    return Err(format!(
                        "`{full}` gives plural forms but not `other`, which every language needs"
                    ));
                }
                out.insert(full, Message::Plural(forms));
            }
            toml::Value::Table(t) => flatten(&full, t, out)?,
            _ => return Err(format!("`{full}` is not a string")),
        }
    }
    Ok(())
}

/// The `{name}` placeholders of a string.
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            out.push(name.to_owned());
        }
        rest = &rest[end + 1..];
    }
    out
}

/// Every catalogue the site may use: the built-in ones, overridden and
/// extended by `templates/i18n/*.toml`.
#[derive(Debug, Clone)]
pub struct Catalogues {
    by_language: BTreeMap<String, Catalogue>,
}

impl Catalogues {
    /// The built-in catalogues, with those of `dir/i18n/` over them.
    pub fn load(templates: Option<&Path>) -> Result<Catalogues, CatalogueError> {
        let mut by_language = BTreeMap::new();
        for (language, text) in BUILTIN_CATALOGUES {
            let file = format!("templates/i18n/{language}.toml (built in)");
            by_language.insert((*language).to_owned(), Catalogue::parse(&file, text)?);
        }
        let mut catalogues = Catalogues { by_language };
        let Some(dir) = templates.map(|t| t.join("i18n")).filter(|d| d.is_dir()) else {
            return Ok(catalogues);
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|source| CatalogueError::Read {
                file: dir.display().to_string(),
                source,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for path in files {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| CatalogueError::Read {
                file: file.clone(),
                source,
            })?;
            let language = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let overrides = Catalogue::parse(&file, &text)?;
            catalogues.add(&file, &language, overrides)?;
        }
        Ok(catalogues)
    }

    /// Lays `overrides` over the catalogue of `language` (a new language
    /// must give every key), checking them against English.
    fn add(
        &mut self,
        file: &str,
        language: &str,
        overrides: Catalogue,
    ) -> Result<(), CatalogueError> {
        let invalid = |message: String| CatalogueError::Invalid {
            file: file.to_owned(),
            message,
        };
        let english = &self.by_language["en"];
        for key in overrides.keys() {
            if !english.messages.contains_key(key) {
                let keys: Vec<&str> = english.keys().collect();
                let hint = crate::load::reader::closest(key, &keys)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                return Err(invalid(format!("unknown key `{key}`{hint}")));
            }
            let allowed = english.placeholders(key);
            if let Some(extra) = overrides
                .placeholders(key)
                .into_iter()
                .find(|p| !allowed.contains(p))
            {
                return Err(invalid(format!(
                    "`{key}` uses the placeholder {{{extra}}}, which it is not given (it has: {})",
                    allowed.join(", ")
                )));
            }
        }
        let base = self.by_language.get(language).cloned();
        let merged = match base {
            Some(mut base) => {
                base.messages.extend(overrides.messages);
                base
            }
            None => {
                let missing: Vec<&str> = english
                    .keys()
                    .filter(|k| !overrides.messages.contains_key(*k))
                    .collect();
                if !missing.is_empty() {
                    return Err(invalid(format!(
                        "a new language must give every key; missing: {}",
                        missing.join(", ")
                    )));
                }
                overrides
            }
        };
        self.by_language.insert(language.to_owned(), merged);
        Ok(())
    }

    /// The catalogue of `language`, or of its primary language (`pt` for `pt-BR`).
    pub fn get(&self, language: &LanguageTag) -> Option<&Catalogue> {
        let tag = language.as_str();
        self.by_language
            .get(tag)
            .or_else(|| self.by_language.get(tag.split('-').next().unwrap_or(tag)))
    }
}

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

/// One language of the site: its catalogue and the ICU formatters of its locale.
pub struct Locale {
    pub language: LanguageTag,
    pub dir: Dir,
    catalogue: Catalogue,
    strings: serde_json::Value,
    decimal: DecimalFormatter,
    plurals: PluralRules,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    /// Dates as [`Locale::date`] wrote them: a platform page writes a few
    /// hundred (each source's), nearly all of them written before.
    dates: Memo<chrono::NaiveDate, String>,
    month_day: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

fn icu_locale(tag: &str) -> Result<IcuLocale, CatalogueError> {
    IcuLocale::try_from_str(tag).map_err(|e| CatalogueError::Invalid {
        file: format!("locale `{tag}`"),
        message: e.to_string(),
    })
}

impl Locale {
    /// The locale of `language`. Dates and numbers follow the CLDR locale
    /// named by the catalogue's `meta.format` (so that "en" writes dates the
    /// way this site always has, "2 November 2026"), unless the language tag
    /// itself names a region or script (`en-US`), which then wins.
    pub fn new(catalogues: &Catalogues, language: &LanguageTag) -> Result<Locale, CatalogueError> {
        let catalogue = catalogues
            .get(language)
            .ok_or_else(|| CatalogueError::Missing(language.as_str().to_owned()))?
            .clone();
        let tag = language.as_str();
        let format_tag = match catalogue.messages.get("meta.format") {
            Some(Message::Plain(f)) if !tag.contains('-') => f.clone(),
            _ => tag.to_owned(),
        };
        let plain = icu_locale(tag)?;
        let formats = icu_locale(&format_tag)?;
        let load = |what: &str, e: &dyn std::fmt::Display| CatalogueError::Invalid {
            file: format!("locale `{format_tag}`"),
            message: format!("no {what} data: {e}"),
        };
        let dir = if LocaleDirectionality::new_common().is_right_to_left(&plain.id) {
            Dir::Rtl
        } else {
            Dir::Ltr
        };
        Ok(Locale {
            language: language.clone(),
            dir,
            strings: catalogue.template_strings(),
            decimal: DecimalFormatter::try_new((&formats).into(), Default::default())
                .map_err(|e| load("number", &e))?,
            plurals: PluralRules::try_new_cardinal((&plain).into())
                .map_err(|e| load("plural", &e))?,
            date: FixedCalendarDateTimeFormatter::try_new((&formats).into(), YMD::long())
                .map_err(|e| load("date", &e))?,
            // Enough for every date of a large site, bounded for a long `serve`.
            dates: Memo::new(10_000),
            // The APA citation's "(2026, November 2)" follows the language
            // alone: APA writes the month first in English.
            month_day: FixedCalendarDateTimeFormatter::try_new((&plain).into(), MD::long())
                .map_err(|e| load("date", &e))?,
            year: FixedCalendarDateTimeFormatter::try_new((&plain).into(), Y::long())
                .map_err(|e| load("date", &e))?,
            catalogue,
        })
    }

    /// The catalogue's strings without placeholders, for templates (`t`),
    /// already escaped for HTML: templates print them with `| safe`.
    pub fn strings(&self) -> &serde_json::Value {
        &self.strings
    }

    pub fn rtl(&self) -> bool {
        self.dir == Dir::Rtl
    }

    fn message(&self, key: &str) -> &Message {
        self.catalogue
            .messages
            .get(key)
            .unwrap_or_else(|| panic!("catalogue key `{key}` is used but not defined in en.toml"))
    }

    /// A string without placeholders.
    pub fn t(&self, key: &str) -> &str {
        match self.message(key) {
            Message::Plain(s) => s,
            Message::Plural(forms) => &forms["other"],
        }
    }

    /// A string with its placeholders filled with `args` (plain text).
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        substitute(self.t(key), args, false)
    }

    /// A string as HTML: its own text escaped, its placeholders filled with
    /// `args`, which must already be HTML.
    pub fn fill_html(&self, key: &str, args: &[(&str, &str)]) -> String {
        substitute(self.t(key), args, true)
    }

    /// The form of a plural string for `count`, with `{count}` written for the
    /// locale and the other placeholders filled with `args`.
    pub fn count(&self, key: &str, count: usize, args: &[(&str, &str)]) -> String {
        let form = self.plural_form(key, count);
        let n = self.integer(i64::try_from(count).unwrap_or(i64::MAX));
        let mut all: Vec<(&str, &str)> = vec![("count", n.as_str())];
        all.extend_from_slice(args);
        substitute(form, &all, false)
    }

    /// [`Locale::count`] as HTML (see [`Locale::fill_html`]).
    pub fn count_html(&self, key: &str, count: usize, args: &[(&str, &str)]) -> String {
        let form = self.plural_form(key, count);
        let n = self.integer(i64::try_from(count).unwrap_or(i64::MAX));
        let mut all: Vec<(&str, &str)> = vec![("count", n.as_str())];
        all.extend_from_slice(args);
        substitute(form, &all, true)
    }

    /// Every form of a string that counts, by CLDR plural category, with its
    /// placeholders unfilled: for a script that counts in the page (a plain
    /// string is its `other` form).
    pub fn plural_forms(&self, key: &str) -> BTreeMap<&str, &str> {
        match self.message(key) {
            Message::Plain(s) => BTreeMap::from([("other", s.as_str())]),
            Message::Plural(forms) => forms
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        }
    }

    fn plural_form(&self, key: &str, count: usize) -> &str {
        match self.message(key) {
            Message::Plain(s) => s,
            Message::Plural(forms) => {
                let category = match self.plurals.category_for(count) {
                    PluralCategory::Zero => "zero",
                    PluralCategory::One => "one",
                    PluralCategory::Two => "two",
                    PluralCategory::Few => "few",
                    PluralCategory::Many => "many",
                    PluralCategory::Other => "other",
                };
                forms.get(category).unwrap_or(&forms["other"])
            }
        }
    }

    /// A whole number in the locale's digits ("12", "١٢").
    pub fn integer(&self, n: impl Into<i64>) -> String {
        let n: i64 = n.into();
        self.decimal
            .format(&fixed_decimal::Decimal::from(n))
            .to_string()
    }

    /// A figure to `places` decimals in the locale's digits and separators
    /// ("62.4", "٦٢٫٤", "62,4").
    pub fn decimal(&self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        match text.parse::<fixed_decimal::Decimal>() {
            Ok(d) => self.decimal.format(&d).to_string(),
            Err(_) => text,
        }
    }

    /// A number as written in the data (a weight: "1", "1.5"), in the locale's digits.
    pub fn number(&self, value: f64) -> String {
        let text = format!("{value}");
        match text.parse::<fixed_decimal::Decimal>() {
            Ok(d) => self.decimal.format(&d).to_string(),
            Err(_) => text,
        }
    }

    fn icu_date(d: chrono::NaiveDate) -> Option<Date<Gregorian>> {
        let month = u8::try_from(d.month()).ok()?;
        let day = u8::try_from(d.day()).ok()?;
        Date::try_new_gregorian(d.year(), month, day).ok()
    }

    /// A date as the locale writes it in running text: "2 November 2026".
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        self.dates.get_or_make(d, |&d| match Self::icu_date(d) {
            Some(date) => self.date.format(&date).to_string(),
            None => d.to_string(),
        })
    }

    /// The month and day of a date ("November 2"), for citations.
    pub fn month_day(&self, d: chrono::NaiveDate) -> String {
        match Self::icu_date(d) {
            Some(date) => self.month_day.format(&date).to_string(),
            None => d.to_string(),
        }
    }

    /// The year of a date in the locale's digits.
    pub fn year(&self, d: chrono::NaiveDate) -> String {
        match Self::icu_date(d) {
            Some(date) => self.year.format(&date).to_string(),
            None => d.year().to_string(),
        }
    }
}

/// Escapes the site's own words for HTML: `&`, `<`, `>` and `"`, which is
/// enough in text and in double-quoted attributes, the only places templates
/// print them. Apostrophes stay as written, as they were in the templates.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Fills `{name}` placeholders of `template` with `args`; escapes the
/// template's own text when `html` (the arguments are then HTML already).
fn substitute(template: &str, args: &[(&str, &str)], html: bool) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let push = |out: &mut String, text: &str| {
        if html {
            out.push_str(&escape_text(text));
        } else {
            out.push_str(text);
        }
    };
    while let Some(start) = rest.find('{') {
        push(&mut out, &rest[..start]);
        let after = &rest[start + 1..];
        let value = after
            .find('}')
            .and_then(|end| Some((end, args.iter().find(|(k, _)| *k == &after[..end])?)));
        match value {
            Some((end, (_, value))) => {
                let _ = write!(out, "{value}");
                rest = &after[end + 1..];
            }
            None => {
                push(&mut out, "{");
                rest = after;
            }
        }
    }
    push(&mut out, rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        let catalogues = Catalogues::load(None).unwrap();
        Locale::new(&catalogues, &LanguageTag::parse(tag).unwrap()).unwrap()
    }

    #[test]
    fn placeholders_are_filled_and_html_escaped() {
        assert_eq!(
            substitute("{a} & {b} {c}", &[("a", "<x>"), ("b", "y")], true),
            "<x> &amp; y {c}"
        );
        assert_eq!(substitute("{a}'s", &[("a", "x")], true), "x's");
        assert_eq!(substitute("{a}", &[("a", "<x>")], false), "<x>");
        assert_eq!(
            placeholders("Rank {rank} of {count} {x-y}"),
            ["rank", "count"]
        );
    }

    #[test]
    fn numbers_and_dates_follow_the_locale() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let en = locale("en");
        assert_eq!(en.decimal(62.44, 1), "62.4");
        assert_eq!(en.date(date), "2 November 2026");
        assert_eq!(en.month_day(date), "November 2");
        assert_eq!(en.dir, Dir::Ltr);
        let ar = locale("ar");
        assert_eq!(ar.dir, Dir::Rtl);
        // CLDR writes Arabic with Latin digits, and Egyptian Arabic with
        // Arabic-Indic ones (and its own decimal separator).
        assert_eq!(ar.decimal(62.44, 1), "62.4");
        assert_eq!(ar.date(date), "2 نوفمبر 2026");
        let egypt = locale("ar-EG");
        assert_eq!(egypt.decimal(62.44, 1), "٦٢٫٤");
        assert_eq!(egypt.date(date), "٢ نوفمبر ٢٠٢٦");
        assert_eq!(egypt.integer(12), "١٢");
        let es = locale("es");
        assert_eq!(es.decimal(62.44, 1), "62,4");
        assert_eq!(es.date(date), "2 de noviembre de 2026");
    }

    #[test]
    fn a_date_written_again_is_written_the_same() {
        let en = locale("en");
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        for _ in 0..2 {
            assert_eq!(en.date(day(2)), "2 November 2026");
            assert_eq!(en.date(day(3)), "3 November 2026");
        }
        // Each locale remembers its own.
        assert_eq!(locale("es").date(day(2)), "2 de noviembre de 2026");
        assert_eq!(en.date(day(2)), "2 November 2026");
    }

    #[test]
    fn plurals_follow_the_language() {
        let en = locale("en");
        assert_eq!(en.count("action.sources", 1, &[]), "1 source");
        assert_eq!(en.count("action.sources", 3, &[]), "3 sources");
        let ar = locale("ar");
        assert_ne!(
            ar.count("action.sources", 2, &[]),
            ar.count("action.sources", 3, &[])
        );
    }

    #[test]
    fn a_script_gets_every_plural_form() {
        let ar = locale("ar");
        let forms = ar.plural_forms("action.sources");
        assert_eq!(
            forms.keys().copied().collect::<Vec<_>>(),
            ["few", "many", "one", "other", "two", "zero"]
        );
        assert_eq!(forms["few"], "{count} مصادر");
        assert_eq!(
            locale("en").plural_forms("nav.overview"),
            BTreeMap::from([("other", "Overview")])
        );
    }

    #[test]
    fn an_override_may_not_invent_keys_or_placeholders() {
        let mut c = Catalogues::load(None).unwrap();
        let typo = Catalogue::parse("x", "[nav]\noverveiw = \"Home\"\n").unwrap();
        let err = c.add("x", "en", typo).unwrap_err().to_string();
        assert!(err.contains("did you mean `nav.overview`"), "{err}");
        let placeholder = Catalogue::parse("x", "[nav]\noverview = \"{rank}\"\n").unwrap();
        assert!(c.add("x", "en", placeholder).is_err());
        let partial = Catalogue::parse("x", "[nav]\noverview = \"Übersicht\"\n").unwrap();
        let err = c.add("x", "de", partial).unwrap_err().to_string();
        assert!(err.contains("must give every key"), "{err}");
        let fine = Catalogue::parse("x", "[nav]\noverview = \"Home\"\n").unwrap();
        c.add("x", "en", fine).unwrap();
        let en = Locale::new(&c, &LanguageTag::parse("en").unwrap()).unwrap();
        assert_eq!(en.t("nav.overview"), "Home");
        assert_eq!(en.t("nav.methodology"), "Methodology");
    }
}
