//! Render: turn the scored dataset into the files of the site. Plans every
//! output path first, so that each page can be rendered on its own (in
//! parallel) and every internal link checked against the plan.

pub mod card;
pub mod chart;
pub mod context;
pub mod downloads;
pub mod fingerprint;
pub mod format;
pub mod links;
pub mod markdown;
pub mod urls;

use std::path::Path;

use context::Site;
use urls::{EditionPaths, SitePath};

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
    #[error("cannot draw the share card `{path}`: {message}")]
    ShareCard { path: String, message: String },
}

/// Escapes text for HTML and XML. Unlike Tera's default it leaves `/` alone,
/// so URLs read as URLs in the source.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
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

/// The compiled templates and the assets to copy.
pub struct Renderer {
    tera: tera::Tera,
    assets: Vec<(String, Vec<u8>)>,
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
        Ok(Renderer { tera, assets })
    }

    fn render(&self, name: &str, context: &impl serde::Serialize) -> Result<Vec<u8>, RenderError> {
        let context = tera::Context::from_serialize(context).map_err(tera_error)?;
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
}

#[derive(Debug, Clone)]
enum Kind {
    Overview(usize, EditionPaths),
    Platform(usize, usize, EditionPaths),
    Action(usize, usize, EditionPaths),
    Methodology(usize, EditionPaths),
    Changes(usize, EditionPaths),
    Search(usize, EditionPaths),
    SearchIndex(usize, EditionPaths),
    /// Per platform, at the edition permalink only: these update only with a
    /// new edition.
    CiteBib(usize, usize),
    CiteJson(usize, usize),
    Badge(usize, usize),
    Embed(usize, usize),
    ShareCard(usize, usize),
    ScoresCsv(usize),
    Json(usize),
    Extra(usize),
    NotFound,
    Sitemap,
    Feed,
    Asset(usize),
}

impl Planned {
    pub fn is_html(&self) -> bool {
        self.path.file().ends_with(".html")
    }

    /// Files that take far longer than a page to make (the PNG share cards):
    /// a build starts them first, so that they overlap with everything else.
    pub fn is_slow(&self) -> bool {
        matches!(self.kind, Kind::ShareCard(..))
    }
}

/// Every file the site will hold, in a fixed order.
pub fn plan(site: &Site, renderer: &Renderer) -> Vec<Planned> {
    let mut out = Vec::new();
    let root = site.dataset.root_edition();
    for (i, edition) in site.dataset.editions.iter().enumerate() {
        let mut bases = vec![EditionPaths::permalink(&edition.label)];
        if root == Some(i) {
            bases.push(EditionPaths::root());
        }
        for paths in bases {
            out.push(Planned {
                path: paths.overview(),
                kind: Kind::Overview(i, paths.clone()),
            });
            for (p, evidence) in edition.platforms.iter().enumerate() {
                out.push(Planned {
                    path: paths.platform(&evidence.slug),
                    kind: Kind::Platform(i, p, paths.clone()),
                });
                if paths.is_root() {
                    continue;
                }
                let slug = &evidence.slug;
                out.extend(
                    [
                        (paths.cite_bib(slug), Kind::CiteBib(i, p)),
                        (paths.cite_json(slug), Kind::CiteJson(i, p)),
                        (paths.badge(slug), Kind::Badge(i, p)),
                        (paths.embed(slug), Kind::Embed(i, p)),
                        (paths.share_card(slug), Kind::ShareCard(i, p)),
                    ]
                    .map(|(path, kind)| Planned { path, kind }),
                );
            }
            for (a, action) in edition.framework.actions.iter().enumerate() {
                out.push(Planned {
                    path: paths.action(action),
                    kind: Kind::Action(i, a, paths.clone()),
                });
            }
            out.push(Planned {
                path: paths.methodology(),
                kind: Kind::Methodology(i, paths.clone()),
            });
            if site.history[i].is_some() {
                out.push(Planned {
                    path: paths.changes(),
                    kind: Kind::Changes(i, paths.clone()),
                });
            }
            out.push(Planned {
                path: paths.search(),
                kind: Kind::Search(i, paths.clone()),
            });
            out.push(Planned {
                path: paths.search_index(),
                kind: Kind::SearchIndex(i, paths.clone()),
            });
            out.push(Planned {
                path: paths.scores_csv(),
                kind: Kind::ScoresCsv(i),
            });
            out.push(Planned {
                path: paths.scorecard_json(),
                kind: Kind::Json(i),
            });
        }
    }
    for (i, page) in site.dataset.pages.iter().enumerate() {
        out.push(Planned {
            path: urls::extra_page(&page.name),
            kind: Kind::Extra(i),
        });
    }
    out.push(Planned {
        path: urls::not_found(),
        kind: Kind::NotFound,
    });
    out.push(Planned {
        path: urls::sitemap(),
        kind: Kind::Sitemap,
    });
    out.push(Planned {
        path: urls::feed(),
        kind: Kind::Feed,
    });
    for (i, (name, _)) in renderer.assets.iter().enumerate() {
        out.push(Planned {
            path: urls::asset(name),
            kind: Kind::Asset(i),
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
    match &page.kind {
        Kind::Overview(e, paths) => {
            renderer.render("overview.html", &context::overview(site, *e, paths))
        }
        Kind::Platform(e, p, paths) => {
            renderer.render("platform.html", &context::platform(site, *e, *p, paths))
        }
        Kind::Action(e, a, paths) => {
            renderer.render("action.html", &context::action(site, *e, *a, paths))
        }
        Kind::Methodology(e, paths) => {
            renderer.render("methodology.html", &context::methodology(site, *e, paths))
        }
        Kind::Changes(e, paths) => {
            renderer.render("changes.html", &context::changes(site, *e, paths))
        }
        Kind::Search(e, paths) => renderer.render("search.html", &context::search(site, *e, paths)),
        Kind::SearchIndex(e, paths) => Ok(context::search_index(site, *e, paths)),
        Kind::CiteBib(e, p) => Ok(context::cite_bib(site, *e, *p)),
        Kind::CiteJson(e, p) => Ok(context::cite_json(site, *e, *p)),
        Kind::Badge(e, p) => Ok(card::badge_svg(&context::badge(site, *e, *p)).into_bytes()),
        Kind::Embed(e, p) => renderer.render("embed.html", &context::embed(site, *e, *p)),
        Kind::ShareCard(e, p) => {
            card::card_png(&context::share_card(site, *e, *p)).map_err(|message| {
                RenderError::ShareCard {
                    path: page.path.file(),
                    message,
                }
            })
        }
        Kind::ScoresCsv(e) => downloads::scores_csv(
            &site.dataset.editions[*e],
            &site.scores[*e],
            previous(site, *e).as_ref(),
        )
        .map_err(|err| RenderError::Download(err.to_string())),
        Kind::Json(e) => downloads::scorecard_json(
            &site.dataset.settings,
            &site.base_url,
            &site.dataset.editions[*e],
            &site.scores[*e],
            previous(site, *e).as_ref(),
        )
        .map_err(|err| RenderError::Download(err.to_string())),
        Kind::Feed => renderer.render("feed.xml", &context::feed(site)),
        Kind::Extra(i) => renderer.render("page.html", &context::extra_page(site, *i)),
        Kind::NotFound => renderer.render("404.html", &context::not_found(site)),
        Kind::Sitemap => {
            // Canonical addresses only: the root copy of the latest edition is not listed twice.
            let urls: Vec<String> = plan
                .iter()
                .filter(|p| p.is_html() && !matches!(p.kind, Kind::NotFound | Kind::Embed(..)))
                .filter(|p| {
                    p.kind
                        .edition_paths()
                        .is_none_or(|e| e.base != SitePath::root())
                })
                .map(|p| p.path.absolute(&site.base_url))
                .collect();
            renderer.render("sitemap.xml", &SitemapContext { urls })
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
    match &page.kind {
        Kind::Overview(e, paths) => combine((
            g,
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
                g,
                paths.base.as_str(),
                edition(*e).edition,
                edition(*e).ranks,
                pp.all,
            ))
        }
        Kind::Action(e, a, paths) => combine((
            g,
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
        Kind::Methodology(e, paths) => combine((g, paths.base.as_str(), edition(*e).edition)),
        Kind::Changes(e, paths) => combine(("changes", g, paths.base.as_str(), whole(*e))),
        // The lists name every platform; the index holds every finding.
        Kind::Search(e, paths) => combine((
            "search",
            g,
            paths.base.as_str(),
            edition(*e).edition,
            edition(*e)
                .platforms
                .iter()
                .map(|p| p.facts)
                .collect::<Vec<_>>(),
        )),
        Kind::SearchIndex(e, paths) => combine(("search.json", g, paths.base.as_str(), whole(*e))),
        // Name, company, scores and the edition: all in the platform's `all`.
        Kind::CiteBib(e, p) => {
            combine(("bib", g, edition(*e).edition, edition(*e).platforms[*p].all))
        }
        Kind::CiteJson(e, p) => {
            combine(("csl", g, edition(*e).edition, edition(*e).platforms[*p].all))
        }
        Kind::Badge(e, p) => combine((
            "badge",
            g,
            edition(*e).edition,
            edition(*e).platforms[*p].all,
        )),
        Kind::Embed(e, p) => combine((
            "embed",
            g,
            edition(*e).edition,
            edition(*e).platforms[*p].all,
        )),
        // The card shows the rank too.
        Kind::ShareCard(e, p) => combine((
            "card",
            g,
            edition(*e).edition,
            edition(*e).ranks,
            edition(*e).platforms[*p].all,
        )),
        Kind::Feed => combine((
            "feed",
            g,
            prints
                .editions
                .iter()
                .map(|e| e.edition)
                .collect::<Vec<_>>(),
        )),
        Kind::ScoresCsv(e) => combine(("csv", g, whole(*e))),
        Kind::Json(e) => combine(("json", g, whole(*e))),
        Kind::Extra(i) => combine(("page", g, *i)),
        Kind::NotFound => combine(("404", g)),
        Kind::Sitemap => combine(("sitemap", g, plan_hash)),
        Kind::Asset(i) => combine(("asset", &renderer.assets[*i])),
    }
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

impl Kind {
    fn edition_paths(&self) -> Option<&EditionPaths> {
        match self {
            Kind::Overview(_, p)
            | Kind::Platform(_, _, p)
            | Kind::Action(_, _, p)
            | Kind::Methodology(_, p)
            | Kind::Changes(_, p)
            | Kind::Search(_, p)
            | Kind::SearchIndex(_, p) => Some(p),
            _ => None,
        }
    }
}
