//! The types of the data format, as read from the files: no logic beyond
//! holding values and the spans they came from.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use crate::ids::{CountryCode, HttpUrl, IndicatorId, LanguageTag, LicenseId, RatingId, Slug};
use crate::source::{FileId, Spanned};

pub use text::{without_controls, Languages, Text, Translation};

mod text;

/// `scorecard.toml`: site settings.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub title: Spanned<Text>,
    pub base_url: Spanned<HttpUrl>,
    pub publisher: Spanned<Text>,
    pub license: Spanned<LicenseId>,
    /// The site's language when it has one; the first of `languages` otherwise.
    #[serde(default)]
    pub language: LanguageTag,
    /// Every language the site is built in, the default first. When absent,
    /// `language` alone.
    #[serde(default)]
    pub languages: Languages,
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
    pub title: Spanned<Text>,
    pub published: Spanned<NaiveDate>,
    #[serde(default)]
    pub status: Status,
    pub summary: Option<Spanned<Text>>,
}

/// `editions/<label>/framework.toml`: what platforms are rated against.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: Spanned<String>,
    pub title: Spanned<Text>,
    pub publisher: Spanned<Text>,
    pub published: Spanned<NaiveDate>,
    pub url: Spanned<HttpUrl>,
    pub notes: Option<Spanned<Text>>,
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
    pub label: Spanned<Text>,
    /// 0 to 100; leave it out for a rating excluded from averages (not applicable).
    #[schemars(range(max = 100))]
    pub points: Option<Spanned<u8>>,
    pub description: Spanned<Text>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// 1, 2, 3, … without gaps.
    #[schemars(range(min = 1))]
    pub number: Spanned<u32>,
    pub slug: Spanned<Slug>,
    pub title: Spanned<Text>,
    /// Greater than 0; 1.0 when not given.
    #[serde(default = "default_weight")]
    pub weight: Spanned<f64>,
    pub summary: Option<Spanned<Text>>,
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
    pub title: Spanned<Text>,
    pub question: Spanned<Text>,
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
    pub summary: Option<Spanned<Text>>,
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
    pub summary: Spanned<Text>,
    pub url: Option<Spanned<HttpUrl>>,
}

/// One `[[finding]]` of a findings file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub indicator: Spanned<IndicatorId>,
    pub rating: Spanned<RatingId>,
    pub rationale: Option<Spanned<Text>>,
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    /// The file the finding was read from.
    #[serde(skip)]
    pub file: FileId,
}

/// What a finding says, without the file it was read from (which every file
/// added before it in the walk would change): the fingerprints of `serve`.
impl std::hash::Hash for Finding {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (
            &self.indicator,
            &self.rating,
            &self.rationale,
            &self.sources,
        )
            .hash(state);
    }
}

/// One `[[finding.source]]`: the evidence behind a rating.
#[derive(Debug, Clone, Hash, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Spanned<Text>,
    pub url: Spanned<HttpUrl>,
    pub publisher: Spanned<String>,
    pub published: Option<Spanned<NaiveDate>>,
    pub accessed: Spanned<NaiveDate>,
    pub archive: Option<Spanned<HttpUrl>>,
    pub quote: Option<Spanned<Text>>,
}

/// `pages/<name>.md`: an extra page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub name: Slug,
    pub title: Spanned<Text>,
    pub description: Option<Spanned<Text>>,
    /// Markdown after the front matter.
    pub body: String,
    /// The file the page was read from.
    #[serde(skip)]
    pub file: FileId,
    /// `pages/<name>.<lang>.md`: the page in other languages, by language.
    pub translations: Vec<PageTranslation>,
}

/// `pages/<name>.<lang>.md`: a page in one more language.
#[derive(Debug, Clone, Serialize)]
pub struct PageTranslation {
    pub language: LanguageTag,
    pub title: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub body: String,
    /// The file the translation was read from.
    #[serde(skip)]
    pub file: FileId,
}

/// A data folder that passed validation: every reference resolves, every id is
/// unique, every required value is there. Built only by `validate`.
#[derive(Debug)]
pub struct Dataset {
    pub settings: Settings,
    /// Oldest first (by publication date, then label).
    pub editions: Vec<Edition>,
    pub pages: Vec<Page>,
    /// The whole findings of every platform, by edition and platform.
    pub evidence: crate::evidence::Store,
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
    /// The rating of each rated indicator (at most one finding per indicator,
    /// each naming an indicator and a rating of the edition's framework): what
    /// scores and tables show. The whole findings are in [`Dataset::evidence`].
    pub ratings: std::collections::BTreeMap<IndicatorId, Rated>,
}

/// What a finding rates, without its rationale and sources.
#[derive(Debug, Clone, Serialize)]
pub struct Rated {
    pub rating: RatingId,
    /// How many sources the finding gives.
    pub sources: usize,
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

/// Every translatable text of a value, to check and order its translations.
fn texts<'a>(
    required: impl IntoIterator<Item = &'a mut Spanned<Text>>,
    optional: impl IntoIterator<Item = &'a mut Option<Spanned<Text>>>,
) -> impl Iterator<Item = &'a mut Spanned<Text>> {
    required
        .into_iter()
        .chain(optional.into_iter().filter_map(Option::as_mut))
}

impl Settings {
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Spanned<Text>> {
        texts([&mut self.title, &mut self.publisher], [])
    }
}

impl EditionMeta {
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Spanned<Text>> {
        texts([&mut self.title], [&mut self.summary])
    }
}

impl Framework {
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Spanned<Text>> {
        let ratings = self
            .ratings
            .iter_mut()
            .flat_map(|r| [&mut r.label, &mut r.description]);
        let actions = self.actions.iter_mut().flat_map(|a| {
            texts([&mut a.title], [&mut a.summary]).chain(
                a.indicators
                    .iter_mut()
                    .flat_map(|i| [&mut i.title, &mut i.question]),
            )
        });
        texts([&mut self.title, &mut self.publisher], [&mut self.notes])
            .chain(ratings)
            .chain(actions)
    }
}

impl Platform {
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Spanned<Text>> {
        texts(
            self.responses.iter_mut().map(|r| &mut r.summary),
            [&mut self.summary],
        )
    }
}

impl Finding {
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Spanned<Text>> {
        let sources = self
            .sources
            .iter_mut()
            .flat_map(|s| texts([&mut s.title], [&mut s.quote]));
        texts([], [&mut self.rationale]).chain(sources)
    }

    /// Whether any of its texts is a table of translations.
    pub fn has_translations(&self) -> bool {
        let sources = self
            .sources
            .iter()
            .flat_map(|s| std::iter::once(&s.title).chain(&s.quote));
        self.rationale
            .iter()
            .chain(sources)
            .any(|t| matches!(t.value, Text::PerLanguage(_)))
    }
}
