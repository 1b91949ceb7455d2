//! The journalist's kit among the site's files: which files it adds to the
//! plan, how each is made, and what each one's fingerprint covers. The
//! contexts, in each page's language, are in [`super::context::kit`].

use super::context::{kit, search, Site};
use super::fingerprint::{combine, Prints};
use super::urls::{EditionPaths, SitePath};
use super::{card, Planned, RenderError, Renderer};

use crate::ids::Slug;

/// A file of the kit: an edition's search page (in every copy of the
/// edition) and index, or one beside a platform report: edition `.0`,
/// platform `.1`, at the edition permalink of a language (`.2`).
#[derive(Debug, Clone)]
pub(super) enum File {
    Search(usize, EditionPaths),
    SearchIndex(usize, EditionPaths),
    CiteBib(usize, usize, EditionPaths),
    CiteJson(usize, usize, EditionPaths),
    Badge(usize, usize, EditionPaths),
    Embed(usize, usize, EditionPaths),
    ShareCard(usize, usize, EditionPaths),
}

impl File {
    /// The PNG share cards take far longer to make than a page.
    pub(super) fn is_slow(&self) -> bool {
        matches!(self, File::ShareCard(..))
    }
}

/// The search files of edition `e` in `paths`: the page in every copy of
/// the edition, listed in the sitemap where it is `canonical`; the index
/// only at an edition permalink (`permalink`).
pub(super) fn edition_files(
    e: usize,
    paths: &EditionPaths,
    canonical: bool,
    permalink: bool,
) -> Vec<(SitePath, File, bool)> {
    let mut files = vec![(paths.search(), File::Search(e, paths.clone()), canonical)];
    if permalink {
        files.push((
            paths.search_index(),
            File::SearchIndex(e, paths.clone()),
            false,
        ));
    }
    files
}

/// The files beside platform `p`'s report of edition `e` in `paths`, which
/// must be an edition permalink (not the newest edition's copy at a root).
pub(super) fn platform_files(
    e: usize,
    p: usize,
    paths: &EditionPaths,
    slug: &Slug,
) -> [(SitePath, File); 5] {
    let at = || paths.clone();
    [
        (paths.cite_bib(slug), File::CiteBib(e, p, at())),
        (paths.cite_json(slug), File::CiteJson(e, p, at())),
        (paths.badge(slug), File::Badge(e, p, at())),
        (paths.embed(slug), File::Embed(e, p, at())),
        (paths.share_card(slug), File::ShareCard(e, p, at())),
    ]
}

pub(super) fn render(
    site: &Site,
    renderer: &Renderer,
    file: &File,
    page: &Planned,
) -> Result<Vec<u8>, RenderError> {
    let locale = |paths: &EditionPaths| &site.locales[paths.lang.lang];
    match file {
        File::Search(e, paths) => {
            renderer.render("search.html", &search::page(site, *e, paths), locale(paths))
        }
        File::SearchIndex(..) => super::whole(site, page),
        File::CiteBib(e, p, paths) => Ok(kit::cite_bib(site, *e, *p, paths)),
        File::CiteJson(e, p, paths) => Ok(kit::cite_json(site, *e, *p, paths)),
        File::Badge(e, p, paths) => {
            Ok(card::badge_svg(&kit::badge(site, *e, *p, paths)).into_bytes())
        }
        File::Embed(e, p, paths) => renderer.render(
            "embed.html",
            &kit::embed(site, *e, *p, paths),
            locale(paths),
        ),
        File::ShareCard(e, p, paths) => card::card_png(&kit::share_card(site, *e, *p, paths))
            .map_err(|message| RenderError::ShareCard {
                path: page.path.file(),
                message,
            }),
    }
}

/// The fingerprint of what `file` shows; `g` is the fingerprint of what
/// every page of its language shows.
pub(super) fn fingerprint(prints: &Prints, g: impl Fn(usize) -> u64, file: &File) -> u64 {
    let (what, e, p, paths) = match file {
        // The page lists every platform's name; the index holds every finding.
        File::Search(e, paths) | File::SearchIndex(e, paths) => {
            let page = matches!(file, File::Search(..));
            let edition = &prints.editions[*e];
            let platforms: Vec<u64> = edition
                .platforms
                .iter()
                .map(|p| if page { p.facts } else { p.all })
                .collect();
            return combine((
                if page { "search" } else { "search.json" },
                g(paths.lang.lang),
                paths.base.as_str(),
                edition.edition,
                platforms,
            ));
        }
        File::CiteBib(e, p, paths) => ("bib", e, p, paths),
        File::CiteJson(e, p, paths) => ("csl", e, p, paths),
        File::Badge(e, p, paths) => ("badge", e, p, paths),
        File::Embed(e, p, paths) => ("embed", e, p, paths),
        // The card shows the rank too.
        File::ShareCard(e, p, paths) => ("card", e, p, paths),
    };
    let edition = &prints.editions[*e];
    // Name, company, scores and the edition: all in the platform's `all`;
    // ranks only for the card, which shows its own (and whether it is tied,
    // and of how many): a rank moved elsewhere redraws only the cards whose
    // rank it moved.
    let ranks = file.is_slow().then_some(edition.platforms[*p].ranks);
    combine((
        what,
        g(paths.lang.lang),
        paths.base.as_str(),
        edition.edition,
        ranks,
        edition.platforms[*p].all,
    ))
}
