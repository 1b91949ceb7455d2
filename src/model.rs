//! The types of the data format, as read from the files: no logic beyond
//! holding values and the spans they came from.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use crate::ids::{CountryCode, HttpUrl, IndicatorId, LanguageTag, LicenseId, RatingId, Slug};
use crate::source::{FileId, Spanned};

/// `scorecard.toml`: site settings.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub title: Spanned<String>,
    pub base_url: Spanned<HttpUrl>,
    pub publisher: Spanned<String>,
    pub license: Spanned<LicenseId>,
    #[serde(default)]
    pub language: LanguageTag,
    #[serde(default)]
    pub sample_data: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Published,
    Draft,
}

/// `editions/<label>/edition.toml`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    pub label: Spanned<String>,
    pub title: Spanned<String>,
    pub published: Spanned<NaiveDate>,
    #[serde(default)]
    pub status: Status,
    pub summary: Option<Spanned<String>>,
}

/// `editions/<label>/framework.toml`: what platforms are rated against.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub publisher: Spanned<String>,
    pub published: Spanned<NaiveDate>,
    pub url: Spanned<HttpUrl>,
    pub notes: Option<Spanned<String>>,
    /// The scale, best first.
    #[serde(default, rename = "rating")]
    pub ratings: Vec<Rating>,
    #[serde(default, rename = "action")]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub id: Spanned<RatingId>,
    pub label: Spanned<String>,
    /// 0 to 100; leave it out for a rating excluded from averages (not applicable).
    #[schemars(range(max = 100))]
    pub points: Option<Spanned<u8>>,
    pub description: Spanned<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// 1, 2, 3, … without gaps.
    #[schemars(range(min = 1))]
    pub number: Spanned<u32>,
    pub slug: Spanned<Slug>,
    pub title: Spanned<String>,
    /// Greater than 0; 1.0 when not given.
    #[serde(default = "default_weight")]
    pub weight: Spanned<f64>,
    pub summary: Option<Spanned<String>>,
    #[serde(default, rename = "indicator")]
    pub indicators: Vec<Indicator>,
}

/// The weight of an action that gives none (for the schema's `default`).
fn default_weight() -> Spanned<f64> {
    Spanned::new(1.0, crate::source::Span::new(0, 0..0))
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: Spanned<IndicatorId>,
    pub title: Spanned<String>,
    pub question: Spanned<String>,
}

/// `platforms/<slug>/platform.toml`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub name: Spanned<String>,
    pub company: Spanned<String>,
    pub website: Spanned<HttpUrl>,
    pub headquarters: Option<Spanned<CountryCode>>,
    #[serde(default)]
    pub services: Vec<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub assessed: Spanned<NaiveDate>,
    #[serde(default)]
    pub researchers: Vec<Spanned<String>>,
    #[serde(default, rename = "response")]
    pub responses: Vec<Response>,
}

/// The company's right of reply.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub received: Spanned<NaiveDate>,
    pub summary: Spanned<String>,
    pub url: Option<Spanned<HttpUrl>>,
}

/// One `[[finding]]` of a findings file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub indicator: Spanned<IndicatorId>,
    pub rating: Spanned<RatingId>,
    pub rationale: Option<Spanned<String>>,
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    /// The file the finding was read from.
    #[serde(skip)]
    pub file: FileId,
}

/// One `[[finding.source]]`: the evidence behind a rating.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Spanned<String>,
    pub url: Spanned<HttpUrl>,
    pub publisher: Spanned<String>,
    pub published: Option<Spanned<NaiveDate>>,
    pub accessed: Spanned<NaiveDate>,
    pub archive: Option<Spanned<HttpUrl>>,
    pub quote: Option<Spanned<String>>,
}

/// `pages/<name>.md`: an extra page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub name: Slug,
    pub title: Spanned<String>,
    pub description: Option<Spanned<String>>,
    /// Markdown after the front matter.
    pub body: String,
}

/// A data folder that passed validation: every reference resolves, every id is
/// unique, every required value is there. Built only by `validate`.
#[derive(Debug)]
pub struct Dataset {
    pub settings: Settings,
    /// Oldest first (by publication date, then label).
    pub editions: Vec<Edition>,
    pub pages: Vec<Page>,
}

#[derive(Debug, Serialize)]
pub struct Edition {
    pub label: Slug,
    pub meta: EditionMeta,
    pub framework: Framework,
    /// Sorted by slug.
    pub platforms: Vec<PlatformEvidence>,
}

/// One platform's assessment in one edition.
#[derive(Debug, Serialize)]
pub struct PlatformEvidence {
    pub slug: Slug,
    pub platform: Platform,
    /// At most one finding per indicator, each naming an indicator and a rating
    /// of the edition's framework.
    pub findings: std::collections::BTreeMap<IndicatorId, Finding>,
}

impl Dataset {
    /// The newest published edition.
    pub fn latest_published(&self) -> Option<usize> {
        self.editions
            .iter()
            .rposition(|e| e.meta.status == Status::Published)
    }

    /// The edition the site's root shows: the newest published one, or, in a
    /// preview of drafts only, the newest draft.
    pub fn root_edition(&self) -> Option<usize> {
        self.latest_published()
            .or(self.editions.len().checked_sub(1))
    }
}

impl Framework {
    pub fn rating(&self, id: &RatingId) -> Option<&Rating> {
        self.ratings.iter().find(|r| r.id.value == *id)
    }

    pub fn indicators(&self) -> impl Iterator<Item = (&Action, &Indicator)> {
        self.actions
            .iter()
            .flat_map(|a| a.indicators.iter().map(move |i| (a, i)))
    }

    pub fn indicator_count(&self) -> usize {
        self.actions.iter().map(|a| a.indicators.len()).sum()
    }
}

/// A findings file: any number of `[[finding]]` tables, each rating one
/// indicator of the edition's framework.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingsFile {
    #[serde(default)]
    pub finding: Vec<Finding>,
}
