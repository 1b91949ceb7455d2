//! Render: turn the scored dataset into the files of the site. Plans every
//! output path first, so that each page can be rendered on its own (in
//! parallel) and every internal link checked against the plan.

pub mod card;
pub mod chart;
pub mod context;
pub mod downloads;
pub mod fingerprint;
pub mod format;
mod kit;
pub mod links;
pub mod markdown;
pub mod pieces;
pub mod rationales;
pub mod urls;

use std::borrow::Cow;
use std::path::Path;

use context::kit::WithKit;
use context::Site;
use urls::{EditionPaths, LangPaths, SitePath};

use crate::i18n::{Catalogues, Locale};

/// The templates and assets built into the binary; a `templates/` folder
/// overrides any of them by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    (
        "overview.html",
        include_str!("../../templates/overview.html"),
    ),
    (
        "platform.html",
        include_str!("../../templates/platform.html"),
    ),
    ("action.html", include_str!("../../templates/action.html")),
    (
        "action_rationales.html",
        include_str!("../../templates/action_rationales.html"),
    ),
    (
        "methodology.html",
        include_str!("../../templates/methodology.html"),
    ),
    ("changes.html", include_str!("../../templates/changes.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("embed.html", include_str!("../../templates/embed.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
];

pub const BUILTIN_ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "search.js",
        include_str!("../../templates/assets/search.js"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error: {0}")]
    Template(String),
    #[error("cannot read templates from `{}`: {source}", path.display())]
    TemplateDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the data download: {0}")]
    Download(String),
    #[error(transparent)]
    Evidence(#[from] crate::evidence::EvidenceError),
    #[error(transparent)]
    Catalogue(#[from] crate::i18n::CatalogueError),
    #[error("cannot draw the share card `{path}`: {message}")]
    ShareCard { path: String, message: String },
}

/// Escapes text for HTML and XML. Unlike Tera's default it leaves `/` alone,
/// so URLs read as URLs in the source.
pub fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    // The characters to escape are ASCII: copy the runs between them whole,
    // found by memchr's vectorised searches (every `{{ }}` of a template
    // comes through here: a byte at a time was 4% of a build).
    let mut tags = memchr::memchr3_iter(b'&', b'<', b'>', bytes).peekable();
    let mut quotes = memchr::memchr2_iter(b'"', b'\'', bytes).peekable();
    let mut start = 0;
    loop {
        let next = match (tags.peek(), quotes.peek()) {
            (Some(tag), Some(quote)) if tag < quote => tags.next(),
            (_, Some(_)) => quotes.next(),
            _ => tags.next(),
        };
        let Some(i) = next else { break };
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
    out
}

fn tera_error(e: tera::Error) -> RenderError {
    // Tera nests the useful part (file, line, what went wrong) in its sources.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    RenderError::Template(message)
}

/// The compiled templates, the string catalogues and the assets to copy.
pub struct Renderer {
    tera: tera::Tera,
    assets: Vec<(String, Vec<u8>)>,
    pub catalogues: Catalogues,
}

impl Renderer {
    /// Compiles the built-in templates, overridden by those in `dir` if given.
    pub fn new(dir: Option<&Path>) -> Result<Renderer, RenderError> {
        let mut templates: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        let mut assets: Vec<(String, Vec<u8>)> = BUILTIN_ASSETS
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.as_bytes().to_vec()))
            .collect();
        if let Some(dir) = dir {
            read_overrides(dir, &mut templates, &mut assets)?;
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates).map_err(tera_error)?;
        assets.sort();
        let catalogues = Catalogues::load(dir)?;
        Ok(Renderer {
            tera,
            assets,
            catalogues,
        })
    }

    /// The locale of every language of the site, in order.
    pub fn locales(&self, languages: &crate::model::Languages) -> Result<Vec<Locale>, RenderError> {
        languages
            .iter()
            .map(|l| Locale::new(&self.catalogues, l).map_err(RenderError::from))
            .collect()
    }

    /// Renders template `name` with `context`, and the catalogue strings of
    /// `locale` as `t`.
    fn render(
        &self,
        name: &str,
        context: &impl serde::Serialize,
        locale: &Locale,
    ) -> Result<Vec<u8>, RenderError> {
        let mut context = tera::Context::from_serialize(context).map_err(tera_error)?;
        context.insert("t", locale.strings());
        self.tera
            .render(name, &context)
            .map(String::into_bytes)
            .map_err(tera_error)
    }
}

fn read_overrides(
    dir: &Path,
    templates: &mut Vec<(String, String)>,
    assets: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), RenderError> {
    let io = |source| RenderError::TemplateDir {
        path: dir.to_owned(),
        source,
    };
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| io(e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if let Some(asset) = name.strip_prefix("assets/") {
            let bytes = std::fs::read(entry.path()).map_err(io)?;
            assets.retain(|(n, _)| n != asset);
            assets.push((asset.to_owned(), bytes));
        } else if name.starts_with("i18n/") {
            // String catalogues: read by `Catalogues::load`.
        } else if name.ends_with(".html") || name.ends_with(".xml") {
            let text = std::fs::read_to_string(entry.path()).map_err(io)?;
            templates.retain(|(n, _)| *n != name);
            templates.push((name, text));
        }
    }
    Ok(())
}

/// One file of the site.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: SitePath,
    kind: Kind,
    /// The page is at its canonical address (not a copy at a language's root,
    /// nor the default language's copy under `<lang>/`): the sitemap lists it.
    canonical: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    Overview(usize, EditionPaths),
    Platform(usize, usize, EditionPaths),
    Action(usize, usize, EditionPaths),
    /// Edition, action, page (from 1).
    ActionRationales(usize, usize, usize, EditionPaths),
    Methodology(usize, EditionPaths),
    Changes(usize, EditionPaths),
    /// A file of the journalist's kit: search, and the files beside a report.
    Kit(kit::File),
    ScoresCsv(usize),
    Json(usize),
    Extra(usize, LangPaths),
    NotFound(LangPaths),
    Sitemap,
    Feed(usize),
    Asset(usize),
}

impl Kind {
    /// The edition of an edition's page, and its paths: the place of the
    /// page within its language's folder.
    fn edition_paths(&self) -> Option<(usize, &EditionPaths)> {
        match self {
            Kind::Overview(e, paths)
            | Kind::Platform(e, _, paths)
            | Kind::Action(e, _, paths)
            | Kind::ActionRationales(e, _, _, paths)
            | Kind::Methodology(e, paths)
            | Kind::Changes(e, paths) => Some((*e, paths)),
            _ => None,
        }
    }

    /// This page of an edition with its paths [open](EditionPaths::open).
    fn opened(&self) -> Option<Kind> {
        let open = |paths: &EditionPaths| paths.open();
        Some(match self {
            Kind::Overview(e, paths) => Kind::Overview(*e, open(paths)),
            Kind::Platform(e, p, paths) => Kind::Platform(*e, *p, open(paths)),
            Kind::Action(e, a, paths) => Kind::Action(*e, *a, open(paths)),
            Kind::ActionRationales(e, a, page, paths) => {
                Kind::ActionRationales(*e, *a, *page, open(paths))
            }
            Kind::Methodology(e, paths) => Kind::Methodology(*e, open(paths)),
            Kind::Changes(e, paths) => Kind::Changes(*e, open(paths)),
            _ => return None,
        })
    }
}

impl Planned {
    pub fn is_html(&self) -> bool {
        self.path.file().ends_with(".html")
    }

    /// Files that take far longer than a page to make (the PNG share cards):
    /// a build starts them first, so that they overlap with everything else.
    pub fn is_slow(&self) -> bool {
        matches!(&self.kind, Kind::Kit(file) if file.is_slow())
    }

    /// The edition and the group of platforms whose findings the page shows,
    /// for the pages that show some: a report and the pages of its
    /// platform's rationales share a group, and a build renders each group's
    /// pages together, so that it keeps few platforms' findings at once.
    pub fn evidence_group(&self) -> Option<(usize, usize)> {
        match self.kind {
            Kind::Platform(e, p, _) => Some((e, p / context::RATIONALES_PER_PAGE)),
            Kind::ActionRationales(e, _, page, _) => Some((e, page - 1)),
            _ => None,
        }
    }

    /// What this file holds when it holds the same bytes wherever it is:
    /// the downloads, of which the latest edition's are built twice (at its
    /// permalink and at the root).
    pub fn download(&self) -> Option<Download> {
        match self.kind {
            Kind::ScoresCsv(e) => Some(Download::ScoresCsv(e)),
            Kind::Json(e) => Some(Download::Json(e)),
            _ => None,
        }
    }

    /// What this page shows wherever it is in its language's folder: its
    /// edition, and its path among the [open](EditionPaths::open) paths. The
    /// pages of the latest edition, planned at its permalink and at the
    /// root, give the same. A build renders such pages once for both places.
    pub fn same_page(&self) -> Option<(usize, SitePath)> {
        (self.kind.edition_paths()).map(|(e, paths)| (e, paths.opened(&self.path)))
    }
}

/// A download of an edition (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Download {
    ScoresCsv(usize),
    Json(usize),
}

/// Every file the site will hold, in a fixed order: the default language at
/// the root, then, for a site in several languages, every language under
/// `<lang>/` (the default one too), then the files every language shares.
pub fn plan(site: &Site, renderer: &Renderer) -> Vec<Planned> {
    let mut out = Vec::new();
    let root = site.dataset.root_edition();
    let mut trees = vec![LangPaths::root(0)];
    if site.locales.len() > 1 {
        trees.extend(
            site.locales
                .iter()
                .enumerate()
                .map(|(i, l)| LangPaths::folder(i, l.language.as_str())),
        );
    }
    for tree in &trees {
        // The default language's copy under `<lang>/` is never canonical.
        let canonical_tree = *tree == site.canonical_root(tree.lang);
        let at_root = tree.root == SitePath::root();
        let mut push = |path: SitePath, kind: Kind, canonical: bool| {
            out.push(Planned {
                path,
                kind,
                canonical: canonical && canonical_tree,
            })
        };
        for (i, edition) in site.dataset.editions.iter().enumerate() {
            let mut bases = vec![tree.edition(&edition.label)];
            if root == Some(i) {
                bases.push(tree.latest(&edition.label));
            }
            for paths in bases {
                let canonical = !paths.is_latest_copy();
                // An edition permalink: the kit's files are built there only.
                let permalink = canonical && canonical_tree;
                push(
                    paths.overview(),
                    Kind::Overview(i, paths.clone()),
                    canonical,
                );
                for (p, evidence) in edition.platforms.iter().enumerate() {
                    push(
                        paths.platform(&evidence.slug),
                        Kind::Platform(i, p, paths.clone()),
                        canonical,
                    );
                    if permalink {
                        for (path, file) in kit::platform_files(i, p, &paths, &evidence.slug) {
                            push(path, Kind::Kit(file), false);
                        }
                    }
                }
                let rationale_pages = context::rationale_pages(edition.platforms.len());
                for (a, action) in edition.framework.actions.iter().enumerate() {
                    push(
                        paths.action(action),
                        Kind::Action(i, a, paths.clone()),
                        canonical,
                    );
                    for page in 1..=rationale_pages {
                        push(
                            paths.action_rationales(action, page),
                            Kind::ActionRationales(i, a, page, paths.clone()),
                            canonical,
                        );
                    }
                }
                push(
                    paths.methodology(),
                    Kind::Methodology(i, paths.clone()),
                    canonical,
                );
                if site.history[i].is_some() {
                    push(paths.changes(), Kind::Changes(i, paths.clone()), canonical);
                }
                for (path, file, listed) in kit::edition_files(i, &paths, canonical, permalink) {
                    push(path, Kind::Kit(file), listed);
                }
                // The downloads are the same in every language: built once.
                if at_root {
                    push(paths.scores_csv(), Kind::ScoresCsv(i), false);
                    push(paths.scorecard_json(), Kind::Json(i), false);
                }
            }
        }
        for (i, page) in site.dataset.pages.iter().enumerate() {
            push(
                tree.extra_page(&page.name),
                Kind::Extra(i, tree.clone()),
                true,
            );
        }
        if canonical_tree {
            push(tree.not_found(), Kind::NotFound(tree.clone()), false);
            push(tree.feed(), Kind::Feed(tree.lang), false);
        }
    }
    out.push(Planned {
        path: urls::sitemap(),
        kind: Kind::Sitemap,
        canonical: false,
    });
    for (i, (name, _)) in renderer.assets.iter().enumerate() {
        out.push(Planned {
            path: urls::asset(name),
            kind: Kind::Asset(i),
            canonical: false,
        });
    }
    out
}

#[derive(serde::Serialize)]
struct SitemapContext {
    urls: Vec<String>,
}

/// Renders one planned file.
pub fn render(
    site: &Site,
    renderer: &Renderer,
    plan: &[Planned],
    page: &Planned,
) -> Result<Vec<u8>, RenderError> {
    render_open(site, renderer, plan, page).map(|open| open.fill(page).into_owned())
}

/// A file rendered once for every place it is planned at (see
/// [`Planned::same_page`]): a page of an edition is rendered with its
/// edition's paths [open](EditionPaths::open).
pub struct Open(Vec<u8>);

impl Open {
    /// The file as it is at `page`, one of the places it was rendered for.
    pub fn fill(&self, page: &Planned) -> Cow<'_, [u8]> {
        match page.kind.edition_paths() {
            Some((_, paths)) => paths.fill(&self.0, &page.path).into(),
            None => Cow::Borrowed(&self.0),
        }
    }
}

/// Renders one planned file for every place that [`Planned::same_page`]
/// gives the same as `page`'s.
pub fn render_open(
    site: &Site,
    renderer: &Renderer,
    plan: &[Planned],
    page: &Planned,
) -> Result<Open, RenderError> {
    let kind = page.kind.opened();
    render_kind(
        site,
        renderer,
        plan,
        page,
        kind.as_ref().unwrap_or(&page.kind),
    )
    .map(Open)
}

/// Renders `page` as a file of `kind`: its own, or that with its paths open.
fn render_kind(
    site: &Site,
    renderer: &Renderer,
    plan: &[Planned],
    page: &Planned,
    kind: &Kind,
) -> Result<Vec<u8>, RenderError> {
    let locale = |paths: &EditionPaths| &site.locales[paths.lang.lang];
    match kind {
        Kind::Overview(e, paths) => renderer.render(
            "overview.html",
            &WithKit {
                page: context::overview(site, *e, paths),
                kit: context::kit::overview(site, *e, paths),
            },
            locale(paths),
        ),
        Kind::Platform(e, p, paths) => renderer.render(
            "platform.html",
            &WithKit {
                page: context::platform(site, *e, *p, paths)?,
                kit: context::kit::platform(site, *e, *p, paths),
            },
            locale(paths),
        ),
        Kind::Action(e, a, paths) => renderer.render(
            "action.html",
            &context::action(site, *e, *a, paths)?,
            locale(paths),
        ),
        Kind::ActionRationales(e, a, page, paths) => renderer.render(
            "action_rationales.html",
            &context::action_rationales(site, *e, *a, *page, paths)?,
            locale(paths),
        ),
        Kind::Methodology(e, paths) => renderer.render(
            "methodology.html",
            &WithKit {
                page: context::methodology(site, *e, paths),
                kit: context::kit::methodology(site, *e, paths),
            },
            locale(paths),
        ),
        Kind::Changes(e, paths) => renderer.render(
            "changes.html",
            &context::changes(site, *e, paths),
            locale(paths),
        ),
        Kind::Kit(file) => kit::render(site, renderer, file, page),
        Kind::ScoresCsv(e) => downloads::scores_csv(
            &site.dataset.editions[*e],
            &site.scores[*e],
            previous(site, *e).as_ref(),
        )
        .map_err(|err| RenderError::Download(err.to_string())),
        Kind::Json(_) => whole(site, page),
        Kind::Feed(lang) => renderer.render(
            "feed.xml",
            &context::feed(site, *lang),
            &site.locales[*lang],
        ),
        Kind::Extra(i, root) => renderer.render(
            "page.html",
            &context::extra_page(site, *i, root),
            &site.locales[root.lang],
        ),
        Kind::NotFound(root) => renderer.render(
            "404.html",
            &context::not_found(site, root),
            &site.locales[root.lang],
        ),
        Kind::Sitemap => {
            // Canonical addresses only: no copy of a page is listed twice.
            let urls: Vec<String> = plan
                .iter()
                .filter(|p| p.is_html() && p.canonical)
                .map(|p| p.path.absolute(&site.base_url))
                .collect();
            renderer.render("sitemap.xml", &SitemapContext { urls }, &site.locales[0])
        }
        Kind::Asset(i) => Ok(renderer.assets[*i].1.clone()),
    }
}

/// The fingerprint of what `page` shows (see [`fingerprint`]).
pub fn fingerprint(
    prints: &fingerprint::Prints,
    renderer: &Renderer,
    plan_hash: u64,
    page: &Planned,
) -> u64 {
    use fingerprint::combine;
    let g = prints.global;
    let edition = |e: usize| &prints.editions[e];
    let whole = |e: usize| {
        combine((
            edition(e).edition,
            edition(e)
                .platforms
                .iter()
                .map(|p| p.all)
                .collect::<Vec<_>>(),
        ))
    };
    let g = |lang: usize| combine((g, lang));
    match &page.kind {
        Kind::Overview(e, paths) => combine((
            g(paths.lang.lang),
            paths.base.as_str(),
            edition(*e).edition,
            edition(*e)
                .platforms
                .iter()
                .map(|p| (p.facts, p.scores))
                .collect::<Vec<_>>(),
        )),
        Kind::Platform(e, p, paths) => {
            let pp = &edition(*e).platforms[*p];
            combine((
                g(paths.lang.lang),
                paths.base.as_str(),
                edition(*e).edition,
                pp.ranks,
                pp.all,
            ))
        }
        Kind::Action(e, a, paths) => combine((
            g(paths.lang.lang),
            paths.base.as_str(),
            edition(*e).edition,
            edition(*e).ranks,
            *a,
            edition(*e)
                .platforms
                .iter()
                .map(|p| (p.facts, p.actions[*a], p.scores))
                .collect::<Vec<_>>(),
        )),
        Kind::ActionRationales(e, a, page, paths) => {
            let shown = context::rationale_pages(edition(*e).platforms.len());
            combine((
                "rationales",
                g(paths.lang.lang),
                paths.base.as_str(),
                edition(*e).edition,
                (*a, *page, shown),
                // The first and last platform of every page name the links.
                edition(*e)
                    .platforms
                    .iter()
                    .map(|p| p.facts)
                    .collect::<Vec<_>>(),
                // Each platform's findings, score and rank on this action: a
                // rank moved on another action leaves the page as it is.
                edition(*e).platforms[context::rationale_chunk(edition(*e).platforms.len(), *page)]
                    .iter()
                    .map(|p| (p.actions[*a], p.action_shown[*a]))
                    .collect::<Vec<_>>(),
            ))
        }
        Kind::Methodology(e, paths) => {
            combine((g(paths.lang.lang), paths.base.as_str(), edition(*e).edition))
        }
        // Ratings and scores, not the rationales or sources.
        Kind::Changes(e, paths) => combine((
            "changes",
            g(paths.lang.lang),
            paths.base.as_str(),
            edition(*e).edition,
            edition(*e)
                .platforms
                .iter()
                .map(|p| (p.facts, p.ratings, p.scores))
                .collect::<Vec<_>>(),
        )),
        Kind::Kit(file) => kit::fingerprint(prints, g, file),
        Kind::Feed(lang) => combine((
            "feed",
            g(*lang),
            prints
                .editions
                .iter()
                .map(|e| e.edition)
                .collect::<Vec<_>>(),
        )),
        Kind::ScoresCsv(e) => combine(("csv", g(0), whole(*e))),
        Kind::Json(e) => combine(("json", g(0), whole(*e))),
        Kind::Extra(i, root) => combine(("page", g(root.lang), root.root.as_str(), *i)),
        Kind::NotFound(root) => combine(("404", g(root.lang), root.root.as_str())),
        Kind::Sitemap => combine(("sitemap", g(0), plan_hash)),
        Kind::Asset(i) => combine(("asset", &renderer.assets[*i])),
    }
}

/// Writes files to streams, piece by piece: each file to the stream of the
/// same index.
pub type Stream<'a> = Box<dyn FnOnce(&mut [&mut dyn std::io::Write]) -> std::io::Result<()> + 'a>;

impl Planned {
    /// The edition of the largest files (`scorecard.json`, `search.json`),
    /// which hold a piece per platform of it: they are streamed to disk a few
    /// platforms at a time rather than held whole in memory, and those of an
    /// edition are best written together (see [`streamed`]).
    pub fn streamed_edition(&self) -> Option<usize> {
        match &self.kind {
            Kind::Json(e) | Kind::Kit(kit::File::SearchIndex(e, _)) => Some(*e),
            _ => None,
        }
    }
}

/// A writer of the files of `pages`, files of one edition to be streamed
/// (see [`Planned::streamed_edition`]), in the order given: together, so
/// that each platform's findings are read once for all of them. `None` if
/// any page is not such a file of the first one's edition; [`render`]
/// makes every other file whole.
pub fn streamed<'a>(site: &'a Site<'a>, pages: &[&'a Planned]) -> Option<Stream<'a>> {
    let edition = pages.first()?.streamed_edition()?;
    if pages.iter().any(|p| p.streamed_edition() != Some(edition)) {
        return None;
    }
    let pages = pages.to_vec();
    Some(Box::new(move |outs| {
        let files = (pages.iter())
            .map(|page| array_file(site, page))
            .collect::<std::io::Result<Vec<_>>>()?;
        let findings = |i| {
            (site.dataset.evidence)
                .findings_in_passing(edition, i)
                .map_err(std::io::Error::other)
        };
        let count = site.dataset.editions[edition].platforms.len();
        pieces::write_arrays(&files, outs, count, site.pieces, &findings)
    }))
}

/// The file of `page`, one of the files [`streamed`] writes.
fn array_file<'a>(site: &'a Site<'a>, page: &'a Planned) -> std::io::Result<pieces::ArrayFile<'a>> {
    match &page.kind {
        Kind::Json(e) => downloads::scorecard_json(
            &site.dataset.settings,
            &site.base_url,
            (*e, &site.dataset.editions[*e]),
            &site.scores[*e],
            previous(site, *e),
        ),
        Kind::Kit(kit::File::SearchIndex(e, paths)) => context::search::index(site, *e, paths),
        _ => Err(std::io::Error::other(format!(
            "{} is not a file of a piece per platform",
            page.path.file()
        ))),
    }
}

/// The whole of the streamed file `page`.
fn whole(site: &Site, page: &Planned) -> Result<Vec<u8>, RenderError> {
    let stream = streamed(site, &[page])
        .ok_or_else(|| RenderError::Download(format!("{} is not streamed", page.path.file())))?;
    let mut bytes = Vec::new();
    stream(&mut [&mut bytes]).map_err(|err| RenderError::Download(err.to_string()))?;
    Ok(bytes)
}

/// The edition `index` is compared with, for the downloads.
fn previous<'a>(site: &Site<'a>, index: usize) -> Option<downloads::Previous<'a>> {
    site.history[index]
        .as_ref()
        .map(|since| downloads::Previous {
            edition: &site.dataset.editions[since.previous],
            scores: &site.scores[since.previous],
            changes: &since.changes,
        })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use pieces::Pieces;
    use rationales::Rationales;

    #[test]
    fn escapes_wherever_the_characters_stand() {
        let reference = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#39;".to_owned(),
                    c => c.to_string(),
                })
                .collect()
        };
        // Each special character at each place of strings longer than a
        // vector of memchr's searches, among characters of one to four bytes.
        for filler in ["a", "é", "ليلى", "🙂"] {
            for len in 0..40 {
                for at in 0..=len {
                    for special in ['&', '<', '>', '"', '\''] {
                        let mut s: String = filler.repeat(len);
                        let at = s.char_indices().nth(at).map_or(s.len(), |(i, _)| i);
                        s.insert(at, special);
                        assert_eq!(escape_html(&s), reference(&s), "{s:?}");
                    }
                }
            }
        }
        // Both kinds of character, many of each, interleaved.
        let mixed = "a'b\"c&d<e>f''g&&h<\">i".repeat(9);
        assert_eq!(escape_html(&mixed), reference(&mixed));
    }

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain / text é"), "plain / text é");
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("ليلى & <b>"), "ليلى &amp; &lt;b&gt;");
    }

    /// Every page of an edition of the example site (three languages, two
    /// editions, the latest at the root too), rendered with its paths open
    /// and filled in, is the page rendered at its place.
    #[test]
    fn a_page_rendered_open_is_the_page_at_each_of_its_places() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let checked = crate::check(&data, Default::default()).expect("the example data reads");
        let dataset = checked.dataset.expect("the example data is valid");
        let scores: Vec<_> = dataset
            .editions
            .iter()
            .map(crate::score::score_edition)
            .collect();
        let history = crate::score::changes::history(&dataset.editions, &scores);
        let renderer = Renderer::new(None).expect("the built-in templates compile");
        let locales = renderer.locales(&dataset.settings.languages).unwrap();
        let (rationales, pieces) = (Rationales::new(), Pieces::one_shot());
        let site = Site {
            dataset: &dataset,
            scores: &scores,
            history: &history,
            base_url: "https://example.org/scorecard".into(),
            locales: &locales,
            rationales: &rationales,
            pieces: &pieces,
        };
        let plan = plan(&site, &renderer);
        let mut places: HashMap<(usize, SitePath), Vec<&Planned>> = HashMap::new();
        for page in &plan {
            let Some(same) = page.same_page() else {
                continue;
            };
            let open = render_open(&site, &renderer, &plan, page).unwrap();
            assert!(
                open.0.contains(&(urls::TO_ROOT_MARK as u8)),
                "{}",
                page.path.file()
            );
            let direct = render_kind(&site, &renderer, &plan, page, &page.kind).unwrap();
            assert_eq!(
                String::from_utf8(open.fill(page).into_owned()).unwrap(),
                String::from_utf8(direct).unwrap(),
                "{}",
                page.path.file()
            );
            places.entry(same).or_default().push(page);
        }
        // The latest edition's pages are the same at the root and at the
        // permalink, in each language's folder; no other page is the same as another.
        let latest = dataset.editions.last().unwrap().label.as_str();
        for pages in places.values() {
            let (edition, paths) = pages[0].kind.edition_paths().unwrap();
            let at: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
            let in_latest = edition == dataset.editions.len() - 1;
            assert_eq!(at.len(), if in_latest { 2 } else { 1 }, "{at:?}");
            if in_latest {
                let lang_root = paths.lang.root.as_str();
                assert_eq!(
                    at[0]
                        .strip_prefix(lang_root)
                        .unwrap()
                        .strip_prefix(latest)
                        .unwrap(),
                    &format!("/{}", at[1].strip_prefix(lang_root).unwrap())
                );
            }
        }
        assert!(places.len() > 100, "{} pages", places.len());
    }
}
