//! Scaffolding: `scorecard init` (a new project that checks and builds at
//! once), `new platform` (a platform folder with one findings file per action,
//! every indicator listed, ready to fill in) and `new edition` (a copy of an
//! earlier edition, marked draft). Nothing that exists is ever overwritten.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::ids::Slug;
use crate::model::{Action, Framework};

/// The framework a new project starts with: the one the example data uses.
pub const DEFAULT_FRAMEWORK: &str = include_str!("../data/editions/2026/framework.toml");

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{}` already exists; scorecard never overwrites it", .0.display())]
    Exists(PathBuf),
    #[error("{0}")]
    Invalid(String),
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the data folder has errors ({0}); run `scorecard check` and fix them first")]
    DataErrors(usize),
    #[error(transparent)]
    Load(#[from] Box<crate::Error>),
}

/// Files to create, all checked for existence before any is written.
#[derive(Default)]
struct Plan {
    files: Vec<(PathBuf, String)>,
}

impl Plan {
    fn add(&mut self, path: PathBuf, text: impl Into<String>) {
        self.files.push((path, text.into()));
    }

    fn write(self) -> Result<Vec<PathBuf>, ScaffoldError> {
        for (path, _) in &self.files {
            if path.exists() {
                return Err(ScaffoldError::Exists(path.clone()));
            }
        }
        let mut written = Vec::new();
        for (path, text) in self.files {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|source| ScaffoldError::Io {
                    path: dir.to_owned(),
                    source,
                })?;
            }
            std::fs::write(&path, text).map_err(|source| ScaffoldError::Io {
                path: path.clone(),
                source,
            })?;
            written.push(path);
        }
        Ok(written)
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A readable name from a slug: `example-social` → `Example Social`.
fn name_from_slug(slug: &Slug) -> String {
    slug.as_str()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn platform_toml(name: &str, today: NaiveDate) -> String {
    format!(
        "# Facts about the platform. Replace the placeholders, then rate each\n\
         # indicator in the findings files beside this one.\n\n\
         name = {name}\n\
         company = {name}                    # the company behind the platform\n\
         website = \"https://www.example.com/\"   # the platform's own address\n\
         # headquarters = \"US\"               # ISO 3166-1 alpha-2 country code\n\
         # services = [{name}]\n\
         assessed = {today}                   # the date the assessment closed\n\
         # researchers = [\"A. Researcher\"]\n\
         # summary = \"\"\"\n# What stands out about this platform, in markdown.\n# \"\"\"\n\n\
         # The company's right of reply, once received:\n\
         # [[response]]\n# received = {today}\n# summary = \"\"\"…\"\"\"\n# url = \"https://www.example.com/response\"\n",
        name = toml_string(name),
    )
}

fn findings_toml(framework: &Framework, action: &Action, today: NaiveDate) -> String {
    let scale: Vec<&str> = framework
        .ratings
        .iter()
        .map(|r| r.id.value.as_str())
        .collect();
    let mut out = format!(
        "# Action {}: {}\n#\n# Rate each indicator: {}.\n# Every rating but no_evidence and not_applicable needs at least one source.\n",
        action.number.value,
        one_line(action.title.value.in_default()),
        scale.join(" | ")
    );
    for indicator in &action.indicators {
        out.push_str(&format!(
            "\n# {} {}\n# {}\n[[finding]]\nindicator = \"{}\"\nrating = \"no_evidence\"\nrationale = \"\"\"\n\"\"\"\n\
             # [[finding.source]]\n# title = \"\"\n# url = \"https://\"\n# publisher = \"\"\n# published = {today}\n# accessed = {today}\n# archive = \"https://web.archive.org/…\"\n# quote = \"\"\n",
            indicator.id.value,
            one_line(indicator.title.value.in_default()),
            one_line(indicator.question.value.in_default()),
            indicator.id.value,
        ));
    }
    out
}

fn platform_plan(plan: &mut Plan, dir: &Path, framework: &Framework, name: &str, today: NaiveDate) {
    plan.add(dir.join("platform.toml"), platform_toml(name, today));
    for action in &framework.actions {
        let file = format!(
            "action-{:02}-{}.toml",
            action.number.value, action.slug.value
        );
        plan.add(dir.join(file), findings_toml(framework, action, today));
    }
}

/// What the scaffolding needs to know of an existing edition.
struct ExistingEdition {
    label: String,
    published: Option<NaiveDate>,
    framework: Option<Framework>,
}

/// Loads `data` and returns its editions, refusing data with errors.
fn editions(data: &Path) -> Result<Vec<ExistingEdition>, ScaffoldError> {
    let (loaded, diagnostics) =
        crate::load::load(data).map_err(|e| ScaffoldError::Load(Box::new(e)))?;
    if diagnostics.error_count() > 0 {
        return Err(ScaffoldError::DataErrors(diagnostics.error_count()));
    }
    // The texts in the default language, for the comments of new files.
    let default = loaded
        .settings
        .as_ref()
        .map(|s| s.languages.default_language().as_str().to_owned())
        .unwrap_or_else(|| "en".to_owned());
    let mut loaded = loaded;
    for edition in &mut loaded.editions {
        for text in edition.texts_mut() {
            text.value.put_first(&default);
        }
    }
    Ok(loaded
        .editions
        .into_iter()
        .map(|e| ExistingEdition {
            label: e.dir,
            published: e.meta.map(|m| m.published.value),
            framework: e.framework,
        })
        .collect())
}

/// The edition named, or the newest by publication date.
fn pick(
    editions: Vec<ExistingEdition>,
    label: Option<&str>,
) -> Result<ExistingEdition, ScaffoldError> {
    match label {
        Some(label) => editions
            .into_iter()
            .find(|e| e.label == label)
            .ok_or_else(|| ScaffoldError::Invalid(format!("there is no edition `{label}`"))),
        None => editions
            .into_iter()
            .max_by(|a, b| (a.published, &a.label).cmp(&(b.published, &b.label)))
            .ok_or_else(|| {
                ScaffoldError::Invalid(
                    "there is no edition yet; create one with `scorecard init`".into(),
                )
            }),
    }
}

fn slug(s: &str, what: &str) -> Result<Slug, ScaffoldError> {
    Slug::parse(s).map_err(|e| ScaffoldError::Invalid(format!("{what}: {}; {}", e.message, e.help)))
}

/// `scorecard new platform`: returns the files written.
pub fn new_platform(
    data: &Path,
    slug_text: &str,
    edition: Option<&str>,
    name: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let slug = slug(slug_text, "platform slug")?;
    let ExistingEdition {
        label, framework, ..
    } = pick(editions(data)?, edition)?;
    let framework = framework.ok_or_else(|| {
        ScaffoldError::Invalid(format!("edition `{label}` has no framework.toml"))
    })?;
    let dir = data
        .join("editions")
        .join(&label)
        .join("platforms")
        .join(slug.as_str());
    if dir.exists() {
        return Err(ScaffoldError::Exists(dir));
    }
    let name = name.map_or_else(|| name_from_slug(&slug), str::to_owned);
    let mut plan = Plan::default();
    platform_plan(&mut plan, &dir, &framework, &name, today);
    plan.write()
}

/// `scorecard new edition`: copies an edition (framework, platforms, findings)
/// into a new draft one. Returns the new edition's folder.
pub fn new_edition(
    data: &Path,
    label_text: &str,
    from: Option<&str>,
    today: NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    let label = slug(label_text, "edition label")?;
    let ExistingEdition {
        label: from,
        published,
        ..
    } = pick(editions(data)?, from)?;
    let source = data.join("editions").join(&from);
    let target = data.join("editions").join(label.as_str());
    if target.exists() {
        return Err(ScaffoldError::Exists(target));
    }
    let mut plan = Plan::default();
    for entry in walkdir::WalkDir::new(&source).sort_by_file_name() {
        let entry = entry.map_err(|e| ScaffoldError::Io {
            path: source.clone(),
            source: e.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&source).unwrap_or(entry.path());
        let text = std::fs::read_to_string(entry.path()).map_err(|source| ScaffoldError::Io {
            path: entry.path().to_owned(),
            source,
        })?;
        let text = if rel == Path::new("edition.toml") {
            // Sources were accessed before the earlier edition appeared; a draft dated
            // today (or later than it) keeps every date rule satisfied.
            let date = published.map_or(today, |p| p.max(today));
            draft_edition_toml(&text, label.as_str(), date)?
        } else {
            text
        };
        plan.add(target.join(rel), text);
    }
    plan.write()?;
    Ok(target)
}

/// Rewrites an edition.toml for a new draft edition, keeping its comments.
fn draft_edition_toml(
    text: &str,
    label: &str,
    published: NaiveDate,
) -> Result<String, ScaffoldError> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| ScaffoldError::Invalid(format!("edition.toml of the source edition: {e}")))?;
    let date: toml_edit::Datetime = published
        .to_string()
        .parse()
        .map_err(|e| ScaffoldError::Invalid(format!("date: {e}")))?;
    doc["label"] = toml_edit::value(label);
    doc["title"] = toml_edit::value(format!("{label} edition"));
    doc["published"] = toml_edit::value(date);
    doc["status"] = toml_edit::value("draft");
    doc.remove("summary");
    Ok(doc.to_string())
}

/// `scorecard schema`: writes (and overwrites: they are generated) the JSON
/// Schemas into `dir/schemas` and the Taplo configuration into `dir/.taplo.toml`.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let mut files: Vec<(PathBuf, String)> = crate::schema::SCHEMAS
        .iter()
        .map(|s| (dir.join("schemas").join(s.file_name), s.json()))
        .collect();
    files.push((
        dir.join(".taplo.toml"),
        crate::schema::taplo_config("schemas"),
    ));
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        std::fs::write(path, text).map_err(|source| ScaffoldError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// `scorecard init`: a new project folder. Returns the files written.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(ScaffoldError::Exists(dir.to_owned()));
    }
    let label = today.format("%Y").to_string();
    let data = dir.join("data");
    let edition = data.join("editions").join(&label);
    let mut plan = Plan::default();
    plan.add(
        data.join("scorecard.toml"),
        "# Site settings. See the README of scorecard for every key.\n\
         title = \"HRD Protection Scorecard\"\n\
         base_url = \"https://example.org/scorecard\"   # where the site will be published\n\
         publisher = \"Your organisation\"\n\
         license = \"CC-BY-4.0\"\n\
         language = \"en\"\n\
         sample_data = true   # remove once the data is real\n",
    );
    plan.add(
        edition.join("edition.toml"),
        format!(
            "label = \"{label}\"\ntitle = \"{label} edition\"\npublished = {today}\nstatus = \"published\"\nsummary = \"\"\"\nKey findings of this edition, in markdown.\n\"\"\"\n"
        ),
    );
    plan.add(
        edition.join("framework.toml"),
        in_one_language(DEFAULT_FRAMEWORK, "en"),
    );
    plan.add(
        data.join("pages/about.md"),
        "+++\ntitle = \"About\"\ndescription = \"Who publishes this scorecard, and why\"\n+++\nWho you are, how the research was done, and how to reach you.\n",
    );
    let framework = default_framework()?;
    platform_plan(
        &mut plan,
        &edition.join("platforms/example-platform"),
        &framework,
        "Example Platform",
        today,
    );
    for (name, text) in crate::render::BUILTIN_TEMPLATES {
        plan.add(dir.join("templates").join(name), *text);
    }
    for (name, text) in crate::render::BUILTIN_ASSETS {
        plan.add(dir.join("templates/assets").join(name), *text);
    }
    for (language, text) in crate::i18n::BUILTIN_CATALOGUES {
        plan.add(
            dir.join("templates/i18n").join(format!("{language}.toml")),
            *text,
        );
    }
    for schema in crate::schema::SCHEMAS {
        plan.add(dir.join("schemas").join(schema.file_name), schema.json());
    }
    plan.add(
        dir.join(".taplo.toml"),
        crate::schema::taplo_config("schemas"),
    );
    plan.add(
        dir.join(".gitignore"),
        "/site\n/.scorecard-links.json\n/.scorecard-check.json\n",
    );
    plan.write()
}

/// TOML text with every translation table (`{ en = "…", ar = "…" }`)
/// replaced by its text in `language`: the example framework, translated, for
/// a new project in one language.
fn in_one_language(text: &str, language: &str) -> String {
    fn visit(item: &mut toml_edit::Item, language: &str) {
        let pick = |keys: Vec<&str>| {
            keys.contains(&language)
                && keys
                    .iter()
                    .all(|k| crate::ids::LanguageTag::parse(k).is_ok())
        };
        match item {
            toml_edit::Item::Table(t) if pick(t.iter().map(|(k, _)| k).collect()) => {
                if let Some(text) = t[language].as_str().map(str::to_owned) {
                    *item = toml_edit::value(text);
                }
            }
            toml_edit::Item::Table(t) => t.iter_mut().for_each(|(_, v)| visit(v, language)),
            toml_edit::Item::Value(toml_edit::Value::InlineTable(t))
                if pick(t.iter().map(|(k, _)| k).collect()) =>
            {
                if let Some(text) = t.get(language).and_then(|v| v.as_str()).map(str::to_owned) {
                    *item = toml_edit::value(text);
                }
            }
            toml_edit::Item::ArrayOfTables(a) => a
                .iter_mut()
                .for_each(|t| t.iter_mut().for_each(|(_, v)| visit(v, language))),
            _ => {}
        }
    }
    match text.parse::<toml_edit::DocumentMut>() {
        Ok(mut doc) => {
            visit(doc.as_item_mut(), language);
            doc.to_string()
        }
        Err(_) => text.to_owned(),
    }
}

/// The default framework in English, read through the loader like any framework file.
fn default_framework() -> Result<Framework, ScaffoldError> {
    crate::load::framework_from_str(&in_one_language(DEFAULT_FRAMEWORK, "en"))
        .ok_or_else(|| ScaffoldError::Invalid("the built-in framework does not load".into()))
}
