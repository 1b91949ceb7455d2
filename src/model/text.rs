//! Texts that may be translated, and the languages a site is built in.
//!
//! A text field of the data format (a title, a question, a rationale, …) is
//! either one string, used for every language, or a table of strings by
//! language: `rationale = { en = "…", ar = "…" }`. Which languages a table
//! may name, and which it lacks, is checked by `validate` against
//! `scorecard.toml`; after validation the default language's text comes first.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::ids::LanguageTag;
use crate::source::Spanned;

/// `text` without control characters but tabs and line ends, each replaced
/// by U+FFFD: the data's texts never hold one. They are errors in HTML, and
/// two of them stand in for links while a page is rendered (see
/// `render::urls::TO_ROOT_MARK`).
pub fn without_controls(text: &str) -> Cow<'_, str> {
    let control = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r');
    // Every string of the data passes here: a scan of its bytes without an
    // early exit, which the compiler vectorises, finds none in most.
    if text.bytes().fold(false, |found, b| found | control(b)) {
        text.replace(|c: char| c.is_ascii() && control(c as u8), "\u{FFFD}")
            .into()
    } else {
        text.into()
    }
}

/// A text field that may be translated.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Text {
    /// One string for every language. On a page of another language than the
    /// default it is shown as it is, marked as the default language's.
    Same(String),
    /// A string per language, in the order written; after validation the
    /// default language's comes first and every language is one the site has.
    PerLanguage(Vec<Translation>),
}

/// One language's string in a table of translations.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Translation {
    /// The key as written (validation checks it names a language of the site).
    pub language: Spanned<String>,
    pub text: Spanned<String>,
}

impl Text {
    /// The text in the site's default language (of a validated dataset).
    pub fn in_default(&self) -> &str {
        match self {
            Text::Same(s) => s,
            Text::PerLanguage(list) => list.first().map_or("", |t| t.text.value.as_str()),
        }
    }

    /// The text written for `language` in a table of translations; `None` for
    /// a plain string or a language the table lacks.
    pub fn get(&self, language: &LanguageTag) -> Option<&str> {
        match self {
            Text::Same(_) => None,
            Text::PerLanguage(list) => list
                .iter()
                .find(|t| t.language.value == language.as_str())
                .map(|t| t.text.value.as_str()),
        }
    }

    /// The text for a page in `language` of a site whose default language is
    /// `default`, and the language it is actually in when that differs.
    pub fn pick<'t>(
        &'t self,
        language: &LanguageTag,
        default: &'t LanguageTag,
    ) -> (&'t str, Option<&'t LanguageTag>) {
        match self.get(language) {
            Some(text) => (text, None),
            None if language == default => (self.in_default(), None),
            None => (self.in_default(), Some(default)),
        }
    }

    /// Puts the translation into `language` first, where [`Text::in_default`]
    /// finds it; `false` when the table has none.
    pub fn put_first(&mut self, language: &str) -> bool {
        match self {
            Text::Same(_) => true,
            Text::PerLanguage(list) => match list.iter().position(|t| t.language.value == language)
            {
                Some(i) => {
                    let first = list.remove(i);
                    list.insert(0, first);
                    true
                }
                None => false,
            },
        }
    }

    /// Every string of the text: one, or one per language.
    pub fn strings(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Text::Same(s) => (Some(s.as_str()), &[][..]),
            Text::PerLanguage(list) => (None, list.as_slice()),
        };
        one.into_iter()
            .chain(many.iter().map(|t| t.text.value.as_str()))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Same(s.to_owned())
    }
}

impl Serialize for Text {
    /// As written: a string, or a table by language.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Same(s) => serializer.serialize_str(s),
            Text::PerLanguage(list) => {
                let mut map = serializer.serialize_map(Some(list.len()))?;
                for t in list {
                    map.serialize_entry(&t.language.value, &t.text.value)?;
                }
                map.end()
            }
        }
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Text")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let tag = generator.subschema_for::<LanguageTag>();
        json_schema!({
            "description": "A text: one string for every language, or a table of strings by language, e.g. { en = \"…\", ar = \"…\" }.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "propertyNames": tag,
                    "additionalProperties": { "type": "string" },
                    "minProperties": 1
                }
            ]
        })
    }
}

/// The languages a site is built in: never empty, no language twice, the
/// default first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Languages(Vec<LanguageTag>);

impl Languages {
    /// `Err` with the repeated language, or when `list` is empty.
    pub fn new(list: Vec<LanguageTag>) -> Result<Languages, Option<LanguageTag>> {
        if list.is_empty() {
            return Err(None);
        }
        for (i, l) in list.iter().enumerate() {
            if list[..i].contains(l) {
                return Err(Some(l.clone()));
            }
        }
        Ok(Languages(list))
    }

    /// One language.
    pub fn only(language: LanguageTag) -> Languages {
        Languages(vec![language])
    }

    pub fn default_language(&self) -> &LanguageTag {
        &self.0[0]
    }

    pub fn iter(&self) -> std::slice::Iter<'_, LanguageTag> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|l| l.as_str() == key)
    }

    /// The languages as written, for messages.
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(LanguageTag::as_str).collect()
    }
}

impl Default for Languages {
    fn default() -> Languages {
        Languages::only(LanguageTag::default())
    }
}

impl JsonSchema for Languages {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Languages")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let tag = generator.subschema_for::<LanguageTag>();
        json_schema!({
            "description": "Every language the site is built in, the default first, e.g. [\"en\", \"ar\"].",
            "type": "array",
            "items": tag,
            "minItems": 1,
            "uniqueItems": true
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn tag(s: &str) -> LanguageTag {
        LanguageTag::parse(s).unwrap()
    }

    #[test]
    fn control_characters_are_replaced_but_tabs_and_line_ends_kept() {
        assert_eq!(
            without_controls("a\u{1}b\u{2}\0\x1f"),
            "a\u{FFFD}b\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(without_controls("a\tb\nc\r\x7fé"), "a\tb\nc\r\x7fé");
        assert!(matches!(without_controls("plain\n"), Cow::Borrowed(_)));
    }

    fn table(pairs: &[(&str, &str)]) -> Text {
        let span = Span::new(0, 0..0);
        Text::PerLanguage(
            pairs
                .iter()
                .map(|(l, t)| Translation {
                    language: Spanned::new((*l).to_owned(), span),
                    text: Spanned::new((*t).to_owned(), span),
                })
                .collect(),
        )
    }

    #[test]
    fn a_missing_translation_falls_back_to_the_default_language() {
        let (en, ar, es) = (tag("en"), tag("ar"), tag("es"));
        let t = table(&[("en", "Policy"), ("ar", "سياسة")]);
        assert_eq!(t.pick(&ar, &en), ("سياسة", None));
        assert_eq!(t.pick(&en, &en), ("Policy", None));
        assert_eq!(t.pick(&es, &en), ("Policy", Some(&en)));
        let same = Text::from("Policy");
        assert_eq!(same.pick(&en, &en), ("Policy", None));
        assert_eq!(same.pick(&ar, &en), ("Policy", Some(&en)));
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"en":"Policy","ar":"سياسة"}"#
        );
        assert_eq!(serde_json::to_string(&same).unwrap(), r#""Policy""#);
    }

    #[test]
    fn languages_are_unique_and_never_empty() {
        assert_eq!(Languages::new(vec![]), Err(None));
        assert_eq!(
            Languages::new(vec![tag("en"), tag("ar"), tag("en")]),
            Err(Some(tag("en")))
        );
        let l = Languages::new(vec![tag("ar"), tag("en")]).unwrap();
        assert_eq!(l.default_language(), &tag("ar"));
        assert!(l.contains("en") && !l.contains("es"));
    }
}
