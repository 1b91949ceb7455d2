//! Identifiers and checked strings of the data format. Each can only be built
//! through its constructor, so code past the loader never checks them again.

use std::fmt;

use serde::Serialize;

/// Why a string is not a valid identifier: a one-line message and a fix.
#[derive(Debug, Clone, PartialEq)]
pub struct IdError {
    pub message: String,
    pub help: String,
}

fn id_error(message: impl Into<String>, help: impl Into<String>) -> IdError {
    IdError {
        message: message.into(),
        help: help.into(),
    }
}

/// `[a-z0-9]+(-[a-z0-9]+)*`: a platform folder, an action slug, an edition label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, IdError> {
        let valid = !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if valid {
            Ok(Slug(s.to_owned()))
        } else {
            Err(id_error(
                format!("`{s}` is not a valid slug"),
                format!(
                    "use lowercase letters and digits joined by single hyphens, e.g. `{}`",
                    suggest_slug(s)
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The closest valid slug to `s`, for help messages.
pub fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "example-platform".to_owned()
    } else {
        trimmed.to_owned()
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `<action number>.<n>`, e.g. `3.2`. Ordered numerically, so `1.10` follows `1.9`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndicatorId {
    pub action: u32,
    pub index: u32,
}

impl IndicatorId {
    pub fn parse(s: &str) -> Result<IndicatorId, IdError> {
        let number = |part: &str| -> Option<u32> {
            if part.is_empty() || part.len() > 6 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            if part.len() > 1 && part.starts_with('0') {
                return None;
            }
            part.parse().ok().filter(|&n| n > 0)
        };
        match s.split_once('.') {
            Some((a, i)) => match (number(a), number(i)) {
                (Some(action), Some(index)) => Ok(IndicatorId { action, index }),
                _ => Err(invalid_indicator(s)),
            },
            None => Err(invalid_indicator(s)),
        }
    }

    /// The id as used in HTML anchors: `indicator-3-2`.
    pub fn anchor(&self) -> String {
        format!("indicator-{}-{}", self.action, self.index)
    }
}

fn invalid_indicator(s: &str) -> IdError {
    id_error(
        format!("`{s}` is not a valid indicator id"),
        "write the action number, a dot and the indicator's number, e.g. \"3.2\"",
    )
}

impl fmt::Display for IndicatorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.action, self.index)
    }
}

impl Serialize for IndicatorId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A rating of the scale: `[a-z_]+`, e.g. `no_evidence`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RatingId(String);

impl RatingId {
    pub fn parse(s: &str) -> Result<RatingId, IdError> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            Ok(RatingId(s.to_owned()))
        } else {
            Err(id_error(
                format!("`{s}` is not a valid rating id"),
                "use lowercase letters and underscores, e.g. \"no_evidence\"",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Ratings that need no source: nothing was found, or the indicator does not apply.
    pub fn needs_source(&self) -> bool {
        !matches!(self.0.as_str(), "no_evidence" | "not_applicable")
    }
}

impl fmt::Display for RatingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An absolute `http` or `https` URL. Nothing else (`javascript:`, `file:`,
/// relative paths) can reach a page as a link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn parse(s: &str) -> Result<HttpUrl, IdError> {
        HttpUrl::parse_owned(s.to_owned())
    }

    /// [`HttpUrl::parse`] keeping `s` itself: the load reads half a million
    /// addresses from a large data folder, and a copy of each was a third of
    /// their cost.
    pub fn parse_owned(s: String) -> Result<HttpUrl, IdError> {
        if plainly_http(&s) {
            return Ok(HttpUrl(s));
        }
        HttpUrl::parse_fully(&s)
    }

    /// [`HttpUrl::parse`] by the URL standard's parser alone.
    fn parse_fully(s: &str) -> Result<HttpUrl, IdError> {
        let help = "write an absolute address starting with https:// or http://";
        match url::Url::parse(s) {
            Ok(u)
                if matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some_and(|h| !h.is_empty()) =>
            {
                Ok(HttpUrl(s.to_owned()))
            }
            Ok(u) => Err(id_error(
                format!("`{s}` is a `{}:` URL, not an http(s) one", u.scheme()),
                help,
            )),
            Err(e) => Err(id_error(
                format!("`{s}` is not an absolute URL ({e})"),
                help,
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `s` is an http(s) URL of a shape the URL standard's parser cannot
/// refuse: a lowercase scheme; a host of dot-separated lowercase ASCII labels
/// (no `xn--` label to decode, no port or user) whose last label starts with
/// a letter, so that it is not read as an IPv4 address; then only printable
/// ASCII. Nearly every source address has this shape, and telling so costs
/// far less than a full parse, which was a sixth of `check`'s time.
fn plainly_http(s: &str) -> bool {
    let Some(rest) = (s.strip_prefix("https://")).or_else(|| s.strip_prefix("http://")) else {
        return false;
    };
    let rest = rest.as_bytes();
    let host_end = (rest.iter())
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    // One pass over the host, where `find`, `split` and `rsplit` made three.
    let (mut label_len, mut label_first) = (0, 0);
    for (i, &b) in host.iter().enumerate() {
        if b == b'.' {
            if label_len == 0 {
                return false;
            }
            label_len = 0;
        } else if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' {
            if label_len == 0 {
                if host[i..].starts_with(b"xn--") {
                    return false;
                }
                label_first = b;
            }
            label_len += 1;
        } else {
            return false;
        }
    }
    // Without an early exit, which the compiler vectorises.
    let tail_printable = (tail.iter()).fold(true, |ok, b| ok & b.is_ascii_graphic());
    label_len > 0 && label_first.is_ascii_lowercase() && tail_printable
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A BCP 47 language tag, e.g. `en`, `ar`, `pt-BR`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct LanguageTag(String);

impl LanguageTag {
    pub fn parse(s: &str) -> Result<LanguageTag, IdError> {
        let mut parts = s.split('-');
        let primary_ok = parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic())
        });
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(LanguageTag(s.to_owned()))
        } else {
            Err(id_error(
                format!("`{s}` is not a BCP 47 language tag"),
                "use a tag such as \"en\", \"ar\" or \"pt-BR\"",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 country code, e.g. `US`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(s: &str) -> Result<CountryCode, IdError> {
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(CountryCode(s.to_owned()))
        } else {
            Err(id_error(
                format!("`{s}` is not an ISO 3166-1 alpha-2 country code"),
                format!("use two capital letters, e.g. \"{}\"", suggest_country(s)),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn suggest_country(s: &str) -> String {
    let upper: String = s
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(2)
        .collect::<String>()
        .to_ascii_uppercase();
    if upper.len() == 2 {
        upper
    } else {
        "US".to_owned()
    }
}

/// An SPDX license identifier, e.g. `CC-BY-4.0`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LicenseId(String);

impl LicenseId {
    pub fn parse(s: &str) -> Result<LicenseId, IdError> {
        if let Some(license) = spdx::license_id(s) {
            return Ok(LicenseId(license.name.to_owned()));
        }
        let help = match spdx::imprecise_license_id(s) {
            Some((license, _)) => format!("did you mean \"{}\"?", license.name),
            None => "use an SPDX identifier such as \"CC-BY-4.0\"".to_owned(),
        };
        Err(id_error(
            format!("`{s}` is not an SPDX license identifier"),
            help,
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_shape_of_an_address_is_one_the_full_parse_accepts() {
        for plain in [
            "https://example.org",
            "http://example.org/",
            "https://www.example-platform.example/help/safety?lang=en#reporting",
            "https://web.archive.org/web/20260906113520/https://a.example/x",
            "https://1.2.3.example/%7Euser/a(b)!$&'*+,;=:@",
        ] {
            assert!(plainly_http(plain), "{plain} is plain");
        }
        for other in [
            "https://EXAMPLE.org",
            "https://example.org:8080/",
            "https://user@example.org",
            "https://1.2.3.4/",
            "https://example.0x1f/",
            "https://xn--bcher-kva.example/",
            "https://a..b/",
            "https://example.org/a b",
            "ftp://example.org",
            "https://",
        ] {
            assert!(!plainly_http(other), "{other} is left to the full parse");
        }
        // Random strings from the pieces of addresses: whatever the quick
        // test accepts, the full parse must accept too.
        let pieces = [
            "http://", "https://", "a", "z", "e", "0", "9", "0x", "255", "-", ".", "..", "xn--",
            "/", "?", "#", ":", "@", "%", "%zz", "\\", "é", " ", "\t", "[", "]", "A", "org", "~",
            "|", "^",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut plain = 0;
        for _ in 0..50_000 {
            let mut s = String::from(if next() % 2 == 0 {
                "https://"
            } else {
                "http://"
            });
            for _ in 0..(next() % 10) {
                s.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            if plainly_http(&s) {
                plain += 1;
                assert!(HttpUrl::parse_fully(&s).is_ok(), "{s:?} passed as plain");
            }
        }
        assert!(plain > 1_000, "only {plain} random addresses were plain");
    }

    #[test]
    fn slugs() {
        assert!(Slug::parse("example-social").is_ok());
        assert!(Slug::parse("x2").is_ok());
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "..", "a_b", "é"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(suggest_slug("My Platform!"), "my-platform");
    }

    #[test]
    fn indicator_ids_order_numerically() {
        let a = IndicatorId::parse("1.9").unwrap();
        let b = IndicatorId::parse("1.10").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "1.10");
        assert_eq!(b.anchor(), "indicator-1-10");
        for bad in [
            "1",
            "1.",
            ".1",
            "1.1.1",
            "01.1",
            "0.1",
            "a.b",
            "1.-1",
            "9999999.1",
        ] {
            assert!(IndicatorId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(HttpUrl::parse("https://social.example/policy").is_ok());
        assert!(HttpUrl::parse("http://a.example").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "/relative",
            "mailto:a@b.example",
            "data:text/html,x",
            "https://",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn ratings_languages_countries_licenses() {
        assert!(RatingId::parse("no_evidence").is_ok());
        assert!(RatingId::parse("Full").is_err());
        assert!(!RatingId::parse("not_applicable").unwrap().needs_source());
        assert!(RatingId::parse("partial").unwrap().needs_source());
        assert!(LanguageTag::parse("pt-BR").is_ok());
        assert!(LanguageTag::parse("english language").is_err());
        assert!(CountryCode::parse("US").is_ok());
        assert_eq!(
            CountryCode::parse("us").unwrap_err().help,
            "use two capital letters, e.g. \"US\""
        );
        assert!(LicenseId::parse("CC-BY-4.0").is_ok());
        assert!(LicenseId::parse("creative commons").is_err());
    }
}

/// JSON Schemas of the checked strings, for editors: a pattern where one
/// expresses the rule, a description where it does not.
mod schemas {
    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

    macro_rules! string_schema {
        ($ty:ident, $name:literal, $($key:literal : $value:expr),*) => {
            impl JsonSchema for super::$ty {
                fn schema_name() -> Cow<'static, str> {
                    Cow::Borrowed($name)
                }

                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!({ "type": "string", $($key: $value),* })
                }
            }
        };
    }

    string_schema!(Slug, "Slug", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "description": "Lowercase letters and digits joined by single hyphens, e.g. example-social");
    string_schema!(IndicatorId, "IndicatorId", "pattern": "^[1-9][0-9]*\\.[1-9][0-9]*$",
        "description": "The action number, a dot and the indicator's number, e.g. 3.2");
    string_schema!(RatingId, "RatingId", "pattern": "^[a-z_]+$",
        "description": "A rating id of the edition's scale, e.g. full, partial, none, no_evidence, not_applicable");
    string_schema!(HttpUrl, "HttpUrl", "pattern": "^https?://[^/?#]+", "format": "uri",
        "description": "An absolute http(s) address");
    string_schema!(LanguageTag, "LanguageTag", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        "description": "A BCP 47 language tag, e.g. en, ar, pt-BR");
    string_schema!(CountryCode, "CountryCode", "pattern": "^[A-Z]{2}$",
        "description": "An ISO 3166-1 alpha-2 country code, e.g. US");
    string_schema!(LicenseId, "LicenseId", "pattern": "^[A-Za-z0-9.+-]+$",
        "description": "An SPDX license identifier, e.g. CC-BY-4.0");
}

impl Default for LanguageTag {
    fn default() -> Self {
        LanguageTag("en".to_owned())
    }
}
