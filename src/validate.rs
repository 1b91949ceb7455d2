//! Validate: every rule of the data format that spans more than one value or
//! file. Collects all diagnostics, never stops at the first, and hands on a
//! [`Dataset`] only when there is no error.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::evidence::{Findings, PlatformFiles, Store};

use crate::diagnostic::{Code, Diagnostics, Severity};
use crate::ids::{IndicatorId, LanguageTag, RatingId, Slug};
use crate::load::{FindingSummary, Loaded, LoadedEdition, LoadedPlatform};
use crate::model::{
    Dataset, Edition, EditionMeta, Finding, Framework, Languages, Page, PlatformEvidence, Rated,
    Status, Text,
};
use crate::source::{FileId, SourceMap, Span, Spanned};

/// What a run asks of validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Check (and later build) draft editions too.
    pub include_drafts: bool,
}

/// Checks `loaded` and returns the dataset if no error was found.
pub fn validate(
    loaded: Loaded,
    options: Options,
    diagnostics: &mut Diagnostics,
) -> (SourceMap, Option<Dataset>) {
    let Loaded {
        root,
        findings_let_go,
        spill,
        sources,
        mut settings,
        editions,
        mut pages,
    } = loaded;
    let mut v = Validator {
        paths: Paths::All(&sources),
        diagnostics,
    };

    let mut included: Vec<LoadedEdition> = editions
        .into_iter()
        .filter(|e| {
            options.include_drafts || e.meta.as_ref().is_none_or(|m| m.status != Status::Draft)
        })
        .collect();
    if let Some(settings) = &mut settings {
        let languages = settings.languages.clone();
        let mut t = Translations {
            v: &mut v,
            languages: &languages,
        };
        for text in settings.texts_mut() {
            t.text(text);
        }
        for edition in &mut included {
            for text in edition.texts_mut() {
                t.text(text);
            }
        }
        for page in &mut pages {
            t.page(page);
        }
    }
    v.edition_labels(&included);
    for edition in &included {
        v.edition(edition);
    }
    if included
        .iter()
        .all(|e| e.meta.as_ref().is_some_and(|m| m.status == Status::Draft))
    {
        v.diagnostics
            .at_path(
                Severity::Warning,
                Code::NoPublishedEdition,
                "editions",
                "no published edition: the site has nothing to show at its root",
            )
            .help = Some(
            "set status = \"published\" in an edition.toml, or build with --drafts to preview"
                .into(),
        );
    }

    if v.diagnostics.has_errors() {
        return (sources, None);
    }
    let let_go = findings_let_go.then_some(LetGo {
        root: root.as_path(),
        sources: &sources,
        spill,
    });
    let dataset = assemble(settings, included, pages, let_go);
    (sources, dataset)
}

/// What a load that let the findings go leaves to find them again: the data
/// folder, its files, and the spill of the checked findings, if any.
struct LetGo<'a> {
    root: &'a Path,
    sources: &'a SourceMap,
    spill: Option<Arc<crate::evidence::spill::Spill>>,
}

/// Moves the checked values into a [`Dataset`]; `None` if anything is missing
/// (which validation has then already reported). The findings are kept
/// whole, or, when the load let them go, found again in the files of the
/// data folder `root` that `sources` names.
fn assemble(
    settings: Option<crate::model::Settings>,
    editions: Vec<LoadedEdition>,
    pages: Vec<crate::model::Page>,
    let_go: Option<LetGo>,
) -> Option<Dataset> {
    let settings = settings?;
    let mut out = Vec::with_capacity(editions.len());
    for e in editions {
        let label = Slug::parse(&e.dir).ok()?;
        let mut platforms = Vec::with_capacity(e.platforms.len());
        for p in e.platforms {
            let ratings = (p.findings.iter())
                .map(|f| (f.indicator.value, Rated::from(f)))
                .collect();
            let found = match (p.whole, &let_go) {
                (Some(whole), _) => Found::Kept(Arc::new(
                    whole.into_iter().map(|f| (f.indicator.value, f)).collect(),
                )),
                (None, Some(let_go)) => Found::Files(
                    PlatformFiles::new(
                        (p.findings.into_iter())
                            .map(|f| (f.file, f.indicator.value, f.rating.value)),
                        let_go.sources,
                    )
                    .spilled_at(p.spilled),
                ),
                (None, None) => return None,
            };
            let evidence = PlatformEvidence {
                slug: p.slug,
                platform: p.platform?,
                ratings,
            };
            platforms.push((evidence, found));
        }
        platforms.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
        let (platforms, found) = platforms.into_iter().unzip();
        out.push((
            Edition {
                label,
                meta: e.meta?,
                framework: e.framework?,
                platforms,
            },
            found,
        ));
    }
    out.sort_by(|(a, _), (b, _)| {
        (a.meta.published.value, &a.label).cmp(&(b.meta.published.value, &b.label))
    });
    let (editions, found): (Vec<Edition>, Vec<Vec<Found>>) = out.into_iter().unzip();
    let evidence = match let_go {
        None => Store::Kept(
            (found.into_iter())
                .map(|e| e.into_iter().map(Found::kept).collect::<Option<_>>())
                .collect::<Option<_>>()?,
        ),
        Some(LetGo { root, spill, .. }) => {
            let files = (found.into_iter())
                .map(|e| e.into_iter().map(Found::files).collect::<Option<_>>())
                .collect::<Option<_>>()?;
            let default_language = settings.languages.default_language();
            Store::reread(root, files, default_language.as_str(), spill)
        }
    };
    Some(Dataset {
        settings,
        editions,
        pages,
        evidence,
    })
}

/// Where a platform's findings are found after validation.
enum Found {
    Kept(Arc<Findings>),
    Files(PlatformFiles),
}

impl Found {
    fn kept(self) -> Option<Arc<Findings>> {
        match self {
            Found::Kept(findings) => Some(findings),
            Found::Files(_) => None,
        }
    }

    fn files(self) -> Option<PlatformFiles> {
        match self {
            Found::Files(files) => Some(files),
            Found::Kept(_) => None,
        }
    }
}

struct Validator<'a> {
    paths: Paths<'a>,
    diagnostics: &'a mut Diagnostics,
}

/// Where the files a diagnostic points into are: every file of the run, or
/// the one file being read (checked on its own as the loader reads it).
#[derive(Clone, Copy)]
enum Paths<'a> {
    All(&'a SourceMap),
    One(&'a str),
}

impl Paths<'_> {
    fn of(&self, file: FileId) -> String {
        match self {
            Paths::All(sources) => sources.path(file).to_owned(),
            Paths::One(path) => (*path).to_owned(),
        }
    }
}

impl Validator<'_> {
    fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
    ) -> &mut crate::diagnostic::Diagnostic {
        let path = self.paths.of(span.file);
        (self.diagnostics).push_at(Severity::Error, code, path, Some(span), message)
    }

    fn warning(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
    ) -> &mut crate::diagnostic::Diagnostic {
        let path = self.paths.of(span.file);
        (self.diagnostics).push_at(Severity::Warning, code, path, Some(span), message)
    }

    fn edition_labels(&mut self, editions: &[LoadedEdition]) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for e in editions {
            if let Err(err) = Slug::parse(&e.dir) {
                self.diagnostics
                    .at_path(
                        Severity::Error,
                        Code::InvalidSlug,
                        e.path.clone(),
                        format!("edition folder name {}", err.message),
                    )
                    .help = Some(format!("rename the folder: {}", err.help));
            }
            if let Some(first) = seen.insert(e.dir.to_lowercase(), &e.dir) {
                self.diagnostics
                    .at_path(
                        Severity::Error,
                        Code::DuplicateEdition,
                        e.path.clone(),
                        format!(
                            "edition `{}` differs from edition `{first}` only in letter case",
                            e.dir
                        ),
                    )
                    .help = Some("keep one folder per edition label".into());
            }
        }
    }

    fn edition(&mut self, edition: &LoadedEdition) {
        if let Some(meta) = &edition.meta {
            if meta.label.value != edition.dir {
                self.error(
                    Code::LabelMismatch,
                    meta.label.span,
                    format!(
                        "label `{}` differs from its folder name `{}`",
                        meta.label.value, edition.dir
                    ),
                )
                .help = Some(format!(
                    "set label = \"{}\", or rename the folder",
                    edition.dir
                ));
            }
            if edition.platforms.is_empty() {
                self.warning(
                    Code::EmptyEdition,
                    Span::file_start(meta.label.span.file),
                    format!("edition `{}` has no platforms", edition.dir),
                )
                .help = Some(format!(
                    "add platforms under {}/platforms/<slug>/",
                    edition.path
                ));
            }
        }
        let Some(framework) = &edition.framework else {
            return;
        };
        self.framework(framework);
        let checks = FindingChecks::new(framework);
        for platform in &edition.platforms {
            self.platform(platform, &checks, edition.meta.as_ref());
        }
    }

    fn framework(&mut self, framework: &Framework) {
        if framework.ratings.is_empty() {
            self.error(Code::InvalidValue, Span::file_start(framework.id.span.file), "the framework has no rating scale")
                .help = Some("add [[rating]] tables, best first: full, partial, none, no_evidence, not_applicable".into());
        }
        let mut ratings: HashMap<&RatingId, Span> = HashMap::new();
        for r in &framework.ratings {
            if let Some(first) = ratings.insert(&r.id.value, r.id.span) {
                self.error(
                    Code::DuplicateRating,
                    r.id.span,
                    format!("rating `{}` is defined twice", r.id.value),
                )
                .related_at(first, "first defined here");
            }
        }

        if framework.actions.is_empty() {
            self.error(
                Code::InvalidValue,
                Span::file_start(framework.id.span.file),
                "the framework has no actions",
            )
            .help = Some("add [[action]] tables numbered from 1".into());
        }
        let mut numbers: BTreeMap<u32, Span> = BTreeMap::new();
        for a in &framework.actions {
            if let Some(first) = numbers.insert(a.number.value, a.number.span) {
                self.error(
                    Code::ActionNumbering,
                    a.number.span,
                    format!("action number {} is used twice", a.number.value),
                )
                .related_at(first, "first used here");
                numbers.insert(a.number.value, first);
            }
        }
        for (expected, (&number, &span)) in (1u32..).zip(&numbers) {
            if number != expected {
                self.error(Code::ActionNumbering, span, format!("action numbers must run 1, 2, 3, … without gaps, but {expected} is missing"))
                    .help = Some(format!("renumber this action {expected}"));
                break;
            }
        }

        let mut ids: HashMap<IndicatorId, Span> = HashMap::new();
        for (action, indicator) in framework.indicators() {
            let id = indicator.id.value;
            if let Some(first) = ids.insert(id, indicator.id.span) {
                self.error(
                    Code::DuplicateIndicator,
                    indicator.id.span,
                    format!("indicator id `{id}` is used twice"),
                )
                .related_at(first, "first used here");
            }
            if id.action != action.number.value {
                self.error(
                    Code::IndicatorPrefix,
                    indicator.id.span,
                    format!(
                        "indicator `{id}` is listed under action {}",
                        action.number.value
                    ),
                )
                .help = Some(format!(
                    "number it \"{}.{}\", or move it to action {}",
                    action.number.value, id.index, id.action
                ));
            }
        }
    }

    fn platform(
        &mut self,
        platform: &LoadedPlatform,
        checks: &FindingChecks,
        meta: Option<&EditionMeta>,
    ) {
        match &platform.whole {
            Some(whole) => whole.iter().for_each(|f| self.finding_alone(f)),
            // Checked on their own as they were read.
            None => self.diagnostics.extend(platform.checked.clone()),
        }
        let mut rated: BTreeMap<IndicatorId, &FindingSummary> = BTreeMap::new();
        for finding in &platform.findings {
            self.finding(finding, checks, meta);
            let id = finding.indicator.value;
            if let Some(first) = rated.get(&id) {
                self.error(
                    Code::DuplicateFinding,
                    finding.indicator.span,
                    format!("indicator {id} is rated twice for {}", platform.slug),
                )
                .related_at(first.indicator.span, "first rated here")
                .help = Some("keep one finding per indicator; merge the sources into it".into());
            } else {
                rated.insert(id, finding);
            }
        }
        let Some(p) = &platform.platform else { return };
        if !platform.findings_complete {
            // A finding that could not be read may rate any indicator: warning
            // that indicators are unassessed would blame the wrong thing.
            return;
        }
        let file_start = Span::file_start(p.name.span.file);
        for (id, title) in &checks.indicators {
            if !rated.contains_key(id) {
                self.warning(Code::UnassessedIndicator, file_start, format!("indicator {id} ({title}) has no finding for {}", platform.slug))
                    .help = Some(format!("add a [[finding]] with indicator = \"{id}\", rated \"no_evidence\" if nothing was found"));
            }
        }
    }

    /// The rules of a finding that its edition's framework and date decide.
    fn finding(
        &mut self,
        finding: &FindingSummary,
        checks: &FindingChecks,
        meta: Option<&EditionMeta>,
    ) {
        let id = finding.indicator.value;
        if !checks.indicators.contains_key(&id) {
            let help = checks.indicator_help(id);
            self.error(
                Code::UnknownIndicator,
                finding.indicator.span,
                format!("indicator `{id}` is not in this edition's framework"),
            )
            .help = Some(help);
        }
        let rating = &finding.rating.value;
        let known_rating = checks.ratings.contains(&rating.as_str());
        if !known_rating {
            let help = match crate::load::reader::closest(rating.as_str(), &checks.ratings) {
                Some(best) => format!(
                    "did you mean \"{best}\"? The scale is: {}",
                    checks.ratings.join(", ")
                ),
                None if checks.ratings.is_empty() => {
                    "the framework has no rating scale yet: add its [[rating]] tables".into()
                }
                None => format!("use one of: {}", checks.ratings.join(", ")),
            };
            self.error(
                Code::UnknownRating,
                finding.rating.span,
                format!("rating `{rating}` is not on this edition's scale"),
            )
            .help = Some(help);
        }
        if known_rating && rating.needs_source() && finding.sources == 0 {
            self.error(
                Code::MissingSource,
                finding.rating.span,
                format!("finding rated `{rating}` has no source"),
            )
            .help = Some(
                "add a [[finding.source]] with the evidence, or rate it \"no_evidence\"".into(),
            );
        }
        if known_rating && rating.needs_source() && finding.rationale_blank {
            self.warning(
                Code::MissingRationale,
                finding.rating.span,
                format!("finding rated `{rating}` has no rationale"),
            )
            .help = Some("add rationale = \"\"\"why this rating\"\"\"".into());
        }
        if let Some(meta) = meta {
            let edition_date = meta.published.value;
            for accessed in &finding.accessed {
                if accessed.value > edition_date {
                    self.error(
                        Code::AccessedAfterEdition,
                        accessed.span,
                        format!(
                            "accessed {} is after the edition's publication on {edition_date}",
                            accessed.value
                        ),
                    )
                    .help = Some(
                        "check the date; a source must be accessed before the edition is published"
                            .into(),
                    );
                }
            }
        }
    }

    /// The rules a finding keeps on its own, in whatever edition it is.
    fn finding_alone(&mut self, finding: &Finding) {
        for source in &finding.sources {
            if let Some(published) = &source.published {
                if published.value > source.accessed.value {
                    self.error(
                        Code::PublishedAfterAccessed,
                        published.span,
                        format!(
                            "published {} is after accessed {}",
                            published.value, source.accessed.value
                        ),
                    )
                    .help = Some(
                        "a source cannot be read before it was published: check both dates".into(),
                    );
                }
            }
            if source.archive.is_none() {
                self.warning(
                    Code::MissingArchive,
                    source.url.span,
                    "source has no archived copy",
                )
                .help = Some(
                    "add archive = \"https://web.archive.org/…\" so the evidence survives the page"
                        .into(),
                );
            }
        }
    }
}

/// Checks the findings of one file on their own, as the loader reads them
/// (see [`crate::load::LoadCache`]): their translations against the site's
/// `languages` (the default put first), when those are known, and
/// [`Validator::finding_alone`]. What validation would say of them, in
/// their file `path`; the rules across files are left to [`validate`].
pub fn findings_alone(
    findings: &mut [Finding],
    languages: Option<&Languages>,
    path: &str,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let mut v = Validator {
        paths: Paths::One(path),
        diagnostics: &mut diagnostics,
    };
    for finding in findings {
        if let Some(languages) = languages {
            let mut t = Translations {
                v: &mut v,
                languages,
            };
            for text in finding.texts_mut() {
                t.text(text);
            }
        }
        v.finding_alone(finding);
    }
    diagnostics
}

/// The translation tables of the data checked against the site's languages:
/// no language it lacks, the default always there (and put first), and a
/// warning for each language a table leaves out.
struct Translations<'v, 'a> {
    v: &'v mut Validator<'a>,
    languages: &'v Languages,
}

impl Translations<'_, '_> {
    fn unknown(&mut self, key: &str, span: Span, what: String) {
        let names = self.languages.names();
        // A close spelling, or the same letters in another order ("ra" for "ar").
        let sorted = |s: &str| {
            let mut c: Vec<char> = s.to_lowercase().chars().collect();
            c.sort_unstable();
            c
        };
        let suggestion = crate::load::reader::closest(key, &names)
            .or_else(|| names.iter().copied().find(|n| sorted(n) == sorted(key)));
        let help = match suggestion {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the site's languages are {}; add `{key}` to `languages` in scorecard.toml to build the site in it",
                names.join(", ")
            ),
        };
        self.v
            .error(
                Code::UnknownLanguage,
                span,
                format!("{what} names `{key}`, which is not a language of this site"),
            )
            .help = Some(help);
    }

    fn text(&mut self, text: &mut Spanned<Text>) {
        let Text::PerLanguage(list) = &text.value else {
            return;
        };
        let default = self.languages.default_language().as_str();
        let mut all_known = true;
        for t in list.iter() {
            if !self.languages.contains(&t.language.value) {
                self.unknown(&t.language.value, t.language.span, "a translation".into());
                all_known = false;
            }
        }
        if !list.iter().any(|t| t.language.value == default) {
            self.v
                .error(
                    Code::MissingKey,
                    text.span,
                    format!("the translations lack the default language `{default}`"),
                )
                .help = Some(format!(
                "add {default} = \"…\": its text is shown wherever a translation is missing"
            ));
            return;
        }
        let missing: Vec<&str> = self
            .languages
            .iter()
            .map(LanguageTag::as_str)
            .filter(|l| !list.iter().any(|t| t.language.value == *l))
            .collect();
        // With a misspelt language, what is missing is already said.
        if !missing.is_empty() && all_known {
            self.v
                .warning(
                    Code::MissingTranslation,
                    text.span,
                    format!(
                        "no {} translation: the {default} text is shown instead",
                        missing.join(", ")
                    ),
                )
                .help = Some(format!("add {} = \"…\" to the table", missing[0]));
        }
        text.value.put_first(default);
    }

    fn page(&mut self, page: &mut Page) {
        self.text(&mut page.title);
        if let Some(d) = &mut page.description {
            self.text(d);
        }
        let default = self.languages.default_language();
        for t in &page.translations {
            let at = Span::file_start(t.file);
            if &t.language == default {
                self.v
                    .error(
                        Code::UnknownLanguage,
                        at,
                        format!(
                            "translates page `{}` into `{}`, the default language",
                            page.name,
                            default.as_str()
                        ),
                    )
                    .help = Some(format!(
                    "the default language's text belongs in pages/{}.md",
                    page.name
                ));
            } else if !self.languages.contains(t.language.as_str()) {
                self.unknown(
                    t.language.as_str(),
                    at,
                    format!("the file name of a translation of page `{}`", page.name),
                );
            }
        }
        // A page without any translation is one text for every language.
        if page.translations.is_empty() {
            return;
        }
        let missing: Vec<&str> = self
            .languages
            .iter()
            .filter(|l| *l != default && !page.translations.iter().any(|t| &t.language == *l))
            .map(LanguageTag::as_str)
            .collect();
        if !missing.is_empty() {
            self.v
                .warning(
                    Code::MissingTranslation,
                    Span::file_start(page.file),
                    format!(
                        "page `{}` has no {} translation: the {} text is shown instead",
                        page.name,
                        missing.join(", "),
                        default.as_str()
                    ),
                )
                .help = Some(format!(
                "add pages/{}.{}.md with the page in that language",
                page.name, missing[0]
            ));
        }
    }
}

/// What findings are checked against, gathered once per framework.
struct FindingChecks<'f> {
    indicators: BTreeMap<IndicatorId, &'f str>,
    ratings: Vec<&'f str>,
}

impl<'f> FindingChecks<'f> {
    fn new(framework: &'f Framework) -> Self {
        FindingChecks {
            indicators: framework
                .indicators()
                .map(|(_, i)| (i.id.value, i.title.value.in_default()))
                .collect(),
            ratings: framework
                .ratings
                .iter()
                .map(|r| r.id.value.as_str())
                .collect(),
        }
    }

    fn indicator_help(&self, id: IndicatorId) -> String {
        let same_action: Vec<String> = self
            .indicators
            .keys()
            .filter(|i| i.action == id.action)
            .map(|i| format!("\"{i}\""))
            .collect();
        if self.indicators.is_empty() {
            "the framework has no indicators yet: add them under its [[action]] tables".into()
        } else if same_action.is_empty() {
            let max = self.indicators.keys().map(|i| i.action).max().unwrap_or(0);
            format!("the framework has actions 1 to {max}")
        } else {
            format!(
                "action {} has indicators {}",
                id.action,
                same_action.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::testing::{check_base_with, positions_with};

    const FINDINGS_A: &str = "editions/2026/platforms/ex-a/findings.toml";

    #[test]
    fn base_fixture_is_clean() {
        assert!(check_base_with(&[], &[]).is_empty());
        assert_eq!(positions_with(&[], &[]), Vec::<String>::new());
    }

    #[test]
    fn whole_file_problems_point_at_the_file_start() {
        // These spans used to start at a value and end at 0, so the position
        // was that of the value and the range ran backwards.
        let framework = "id = \"f\"\ntitle = \"F\"\npublisher = \"P\"\npublished = 2025-06-01\nurl = \"https://f.example/\"\n";
        let diagnostics = check_base_with(
            &[("editions/2026/framework.toml", framework)],
            &["editions/2026/platforms"],
        );
        let mut empty = 0;
        for d in &diagnostics {
            if matches!(d.code, Code::EmptyEdition | Code::InvalidValue) {
                assert_eq!(d.span.unwrap().range(), 0..0, "{d:?}");
                empty += 1;
            }
        }
        assert_eq!(empty, 3, "{diagnostics:?}");
        assert_eq!(
            positions_with(&[], &["editions/2026/platforms"]),
            ["editions/2026/edition.toml:1:1: warning[W003]"]
        );
    }

    #[test]
    fn an_unreadable_finding_hides_the_unassessed_warnings() {
        // A syntax error: no finding of the file is read.
        let broken = "[[finding]]\nindicator = \"1.1\nrating = \"full\"\n";
        assert_eq!(
            positions_with(&[(FINDINGS_A, broken)], &[]),
            [format!("{FINDINGS_A}:2:17: error[E001]")]
        );
        // One finding that cannot be read: the other indicators are not
        // reported as unassessed either.
        let one_bad = "[[finding]]\nindicator = \"1.1\"\nrating = \"full\"\nrationale = \"r\"\n\n[[finding.source]]\ntitle = \"t\"\nurl = \"javascript:alert(1)\"\npublisher = \"p\"\naccessed = 2026-01-15\narchive = \"https://archive.example/x\"\n";
        assert_eq!(
            positions_with(&[(FINDINGS_A, one_bad)], &[]),
            [format!("{FINDINGS_A}:8:7: error[E010]")]
        );
        // Findings read whole: the missing indicators are reported.
        let one_good = "[[finding]]\nindicator = \"2.2\"\nrating = \"no_evidence\"\n";
        assert_eq!(
            positions_with(&[(FINDINGS_A, one_good)], &[]).len(),
            3,
            "1.1, 1.2 and 2.1 are unassessed"
        );
    }

    #[test]
    fn an_empty_framework_gives_help_that_fits() {
        let framework = "id = \"f\"\ntitle = \"F\"\npublisher = \"P\"\npublished = 2025-06-01\nurl = \"https://f.example/\"\n";
        let diagnostics = check_base_with(&[("editions/2026/framework.toml", framework)], &[]);
        let help = |code: Code| {
            diagnostics
                .iter()
                .find(|d| d.code == code)
                .and_then(|d| d.help.clone())
                .unwrap()
        };
        assert_eq!(
            help(Code::UnknownIndicator),
            "the framework has no indicators yet: add them under its [[action]] tables"
        );
        assert_eq!(
            help(Code::UnknownRating),
            "the framework has no rating scale yet: add its [[rating]] tables"
        );
    }
}
