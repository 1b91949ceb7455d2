//! The site's URL scheme (a contract: journalists link these paths) and the
//! relative links between pages, so the built folder works under any base path
//! and straight from disk.
//!
//! A site in several languages builds each under `<lang>/`, and the default
//! language also at the root, where a single-language site has always been:
//! `/2026/…` and `/en/2026/…` are the same English page, `/ar/2026/…` the
//! Arabic one. The downloads are the same in every language and are built
//! once, at the root.

use crate::ids::Slug;
use crate::model::Action;

/// A path from the site root: a folder path ends with `/` (its page is
/// `index.html`), a file path does not. Never starts with `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(String);

impl SitePath {
    pub fn root() -> SitePath {
        SitePath(String::new())
    }

    fn join(&self, rest: &str) -> SitePath {
        SitePath(format!("{}{rest}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This path inside `root`'s folder: `root` + `self`.
    pub fn under(&self, root: &SitePath) -> SitePath {
        root.join(&self.0)
    }

    /// This path from `root`'s folder, if it lies inside it.
    pub fn from_root(&self, root: &SitePath) -> Option<SitePath> {
        self.0.strip_prefix(&root.0).map(|s| SitePath(s.to_owned()))
    }

    /// The file that holds this page in the output folder.
    pub fn file(&self) -> String {
        // An open edition's folder is a folder too, whichever it stands for.
        if self.0.is_empty() || self.0.ends_with(['/', BASE_MARK]) {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }

    /// The folder the page's file sits in, from the root.
    fn dir(&self) -> &str {
        match self.0.rfind('/') {
            Some(i) => &self.0[..=i],
            None => "",
        }
    }

    /// `../` once per folder level: the way back to the root from this page.
    /// For a page of [open](EditionPaths::open) paths, whose depth is not
    /// known yet, [`TO_ROOT_MARK`].
    pub fn to_root(&self) -> String {
        if self.0.contains(BASE_MARK) {
            return TO_ROOT_MARK.to_string();
        }
        "../".repeat(self.dir().matches('/').count())
    }

    /// A relative link from this page to `target`, naming `index.html` so that
    /// it works from `file://` as well as on a server.
    pub fn href_to(&self, target: &SitePath) -> String {
        format!("{}{}", self.to_root(), target.file())
    }

    /// The public, pretty URL of this path under `base_url`.
    pub fn absolute(&self, base_url: &str) -> String {
        format!("{}/{}", base_url.trim_end_matches('/'), self.0)
    }
}

/// Where one language's pages are built: the root, or `<lang>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangPaths {
    /// The language's index in the site's languages.
    pub lang: usize,
    pub root: SitePath,
}

impl LangPaths {
    /// The pages of language `lang` at the site's root.
    pub fn root(lang: usize) -> LangPaths {
        LangPaths {
            lang,
            root: SitePath::root(),
        }
    }

    /// The pages of language `lang` under `<tag>/`.
    pub fn folder(lang: usize, tag: &str) -> LangPaths {
        LangPaths {
            lang,
            root: SitePath(format!("{tag}/")),
        }
    }

    /// The pages of edition `label`, at `<label>/`.
    pub fn edition(&self, label: &Slug) -> EditionPaths {
        EditionPaths {
            base: self.root.join(&format!("{label}/")),
            data: SitePath(format!("{label}/")),
            lang: self.clone(),
        }
    }

    /// The latest edition's pages, at the language's root.
    pub fn latest(&self, label: &Slug) -> EditionPaths {
        EditionPaths {
            base: self.root.clone(),
            data: if self.root == SitePath::root() {
                SitePath::root()
            } else {
                SitePath(format!("{label}/"))
            },
            lang: self.clone(),
        }
    }

    pub fn extra_page(&self, name: &Slug) -> SitePath {
        extra_page(name).under(&self.root)
    }

    pub fn not_found(&self) -> SitePath {
        not_found().under(&self.root)
    }

    pub fn feed(&self) -> SitePath {
        feed().under(&self.root)
    }
}

/// Stands in an [open](EditionPaths::open) page for its way back to the
/// root, [`SitePath::to_root`].
pub const TO_ROOT_MARK: char = '\u{1}';

/// Stands in [open](EditionPaths::open) paths for the edition's folder within
/// its language's: `2026/`, or nothing for the latest edition's copy.
pub const BASE_MARK: char = '\u{2}';

/// Where an edition's pages are built: `<label>/`, or the root for the latest.
#[derive(Debug, Clone)]
pub struct EditionPaths {
    pub base: SitePath,
    /// Where the edition's downloads are: beside its pages at the root, and
    /// at the root's copy for the pages of another language.
    data: SitePath,
    pub lang: LangPaths,
}

impl EditionPaths {
    /// The default language's pages of edition `label` at the root.
    pub fn permalink(label: &Slug) -> EditionPaths {
        LangPaths::root(0).edition(label)
    }

    /// Whether this is the latest edition's copy at a language's root.
    pub fn is_latest_copy(&self) -> bool {
        self.base == self.lang.root
    }

    /// These paths with the edition's folder left open, as [`BASE_MARK`]:
    /// a page rendered with them, once [filled](Self::fill) in, is the page
    /// of these paths or of any other copy of the edition in the same
    /// language. The latest edition's pages are at its permalink and at the
    /// root, and this renders them once for both.
    pub fn open(&self) -> EditionPaths {
        let base = self.lang.root.join(BASE_MARK.encode_utf8(&mut [0; 4]));
        EditionPaths {
            // The downloads sit beside the pages, or at the root's copy for
            // another language, whichever copy this is.
            data: if self.data == self.base {
                base.clone()
            } else {
                self.data.clone()
            },
            base,
            lang: self.lang.clone(),
        }
    }

    /// `page`, a path of these paths, as the same path of the
    /// [open](Self::open) ones: the same for each copy of the page.
    pub fn opened(&self, page: &SitePath) -> SitePath {
        let within = page.0.strip_prefix(&self.base.0).unwrap_or(&page.0);
        self.open().base.join(within)
    }

    /// `open`, a rendering with [open](Self::open) paths, as the file `page`
    /// of these paths.
    pub fn fill(&self, open: &[u8], page: &SitePath) -> Vec<u8> {
        let within = (self.base.0.strip_prefix(&self.lang.root.0)).unwrap_or(&self.base.0);
        let to_root = page.to_root();
        let (to_root_mark, base_mark) = (TO_ROOT_MARK as u8, BASE_MARK as u8);
        let mut out = Vec::with_capacity(open.len() + open.len() / 16);
        let mut start = 0;
        for at in memchr::memchr2_iter(to_root_mark, base_mark, open) {
            out.extend_from_slice(&open[start..at]);
            out.extend_from_slice(if open[at] == to_root_mark {
                to_root.as_bytes()
            } else {
                within.as_bytes()
            });
            start = at + 1;
        }
        out.extend_from_slice(&open[start..]);
        out
    }

    pub fn overview(&self) -> SitePath {
        self.base.clone()
    }

    pub fn platform(&self, slug: &Slug) -> SitePath {
        self.base.join(&format!("platforms/{slug}/"))
    }

    pub fn action(&self, action: &Action) -> SitePath {
        self.base.join(&format!(
            "actions/{}-{}/",
            action.number.value, action.slug.value
        ))
    }

    /// Page `page` (from 1) of the rationales of an action with many platforms.
    pub fn action_rationales(&self, action: &Action, page: usize) -> SitePath {
        self.action(action).join(&format!("rationales/{page}/"))
    }

    pub fn methodology(&self) -> SitePath {
        self.base.join("methodology/")
    }

    /// What changed since the previous edition.
    pub fn changes(&self) -> SitePath {
        self.base.join("changes/")
    }

    pub fn scores_csv(&self) -> SitePath {
        self.data.join("data/scores.csv")
    }

    pub fn scorecard_json(&self) -> SitePath {
        self.data.join("data/scorecard.json")
    }

    /// The search page: the full lists, and a search box with JavaScript.
    pub fn search(&self) -> SitePath {
        self.base.join("search/")
    }

    /// The prebuilt index that the search page's script reads.
    pub fn search_index(&self) -> SitePath {
        self.base.join("search.json")
    }

    /// A platform report's BibTeX record.
    pub fn cite_bib(&self, slug: &Slug) -> SitePath {
        self.base.join(&format!("platforms/{slug}/cite.bib"))
    }

    /// A platform report's CSL-JSON record (Zotero, Mendeley, pandoc).
    pub fn cite_json(&self, slug: &Slug) -> SitePath {
        self.base.join(&format!("platforms/{slug}/cite.json"))
    }

    /// A platform's embeddable score badge.
    pub fn badge(&self, slug: &Slug) -> SitePath {
        self.base.join(&format!("platforms/{slug}/badge.svg"))
    }

    /// A platform's chart alone, for an `<iframe>`.
    pub fn embed(&self, slug: &Slug) -> SitePath {
        self.base.join(&format!("platforms/{slug}/embed/"))
    }

    /// A platform report's share card (Open Graph image).
    pub fn share_card(&self, slug: &Slug) -> SitePath {
        self.base.join(&format!("platforms/{slug}/og.png"))
    }
}

pub fn extra_page(name: &Slug) -> SitePath {
    SitePath(format!("pages/{name}/"))
}

pub fn asset(name: &str) -> SitePath {
    SitePath(format!("assets/{name}"))
}

pub fn stylesheet() -> SitePath {
    asset("style.css")
}

/// The search page's script, the site's only JavaScript.
pub fn search_script() -> SitePath {
    asset("search.js")
}

pub fn not_found() -> SitePath {
    SitePath("404.html".into())
}

pub fn sitemap() -> SitePath {
    SitePath("sitemap.xml".into())
}

/// The Atom feed of published editions.
pub fn feed() -> SitePath {
    SitePath("feed.xml".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        let label = Slug::parse("2026").unwrap();
        let slug = Slug::parse("example-social").unwrap();
        let e = EditionPaths::permalink(&label);
        let page = e.platform(&slug);
        assert_eq!(page.file(), "2026/platforms/example-social/index.html");
        assert_eq!(page.to_root(), "../../../");
        assert_eq!(
            page.href_to(&e.methodology()),
            "../../../2026/methodology/index.html"
        );
        assert_eq!(SitePath::root().href_to(&stylesheet()), "assets/style.css");
        assert_eq!(not_found().to_root(), "");
        assert_eq!(
            page.absolute("https://x.example/s/"),
            "https://x.example/s/2026/platforms/example-social/"
        );
    }

    #[test]
    fn links_of_open_paths_filled_in_are_the_links_of_each_copy() {
        let label = Slug::parse("2026").unwrap();
        let slug = Slug::parse("example-social").unwrap();
        let links = |paths: &EditionPaths| {
            let page = paths.platform(&slug);
            let permalink = EditionPaths::permalink(&label);
            [
                page.file(),
                paths.overview().file(),
                page.href_to(&paths.methodology()),
                page.href_to(&paths.overview()),
                page.href_to(&paths.scorecard_json()),
                page.href_to(&permalink.cite_bib(&slug)),
                page.href_to(&stylesheet()),
                page.absolute("https://x.example/s"),
            ]
            .join(" ")
        };
        for tree in [LangPaths::root(0), LangPaths::folder(1, "ar")] {
            for paths in [tree.edition(&label), tree.latest(&label)] {
                let filled = paths.fill(links(&paths.open()).as_bytes(), &paths.platform(&slug));
                assert_eq!(String::from_utf8(filled).unwrap(), links(&paths));
            }
        }
        let latest = LangPaths::root(0).latest(&label);
        assert_eq!(
            links(&latest),
            "platforms/example-social/index.html index.html ../../methodology/index.html \
             ../../index.html ../../data/scorecard.json ../../2026/platforms/example-social/cite.bib \
             ../../assets/style.css https://x.example/s/platforms/example-social/"
        );
    }
}
