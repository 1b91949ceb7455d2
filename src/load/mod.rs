//! Load: walk the data folder in a fixed order, read every file (in parallel),
//! parse its TOML keeping spans, and read it into the model types. Problems go
//! into diagnostics; only a data folder that cannot be opened at all is an error.

mod files;
pub mod memo;
pub mod reader;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use toml::de::DeTable;

use crate::diagnostic::{Code, Diagnostics, Severity};
use crate::evidence::spill::{Blob, Spill};
use crate::ids::{IndicatorId, LanguageTag, RatingId, Slug};
use crate::model::{
    without_controls, EditionMeta, Finding, Framework, Page, PageTranslation, Platform, Settings,
};
use crate::source::{FileId, SourceMap, Span, Spanned};
use crate::Error;

use memo::Memo;
use reader::{Ctx, Table};

/// Files larger than this are refused: evidence files are small, and a huge one
/// is a mistake (or an attack) that would otherwise stall every build.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Everything read from a data folder, before any cross-file rule is checked.
/// A value is `None` where its file was missing or broken.
#[derive(Debug)]
pub struct Loaded {
    /// The data folder.
    pub root: PathBuf,
    /// Whether the load let the whole findings go once each file's were
    /// checked on their own (see [`LoadCache::letting_go_above`]).
    pub findings_let_go: bool,
    /// Where the load spilled the findings it let go, if it did (see
    /// [`LoadCache::spilling_in`]).
    pub spill: Option<Arc<Spill>>,
    pub sources: SourceMap,
    pub settings: Option<Settings>,
    pub editions: Vec<LoadedEdition>,
    pub pages: Vec<Page>,
}

#[derive(Debug)]
pub struct LoadedEdition {
    /// The folder name, which is the edition's label.
    pub dir: String,
    /// `editions/<dir>`, relative to the data root.
    pub path: String,
    pub meta: Option<EditionMeta>,
    pub framework: Option<Framework>,
    pub platforms: Vec<LoadedPlatform>,
}

impl LoadedEdition {
    /// Every translatable text of the edition's files.
    pub fn texts_mut(
        &mut self,
    ) -> impl Iterator<Item = &mut crate::source::Spanned<crate::model::Text>> {
        let meta = self.meta.iter_mut().flat_map(EditionMeta::texts_mut);
        let framework = self.framework.iter_mut().flat_map(Framework::texts_mut);
        let platforms = self.platforms.iter_mut().flat_map(|p| {
            p.platform.iter_mut().flat_map(Platform::texts_mut).chain(
                // Only a finding with translations changes in validation,
                // so only such a finding is unshared from the load cache.
                p.whole
                    .iter_mut()
                    .flatten()
                    .filter(|f| f.has_translations())
                    .flat_map(|f| Arc::make_mut(f).texts_mut()),
            )
        });
        meta.chain(framework).chain(platforms)
    }
}

#[derive(Debug)]
pub struct LoadedPlatform {
    pub slug: Slug,
    /// `editions/<label>/platforms/<slug>`.
    pub path: String,
    pub platform: Option<Platform>,
    /// What validation needs of each finding that read, in file order.
    pub findings: Vec<FindingSummary>,
    /// The same findings whole, unless the load let them go. Shared with
    /// serve's load cache, which keeps them for the next load.
    pub whole: Option<Vec<Arc<Finding>>>,
    /// When the load let the findings go: what [`crate::validate`] says of
    /// each on its own, checked as it was read.
    pub checked: Diagnostics,
    /// When the load let the findings go: where it spilled each file's, if it
    /// spilled every file's.
    pub spilled: Option<Vec<Blob>>,
    /// False when a findings file, or a finding in one, could not be read: which
    /// indicators it rates is then unknown, so none is reported as unassessed.
    pub findings_complete: bool,
}

/// What validation needs of a finding besides the rules it keeps on its
/// own: what it rates, and what its edition's framework and date decide.
#[derive(Debug, Clone)]
pub struct FindingSummary {
    pub indicator: Spanned<IndicatorId>,
    pub rating: Spanned<RatingId>,
    pub sources: usize,
    /// No rationale, or a blank one in every language.
    pub rationale_blank: bool,
    /// When each source was accessed.
    pub accessed: Vec<Spanned<chrono::NaiveDate>>,
    /// The file it was read from.
    pub file: FileId,
}

impl From<&Finding> for FindingSummary {
    fn from(f: &Finding) -> FindingSummary {
        FindingSummary {
            indicator: f.indicator.clone(),
            rating: f.rating.clone(),
            sources: f.sources.len(),
            rationale_blank: (f.rationale.as_ref())
                .is_none_or(|r| r.value.strings().all(|s| s.trim().is_empty())),
            accessed: f.sources.iter().map(|s| s.accessed.clone()).collect(),
            file: f.file,
        }
    }
}

impl From<&FindingSummary> for crate::model::Rated {
    fn from(f: &FindingSummary) -> crate::model::Rated {
        crate::model::Rated {
            rating: f.rating.value.clone(),
            sources: f.sources,
        }
    }
}

/// The kinds of file in a data folder, each read by its own reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `scorecard.toml`
    Settings,
    /// `editions/<label>/edition.toml`
    Edition,
    /// `editions/<label>/framework.toml`
    Framework,
    /// `editions/<label>/platforms/<slug>/platform.toml`
    Platform,
    /// Any other `.toml` file in a platform folder.
    Findings,
    /// `pages/<name>.md`
    Page,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Settings,
        Kind::Edition,
        Kind::Framework,
        Kind::Platform,
        Kind::Findings,
        Kind::Page,
    ];
}

/// A file to read, planned during the walk so that reading can run in parallel
/// and still come back in a fixed order.
struct Job {
    abs: PathBuf,
    rel: String,
    kind: Kind,
    edition: usize,
    platform: usize,
}

/// What a file read as. Boxed but for findings, the one kind a large
/// folder has thousands of: a load holds one of these per file at once.
#[derive(Clone)]
enum Content {
    Settings(Box<Settings>),
    Edition(Box<EditionMeta>),
    Framework(Box<Framework>),
    Platform(Box<Platform>),
    Findings(FindingsRead),
    Page(Box<Page>),
    /// `pages/<name>.<lang>.md`: the page `name` in one more language.
    PageTranslation(Box<(Slug, PageTranslation)>),
}

/// The findings of a file, and whether every finding of the file read.
#[derive(Clone)]
struct FindingsRead {
    summaries: Vec<FindingSummary>,
    /// `None` once let go (see [`LoadCache::letting_go_above`]).
    whole: Option<Vec<Arc<Finding>>>,
    complete: bool,
    /// What validation says of each finding on its own, once let go.
    checked: Diagnostics,
    /// Where the findings were spilled, once let go.
    spilled: Option<Blob>,
}

#[derive(Clone)]
struct Parsed {
    /// Shared, so that keeping a parse for the next load copies no text.
    /// `None` once let go (see [`SourceMap::add_unread`]).
    text: Option<Arc<str>>,
    content: Option<Content>,
    diagnostics: Diagnostics,
}

impl Parsed {
    /// A findings file that the memo says reads without a problem.
    fn recalled(summaries: Vec<FindingSummary>) -> Parsed {
        Parsed {
            text: None,
            content: Some(Content::Findings(FindingsRead {
                summaries,
                whole: None,
                complete: true,
                checked: Diagnostics::new(),
                spilled: None,
            })),
            diagnostics: Diagnostics::new(),
        }
    }
}

/// Files parsed by earlier loads of the same folder, for `serve`: a file
/// whose size and modification time are unchanged, and which keeps its place
/// in the walk (so its spans stay right), is not read again.
#[derive(Default)]
pub struct LoadCache {
    files: HashMap<PathBuf, CachedFile>,
    /// Whether to keep the files parsed by this load for the next one. A
    /// one-shot `check` or `build` does not: keeping them would hold a second
    /// copy of every parsed file.
    keep: bool,
    /// Above this many bytes of findings files, let each file's findings go
    /// once checked on their own.
    let_go_above: Option<u64>,
    /// What earlier checks found without a problem, for a load that lets go.
    memo: Option<Memo>,
    /// Where a load that lets go spills the findings (see
    /// [`LoadCache::spilling_in`]).
    spill_in: Option<PathBuf>,
}

impl LoadCache {
    /// A cache that keeps what each load parsed, for the next load.
    pub fn reusing() -> LoadCache {
        LoadCache {
            files: HashMap::new(),
            keep: true,
            let_go_above: None,
            memo: None,
            spill_in: None,
        }
    }

    /// The load, taking from `memo` the findings files that earlier checks
    /// found without a problem (when it lets findings go), and noting in it
    /// the ones this load does.
    pub fn remembering(self, memo: Memo) -> LoadCache {
        LoadCache {
            memo: Some(memo),
            ..self
        }
    }

    /// The memo, to save once the load is over.
    pub fn memo(&self) -> Option<&Memo> {
        self.memo.as_ref()
    }

    /// A one-shot load that, above `bytes` of findings files, checks each
    /// file's findings on their own as it reads them and keeps only what
    /// validation needs of them: a build then reads each platform's again
    /// for its pages (see [`crate::evidence`]), and its memory does not grow
    /// with all the data folder's rationales and sources.
    pub fn letting_go_above(bytes: u64) -> LoadCache {
        LoadCache {
            let_go_above: Some(bytes),
            ..LoadCache::default()
        }
    }

    /// The load, spilling the findings it lets go to a temporary file in the
    /// folder `dir`, from which a build reads them back (see
    /// [`crate::evidence::spill`]). Without a spill, or if it cannot be
    /// made there, a build reads the findings files again.
    pub fn spilling_in(self, dir: &Path) -> LoadCache {
        LoadCache {
            spill_in: Some(dir.to_owned()),
            ..self
        }
    }
}

struct CachedFile {
    id: FileId,
    stamp: FileStamp,
    parsed: Parsed,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: SystemTime,
}

fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(FileStamp {
        len: meta.len(),
        modified: meta.modified().ok()?,
    })
}

/// The file `name` beside the data folder `data` (in its parent folder),
/// where the caches of `check` live: out of the data, which a build reads.
pub fn beside_data(data: &Path, name: &str) -> PathBuf {
    let parent = (data.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(name)
}

/// Loads the data folder at `root`.
pub fn load(root: &Path) -> Result<(Loaded, Diagnostics), Error> {
    load_cached(root, &mut LoadCache::default())
}

/// Loads the data folder at `root`, reusing and then refreshing `cache`.
pub fn load_cached(root: &Path, cache: &mut LoadCache) -> Result<(Loaded, Diagnostics), Error> {
    let canonical_root = root.canonicalize().map_err(|source| Error::DataDir {
        path: root.to_owned(),
        source,
    })?;
    if !canonical_root.is_dir() {
        return Err(Error::DataDir {
            path: root.to_owned(),
            source: std::io::Error::other("not a folder"),
        });
    }
    let mut walker = Walker {
        root,
        canonical_root: &canonical_root,
        diagnostics: Diagnostics::new(),
        jobs: Vec::new(),
    };
    let mut editions = Vec::new();
    let mut platforms: Vec<Vec<LoadedPlatform>> = Vec::new();
    walker.plan(&mut editions, &mut platforms);
    let Walker {
        mut diagnostics,
        jobs,
        ..
    } = walker;
    let let_go = cache
        .let_go_above
        .and_then(|bytes| letting_go(&jobs, bytes));
    let spill = match (&let_go, &cache.spill_in) {
        (Some(_), Some(dir)) => Spill::create_in(dir).ok().map(Arc::new),
        _ => None,
    };
    // The memo says what files were found without a problem once let go, in
    // the site's languages.
    let languages = let_go.as_ref().and_then(|l| l.languages.as_ref());
    let memo = match (cache.memo.take(), languages) {
        (Some(memo), Some(languages)) => Some(memo.for_languages(&languages.names().join(","))),
        (memo, _) => {
            cache.memo = memo;
            None
        }
    };

    let keep_text = match cache.keep {
        true => KeepText::Always,
        false => KeepText::IfQuoted,
    };
    let parsed: Vec<(Option<FileStamp>, Parsed)> = jobs
        .par_iter()
        .enumerate()
        .map(|(id, job)| {
            let id = id as FileId;
            // A one-shot load has nothing cached: it stamps each file as it
            // reads it, without a `stat` first.
            let stamp = match cache.files.is_empty() {
                true => None,
                false => stamp(&job.abs),
            };
            let cached = (cache.files.get(&job.abs))
                .filter(|c| c.id == id && stamp.is_some_and(|s| s == c.stamp));
            // Only a findings file is looked up in the memo, by a print of
            // its bytes.
            let mut print = None;
            let (mut parsed, stamp) = match cached {
                Some(c) => (c.parsed.clone(), stamp),
                None => {
                    let (bytes, read_stamp) = read_file(&job.abs);
                    if let (Some(memo), Ok(bytes), Kind::Findings) = (&memo, &bytes, job.kind) {
                        let p = memo::print(bytes);
                        if let Some(summaries) = memo.recall(p, id) {
                            return (read_stamp, Parsed::recalled(summaries));
                        }
                        print = Some(p);
                    }
                    (
                        parse_bytes(id, &job.rel, job.kind, bytes, keep_text),
                        read_stamp,
                    )
                }
            };
            if let (Some(let_go), Some(Content::Findings(read))) = (&let_go, &mut parsed.content) {
                if let Some(whole) = read.whole.take() {
                    let mut whole = unshared(whole);
                    read.checked = crate::validate::findings_alone(
                        &mut whole,
                        let_go.languages.as_ref(),
                        &job.rel,
                    );
                    read.spilled = spill.as_ref().and_then(|spill| spill.put(&whole).ok());
                }
            }
            if let (Some(memo), Some(print), Some(Content::Findings(read))) =
                (&memo, print, &parsed.content)
            {
                if read.complete && read.checked.is_empty() && parsed.diagnostics.is_empty() {
                    memo.remember(print, &read.summaries);
                }
            }
            (stamp, parsed)
        })
        .collect();
    if memo.is_some() {
        cache.memo = memo;
    }
    cache.files = if !cache.keep {
        HashMap::new()
    } else {
        jobs.iter()
            .zip(&parsed)
            .enumerate()
            .filter_map(|(id, (job, (stamp, parsed)))| {
                let cached = CachedFile {
                    id: id as FileId,
                    stamp: (*stamp)?,
                    parsed: parsed.clone(),
                };
                Some((job.abs.clone(), cached))
            })
            .collect()
    };

    let mut translations = Vec::new();
    let mut loaded = Loaded {
        root: root.to_owned(),
        findings_let_go: let_go.is_some(),
        spill,
        sources: SourceMap::new(),
        settings: None,
        editions,
        pages: Vec::new(),
    };
    // Each platform's findings in one allocation of the right size: grown
    // file by file, every platform's list was reallocated four times.
    let mut counts: Vec<Vec<usize>> = platforms.iter().map(|p| vec![0; p.len()]).collect();
    for (job, (_, parsed)) in jobs.iter().zip(&parsed) {
        if let Some(Content::Findings(read)) = &parsed.content {
            counts[job.edition][job.platform] += read.summaries.len();
        }
    }
    for (list, counts) in platforms.iter_mut().zip(counts) {
        for (platform, count) in list.iter_mut().zip(counts) {
            platform.findings.reserve_exact(count);
        }
    }
    for (job, (_, parsed)) in jobs.into_iter().zip(parsed) {
        match parsed.text {
            Some(text) => loaded.sources.add(job.rel.clone(), text),
            None => loaded.sources.add_unread(job.rel.clone(), job.abs.clone()),
        };
        diagnostics.extend(parsed.diagnostics);
        let Some(content) = parsed.content else {
            if matches!(job.kind, Kind::Findings) {
                platforms[job.edition][job.platform].findings_complete = false;
            }
            continue;
        };
        match content {
            Content::Settings(s) => loaded.settings = Some(*s),
            Content::Edition(m) => loaded.editions[job.edition].meta = Some(*m),
            Content::Framework(f) => loaded.editions[job.edition].framework = Some(*f),
            Content::Platform(p) => platforms[job.edition][job.platform].platform = Some(*p),
            Content::Findings(read) => {
                let platform = &mut platforms[job.edition][job.platform];
                platform.findings.extend(read.summaries);
                match (&mut platform.whole, read.whole) {
                    (Some(all), Some(whole)) => all.extend(whole),
                    _ => platform.whole = None,
                }
                match (&mut platform.spilled, read.spilled) {
                    (Some(all), Some(blob)) => all.push(blob),
                    _ => platform.spilled = None,
                }
                platform.checked.extend(read.checked);
                platform.findings_complete &= read.complete;
            }
            Content::Page(p) => loaded.pages.push(*p),
            Content::PageTranslation(translation) => {
                let (name, t) = *translation;
                translations.push((job.rel, name, t));
            }
        }
    }
    for (rel, name, t) in translations {
        match loaded.pages.iter_mut().find(|p| p.name == name) {
            Some(page) => page.translations.push(t),
            None => {
                diagnostics
                    .at_path(
                        Severity::Error,
                        Code::MissingFile,
                        rel,
                        format!("a translation of page `{name}`, which has no pages/{name}.md"),
                    )
                    .help = Some(format!(
                    "add pages/{name}.md in the default language, or rename this file"
                ));
            }
        }
    }
    for (edition, list) in loaded.editions.iter_mut().zip(platforms) {
        edition.platforms = list;
    }
    Ok((loaded, diagnostics))
}

/// A load that lets the whole findings go once each file's are checked.
struct LetGo {
    /// The site's languages, which the findings' translations are checked
    /// against: `None` when `scorecard.toml` does not read (validation then
    /// checks no translation).
    languages: Option<crate::model::Languages>,
}

/// Whether the findings files of `jobs` hold more than `bytes`, and if so
/// what checking them on their own needs.
fn letting_go(jobs: &[Job], bytes: u64) -> Option<LetGo> {
    // Above 0 bytes (`check`) needs no sizes: a `stat` of every file first.
    if bytes > 0 {
        let findings = jobs.iter().filter(|j| j.kind == Kind::Findings);
        let size: u64 = findings
            .filter_map(|j| std::fs::metadata(&j.abs).ok())
            .map(|m| m.len())
            .sum();
        if size <= bytes {
            return None;
        }
    }
    let settings = jobs
        .iter()
        .enumerate()
        .find(|(_, j)| j.kind == Kind::Settings);
    let languages = settings.and_then(|(id, job)| match parse_job(id as FileId, job).content {
        Some(Content::Settings(s)) => Some(s.languages),
        _ => None,
    });
    Some(LetGo { languages })
}

/// An entry of a folder, as [`Walker::children`] lists it: a link stands for
/// what it points to.
struct Child {
    path: PathBuf,
    file_type: std::fs::FileType,
}

impl Child {
    fn path(&self) -> &Path {
        &self.path
    }

    fn into_path(self) -> PathBuf {
        self.path
    }

    fn file_type(&self) -> std::fs::FileType {
        self.file_type
    }

    fn file_name(&self) -> &std::ffi::OsStr {
        self.path.file_name().unwrap_or_default()
    }
}

struct Walker<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    diagnostics: Diagnostics,
    jobs: Vec<Job>,
}

impl Walker<'_> {
    fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn job(&mut self, abs: PathBuf, kind: Kind, edition: usize, platform: usize) {
        let rel = self.rel(&abs);
        self.jobs.push(Job {
            abs,
            rel,
            kind,
            edition,
            platform,
        });
    }

    fn require(&mut self, abs: PathBuf, kind: Kind, edition: usize, what: &str) {
        match self.file_to_read(&abs) {
            None => {}
            Some(true) => self.job(abs, kind, edition, 0),
            Some(false) => {
                let rel = self.rel(&abs);
                self.diagnostics
                    .at_path(
                        Severity::Error,
                        Code::MissingFile,
                        rel,
                        format!("missing {what}"),
                    )
                    .help =
                    Some("create it; the README's data format section shows its keys".into());
            }
        }
    }

    /// Whether `abs` is a file to read, from one `lstat` unless it is a
    /// link; `None` for a link that is refused (and reported).
    fn file_to_read(&mut self, abs: &Path) -> Option<bool> {
        match abs.symlink_metadata() {
            Ok(meta) if !meta.is_symlink() => Some(meta.is_file()),
            Err(_) => Some(false),
            Ok(_) if self.link_allowed(abs) => Some(abs.is_file()),
            Ok(_) => {
                self.refuse_link(abs);
                None
            }
        }
    }

    /// False for a symbolic link that points outside the data folder or
    /// nowhere: nothing is read through it. Anything else is allowed.
    fn link_allowed(&self, path: &Path) -> bool {
        !path.is_symlink()
            || path
                .canonicalize()
                .is_ok_and(|target| target.starts_with(self.canonical_root))
    }

    fn refuse_link(&mut self, path: &Path) {
        let rel = self.rel(path);
        self.diagnostics
            .at_path(
                Severity::Error,
                Code::UnsafePath,
                rel,
                "symbolic link points outside the data folder (or nowhere)",
            )
            .help = Some("copy the file into the data folder instead of linking to it".into());
    }

    /// Entries of `dir` and the folders below it, sorted by name, hidden ones
    /// skipped, links out of the data folder (or to nowhere) refused, and
    /// links back to a folder that contains them reported instead of followed.
    fn entries(&mut self, dir: &Path) -> Vec<walkdir::DirEntry> {
        let mut refused = Vec::new();
        let mut loops = Vec::new();
        let walk = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.file_name().to_string_lossy().starts_with('.') {
                    return false;
                }
                if e.path_is_symlink() {
                    if !self.link_allowed(e.path()) {
                        refused.push(e.path().to_owned());
                        return false;
                    }
                    if links_to_ancestor(e.path()) {
                        loops.push(e.path().to_owned());
                        return false;
                    }
                }
                true
            });
        let mut out = Vec::new();
        let mut dangling = Vec::new();
        let mut deeper_loops = Vec::new();
        let mut failures = Vec::new();
        for entry in walk {
            match entry {
                Ok(e) => out.push(e),
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_owned();
                    // A link to nowhere fails before `filter_entry` sees it.
                    if path.is_symlink() && !path.exists() {
                        dangling.push(path);
                    } else if e.loop_ancestor().is_some() {
                        deeper_loops.push(path);
                    } else {
                        // The io error alone: walkdir's message repeats the
                        // path as given on the command line.
                        let reason = e
                            .io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string);
                        failures.push((path, format!("cannot read: {reason}")));
                    }
                }
            }
        }
        refused.extend(dangling);
        loops.extend(deeper_loops);
        self.report_listing(refused, loops, failures);
        out
    }

    /// The entries of `dir` alone, as [`Walker::entries`] gives them at the
    /// first level, from one listing: walkdir, asked for one level, lists each
    /// folder of that level too, and a thousand platform folders are as many
    /// listings that `check` does not need.
    fn children(&mut self, dir: &Path) -> Vec<Child> {
        let (mut refused, mut loops, mut failures) = (Vec::new(), Vec::new(), Vec::new());
        let cannot_read =
            |path: &Path, e: std::io::Error| (path.to_owned(), format!("cannot read: {e}"));
        let mut listed = Vec::new();
        match std::fs::read_dir(dir) {
            Ok(listing) => {
                for entry in listing {
                    match entry {
                        Ok(entry) => listed.push((entry.file_name(), entry)),
                        Err(e) => failures.push(cannot_read(dir, e)),
                    }
                }
            }
            Err(e) => failures.push(cannot_read(dir, e)),
        }
        listed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut out = Vec::with_capacity(listed.len());
        for (name, entry) in listed {
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let file_type = match entry.file_type() {
                Ok(t) if t.is_symlink() => {
                    // A link to nowhere is refused as one out of the folder.
                    if !self.link_allowed(&path) {
                        refused.push(path);
                        continue;
                    }
                    if links_to_ancestor(&path) {
                        loops.push(path);
                        continue;
                    }
                    std::fs::metadata(&path).map(|m| m.file_type())
                }
                other => other,
            };
            match file_type {
                Ok(file_type) => out.push(Child { path, file_type }),
                Err(e) => failures.push(cannot_read(&path, e)),
            }
        }
        self.report_listing(refused, loops, failures);
        out
    }

    /// Reports what a listing found it could not follow: links refused, links
    /// that loop, and what could not be read.
    fn report_listing(
        &mut self,
        refused: Vec<PathBuf>,
        loops: Vec<PathBuf>,
        failures: Vec<(PathBuf, String)>,
    ) {
        for path in refused {
            self.refuse_link(&path);
        }
        for path in loops {
            let rel = self.rel(&path);
            self.diagnostics
                .at_path(
                    Severity::Error,
                    Code::UnreadableFile,
                    rel,
                    "symbolic link loops back to a folder that contains it",
                )
                .help = Some(
                "remove the link: following it would read the same files again and again".into(),
            );
        }
        for (path, message) in failures {
            let rel = self.rel(&path);
            self.diagnostics
                .at_path(Severity::Error, Code::UnreadableFile, rel, message);
        }
    }

    fn plan(
        &mut self,
        editions: &mut Vec<LoadedEdition>,
        platforms: &mut Vec<Vec<LoadedPlatform>>,
    ) {
        self.require(
            self.root.join("scorecard.toml"),
            Kind::Settings,
            0,
            "scorecard.toml (the site settings)",
        );

        let editions_dir = self.root.join("editions");
        if !editions_dir.is_dir() {
            self.diagnostics
                .at_path(
                    Severity::Error,
                    Code::MissingFile,
                    "editions",
                    "missing the editions folder",
                )
                .help =
                Some("create editions/<label>/ with edition.toml and framework.toml".into());
        } else {
            for entry in self.children(&editions_dir) {
                if entry.file_type().is_dir() {
                    let index = editions.len();
                    let dir = entry.file_name().to_string_lossy().into_owned();
                    editions.push(LoadedEdition {
                        path: self.rel(entry.path()),
                        dir,
                        meta: None,
                        framework: None,
                        platforms: Vec::new(),
                    });
                    platforms.push(self.plan_edition(entry.path(), index));
                } else {
                    self.misplaced(entry.path());
                }
            }
        }

        let pages_dir = self.root.join("pages");
        if pages_dir.is_dir() {
            for entry in self.children(&pages_dir) {
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| e == "md")
                {
                    self.job(entry.into_path(), Kind::Page, 0, 0);
                }
            }
        }
    }

    fn plan_edition(&mut self, dir: &Path, edition: usize) -> Vec<LoadedPlatform> {
        self.require(
            dir.join("edition.toml"),
            Kind::Edition,
            edition,
            "edition.toml",
        );
        self.require(
            dir.join("framework.toml"),
            Kind::Framework,
            edition,
            "framework.toml",
        );
        let mut platforms = Vec::new();
        for entry in self.children(dir) {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_dir() && name == "platforms" {
                let mut dirs = Vec::new();
                for platform_dir in self.children(entry.path()) {
                    if platform_dir.file_type().is_dir() {
                        dirs.push(platform_dir.into_path());
                    } else {
                        self.misplaced(platform_dir.path());
                    }
                }
                self.plan_platforms(&dirs, edition, &mut platforms);
            } else if entry.file_type().is_file()
                && name != "edition.toml"
                && name != "framework.toml"
            {
                self.misplaced(entry.path());
            }
        }
        platforms
    }

    /// Plans the platform folders `dirs` of edition `edition`, in parallel:
    /// each is a walk of its own, and a thousand of them were most of the
    /// time `check` spends on one thread.
    fn plan_platforms(
        &mut self,
        dirs: &[PathBuf],
        edition: usize,
        platforms: &mut Vec<LoadedPlatform>,
    ) {
        let (root, canonical_root) = (self.root, self.canonical_root);
        let planned: Vec<(Option<LoadedPlatform>, Walker)> = dirs
            .par_iter()
            .map(|dir| {
                let mut walker = Walker {
                    root,
                    canonical_root,
                    diagnostics: Diagnostics::new(),
                    jobs: Vec::new(),
                };
                // The index is known only once the folders before it are.
                (walker.plan_platform(dir, edition, 0), walker)
            })
            .collect();
        for (platform, walker) in planned {
            let index = platforms.len();
            self.diagnostics.extend(walker.diagnostics);
            let jobs = walker.jobs.into_iter();
            self.jobs.extend(jobs.map(|job| Job {
                platform: index,
                ..job
            }));
            platforms.extend(platform);
        }
    }

    fn plan_platform(
        &mut self,
        dir: &Path,
        edition: usize,
        index: usize,
    ) -> Option<LoadedPlatform> {
        let rel = self.rel(dir);
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug = match Slug::parse(&name) {
            Ok(slug) => slug,
            Err(e) => {
                self.diagnostics
                    .at_path(
                        Severity::Error,
                        Code::InvalidSlug,
                        rel,
                        format!("platform folder name {}", e.message),
                    )
                    .help = Some(format!("rename the folder: {}", e.help));
                return None;
            }
        };
        self.require_platform(dir.join("platform.toml"), edition, index);
        for entry in self.entries(dir) {
            let is_toml = entry.path().extension().is_some_and(|e| e == "toml");
            let top_platform = entry.depth() == 1 && entry.file_name() == "platform.toml";
            if entry.file_type().is_file() && is_toml && !top_platform {
                self.job(entry.into_path(), Kind::Findings, edition, index);
            }
        }
        Some(LoadedPlatform {
            slug,
            path: rel,
            platform: None,
            findings: Vec::new(),
            whole: Some(Vec::new()),
            checked: Diagnostics::new(),
            spilled: Some(Vec::new()),
            findings_complete: true,
        })
    }

    fn require_platform(&mut self, abs: PathBuf, edition: usize, index: usize) {
        match self.file_to_read(&abs) {
            None => {}
            Some(true) => self.job(abs, Kind::Platform, edition, index),
            Some(false) => {
                let rel = self.rel(&abs);
                self.diagnostics
                    .at_path(Severity::Error, Code::MissingFile, rel, "missing platform.toml")
                    .help = Some("every platform folder needs a platform.toml with name, company, website and assessed".into());
            }
        }
    }

    fn misplaced(&mut self, path: &Path) {
        if path.extension().is_some_and(|e| e == "toml") {
            let rel = self.rel(path);
            self.diagnostics
                .at_path(
                    Severity::Error,
                    Code::MisplacedFile,
                    rel,
                    "TOML file outside any platform folder",
                )
                .help = Some("move findings into editions/<label>/platforms/<slug>/".into());
        }
    }
}

/// Whether the symbolic link at `path` resolves to a folder that contains it:
/// following it would read the same files again and again.
fn links_to_ancestor(path: &Path) -> bool {
    let (Ok(target), Some(Ok(parent))) =
        (path.canonicalize(), path.parent().map(Path::canonicalize))
    else {
        return false;
    };
    target.is_dir() && parent.starts_with(&target)
}

/// Reads one file and parses it as its kind. Pure apart from reading the file,
/// so jobs run in any order.
fn parse_job(file: FileId, job: &Job) -> Parsed {
    parse_bytes(
        file,
        &job.rel,
        job.kind,
        read_file(&job.abs).0,
        KeepText::IfQuoted,
    )
}

/// The bytes of the file at `path` and its stamp, from one open and one
/// `fstat`: on a large data folder, each further system call per file is a
/// measurable part of `check`.
fn read_file(path: &Path) -> (Result<Vec<u8>, ReadFailure>, Option<FileStamp>) {
    use std::io::Read;
    let opened = std::fs::File::open(path).and_then(|f| Ok((f.metadata()?, f)));
    let (meta, mut file) = match opened {
        Ok(opened) => opened,
        Err(e) => return (Err(ReadFailure::Io(e)), None),
    };
    let stamp = meta.modified().ok().map(|modified| FileStamp {
        len: meta.len(),
        modified,
    });
    if meta.len() > MAX_FILE_BYTES {
        return (Err(ReadFailure::TooLarge(meta.len())), stamp);
    }
    // The length the stamp says, in one `read` where the system allows:
    // `read_to_end` needs a second `read` to find the end, and reads at most
    // 8 KiB at first, which a findings file often passes; the two were a
    // third of the system calls of `check`. Bytes a writer appends meanwhile
    // change the stamp, so the next load reads them.
    let mut bytes = vec![0; meta.len() as usize];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return (Err(ReadFailure::Io(e)), stamp),
        }
    }
    bytes.truncate(filled);
    (Ok(bytes), stamp)
}

/// Reads the findings file `abs` again, as file `file` of the load that
/// checked it (see [`crate::evidence`]); why not, if it no longer reads
/// without an error.
pub fn reread_findings(file: FileId, abs: &Path) -> Result<Vec<Finding>, String> {
    let job = Job {
        abs: abs.to_owned(),
        rel: String::new(),
        kind: Kind::Findings,
        edition: 0,
        platform: 0,
    };
    let parsed = parse_job(file, &job);
    match parsed.content {
        Some(Content::Findings(FindingsRead {
            whole: Some(findings),
            complete: true,
            ..
        })) if !parsed.diagnostics.has_errors() => Ok(unshared(findings)),
        _ => Err("it no longer reads without an error".into()),
    }
}

/// Findings out of their `Arc`s, copied only when shared.
fn unshared(findings: Vec<Arc<Finding>>) -> Vec<Finding> {
    (findings.into_iter())
        .map(|f| Arc::try_unwrap(f).unwrap_or_else(|shared| (*shared).clone()))
        .collect()
}

/// Reads one file's bytes as a file of `kind` at `path` (relative to the data
/// root), as the loader does, but without touching disk. Gives the file's
/// text, which the diagnostics' spans address, and the diagnostics of the file
/// on its own; the rules across files (see [`crate::validate`]) are not
/// applied. The diagnostics are sorted as [`crate::check`] sorts them. For
/// tests and fuzzing.
pub fn check_file(
    kind: Kind,
    path: &str,
    bytes: Vec<u8>,
) -> (SourceMap, Vec<crate::diagnostic::Diagnostic>) {
    let parsed = parse_bytes(0, path, kind, Ok(bytes), KeepText::Always);
    let mut sources = SourceMap::new();
    sources.add(path.to_owned(), parsed.text.unwrap_or_default());
    (sources, parsed.diagnostics.sorted())
}

/// Whether a parse keeps its file's text.
#[derive(Clone, Copy)]
enum KeepText {
    /// For the next load (a [`LoadCache`] that keeps its files), or for a
    /// caller that shows the text.
    Always,
    /// Only if a diagnostic quotes it. A one-shot load lets a clean file's
    /// text go as soon as it is parsed, before it is ever copied into the
    /// shared form a kept text takes.
    IfQuoted,
}

/// Decodes and parses the bytes of one file (or reports why they could not be read).
fn parse_bytes(
    file: FileId,
    rel: &str,
    kind: Kind,
    bytes: Result<Vec<u8>, ReadFailure>,
    keep: KeepText,
) -> Parsed {
    let mut diagnostics = Diagnostics::new();
    let text = match bytes.and_then(decode) {
        Ok(text) => text,
        Err(failure) => {
            let (code, message, help) = failure_message(&failure);
            let (text, span) = match failure {
                ReadFailure::Utf8 { lossy, offset } => {
                    // The span covers the replacement character that stands
                    // for the invalid bytes, not a part of it.
                    let end = offset + lossy[offset..].chars().next().map_or(0, char::len_utf8);
                    (lossy, Some(Span::new(file, offset..end)))
                }
                _ => (String::new(), None),
            };
            diagnostics
                .push_at(Severity::Error, code, rel.to_owned(), span, message)
                .help = help;
            return Parsed {
                text: Some(text.into()),
                content: None,
                diagnostics,
            };
        }
    };
    let d = &mut diagnostics;
    let content = match kind {
        Kind::Settings => read_toml(file, rel, &text, 0, "scorecard.toml", d, files::settings)
            .map(|s| Content::Settings(Box::new(s))),
        Kind::Edition => read_toml(file, rel, &text, 0, "edition.toml", d, files::edition_meta)
            .map(|m| Content::Edition(Box::new(m))),
        Kind::Framework => read_toml(file, rel, &text, 0, "framework.toml", d, files::framework)
            .map(|f| Content::Framework(Box::new(f))),
        Kind::Platform => read_toml(file, rel, &text, 0, "platform.toml", d, files::platform)
            .map(|p| Content::Platform(Box::new(p))),
        Kind::Findings => read_toml(file, rel, &text, 0, "a findings file", d, |t| {
            let (findings, complete) = files::findings(t);
            Some(Content::Findings(FindingsRead {
                summaries: findings.iter().map(FindingSummary::from).collect(),
                whole: Some(findings.into_iter().map(Arc::new).collect()),
                complete,
                checked: Diagnostics::new(),
                spilled: None,
            }))
        }),
        Kind::Page => read_page(file, rel, &text, d),
    };
    let kept = matches!(keep, KeepText::Always) || !diagnostics.is_empty();
    Parsed {
        text: kept.then(|| text.into()),
        content,
        diagnostics,
    }
}

enum ReadFailure {
    TooLarge(u64),
    Io(std::io::Error),
    Utf8 { lossy: String, offset: usize },
}

/// The text of a file's bytes, without a byte-order mark.
fn decode(mut bytes: Vec<u8>) -> Result<String, ReadFailure> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(bytes.len() as u64));
    }
    crate::source::strip_bom(&mut bytes);
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        ReadFailure::Utf8 {
            lossy: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            offset,
        }
    })
}

fn failure_message(failure: &ReadFailure) -> (Code, String, Option<String>) {
    match failure {
        ReadFailure::TooLarge(size) => (
            Code::FileTooLarge,
            format!("file is {size} bytes, larger than the {MAX_FILE_BYTES} bytes allowed"),
            Some("split the findings into several files".into()),
        ),
        ReadFailure::Io(e) => (
            Code::UnreadableFile,
            format!("cannot read the file: {e}"),
            None,
        ),
        ReadFailure::Utf8 { .. } => (
            Code::InvalidUtf8,
            "the file is not valid UTF-8 text".into(),
            Some("save the file as UTF-8 in your editor".into()),
        ),
    }
}

/// Parses TOML text (at byte offset `base` of its file) and reads its root
/// table with `read`. After a syntax error nothing is read: the recovered tree
/// Reads framework text that is not part of a data folder (the built-in
/// default framework); `None` if it has any error.
pub fn framework_from_str(text: &str) -> Option<Framework> {
    let mut diagnostics = Diagnostics::new();
    let framework = read_toml(
        0,
        "framework.toml",
        text,
        0,
        "framework.toml",
        &mut diagnostics,
        files::framework,
    );
    framework.filter(|_| !diagnostics.has_errors())
}

/// would only add noise.
fn read_toml<T>(
    file: FileId,
    path: &str,
    text: &str,
    base: usize,
    what: &'static str,
    diagnostics: &mut Diagnostics,
    read: impl FnOnce(&mut Table) -> Option<T>,
) -> Option<T> {
    let (document, errors) = DeTable::parse_recoverable(text);
    let mut ctx = Ctx {
        file,
        path,
        base,
        diagnostics,
    };
    if !errors.is_empty() {
        for e in errors {
            let span = ctx.span(e.span().unwrap_or(0..0));
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .trim()
                .to_owned();
            ctx.error(
                Code::TomlSyntax,
                span,
                format!("invalid TOML: {message}"),
                None,
            );
        }
        return None;
    }
    let start = ctx.span(0..0);
    let mut table = Table::new(&mut ctx, document.get_ref(), start, what);
    let value = read(&mut table);
    table.finish();
    value
}

/// A page: `+++` front matter (TOML) `+++`, then markdown. `<name>.md` is
/// the page in the default language, `<name>.<lang>.md` a translation.
fn read_page(
    file: FileId,
    path: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Content> {
    let stem = Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, language) = match stem.split_once('.') {
        Some((name, language)) => (name.to_owned(), Some(language.to_owned())),
        None => (stem, None),
    };
    let mut bad_name = |message: String, help: String| {
        diagnostics
            .push_at(
                Severity::Error,
                Code::InvalidSlug,
                path.to_owned(),
                None,
                message,
            )
            .help = Some(help);
    };
    let name = match Slug::parse(&stem) {
        Ok(name) => Some(name),
        Err(e) => {
            bad_name(
                format!("page file name {}", e.message),
                format!("rename the file: {}", e.help),
            );
            None
        }
    };
    let language = match language.map(|l| LanguageTag::parse(&l)) {
        None => None,
        Some(Ok(tag)) => Some(Some(tag)),
        Some(Err(e)) => {
            bad_name(
                format!("page translation file name: {}", e.message),
                "name a translation <page>.<language>.md, e.g. about.ar.md".into(),
            );
            Some(None)
        }
    };
    let (front, base, body) = match split_front_matter(text) {
        Ok(parts) => parts,
        Err(FrontMatter::Missing) => {
            diagnostics
                .push_at(
                    Severity::Error,
                    Code::InvalidPage,
                    path.to_owned(),
                    Some(Span::new(file, 0..0)),
                    "page has no front matter",
                )
                .help = Some("start the file with `+++`, a line `title = \"…\"`, and `+++`".into());
            return None;
        }
        Err(FrontMatter::Unclosed) => {
            diagnostics
                .push_at(
                    Severity::Error,
                    Code::InvalidPage,
                    path.to_owned(),
                    Some(Span::new(file, 0..3)),
                    "page's front matter is never closed",
                )
                .help = Some("end the front matter with a line `+++` before the text".into());
            return None;
        }
    };
    let what = "the page's front matter";
    if let Some(language) = language {
        // A translation is in one language: its title is a plain string.
        let (title, description) = read_toml(file, path, front, base, what, diagnostics, |t| {
            let title = t.required("title");
            let description = t.optional("description");
            Some((title?, description.ok()?))
        })?;
        return Some(Content::PageTranslation(Box::new((
            name?,
            PageTranslation {
                language: language?,
                title,
                description,
                body: without_controls(body).into_owned(),
                file,
            },
        ))));
    }
    let (title, description) = read_toml(file, path, front, base, what, diagnostics, |t| {
        let title = t.required("title");
        let description = t.optional("description");
        Some((title?, description.ok()?))
    })?;
    Some(Content::Page(Box::new(Page {
        name: name?,
        title,
        description,
        body: without_controls(body).into_owned(),
        file,
        translations: Vec::new(),
    })))
}

/// Why a page's front matter could not be split off.
#[derive(Debug, PartialEq)]
enum FrontMatter {
    /// The page does not start with a `+++` line.
    Missing,
    /// The opening `+++` has no closing one.
    Unclosed,
}

/// Splits `+++\n<toml>\n+++\n<body>` into the TOML, its byte offset, and the body.
fn split_front_matter(text: &str) -> Result<(&str, usize, &str), FrontMatter> {
    let rest = text.strip_prefix("+++").ok_or(FrontMatter::Missing)?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .ok_or(FrontMatter::Missing)?;
    let base = text.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((front, base, body));
        }
        offset += line.len();
    }
    Err(FrontMatter::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_off() {
        assert_eq!(
            split_front_matter("+++\ntitle = \"A\"\n+++\nBody"),
            Ok(("title = \"A\"\n", 4, "Body"))
        );
        assert_eq!(
            split_front_matter("+++\r\ntitle = \"A\"\r\n+++\r\nBody"),
            Ok(("title = \"A\"\r\n", 5, "Body"))
        );
        assert_eq!(split_front_matter("# Title"), Err(FrontMatter::Missing));
        assert_eq!(split_front_matter(""), Err(FrontMatter::Missing));
        assert_eq!(
            split_front_matter("+++\ntitle = \"A\"\n\nBody"),
            Err(FrontMatter::Unclosed)
        );
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_read_through_a_link_out_of_the_data_folder() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.toml");
        std::fs::write(&secret, "secret = \"hunter2\"\n").unwrap();
        let data = crate::testing::base_with(&[], &["scorecard.toml"]);
        let root = data.path();
        // Required files were read through such a link (and scorecard.toml
        // was not even reported): their text showed in the diagnostics.
        symlink(&secret, root.join("scorecard.toml")).unwrap();
        let platform = root.join("editions/2026/platforms/ex-a/platform.toml");
        std::fs::remove_file(&platform).unwrap();
        symlink(&secret, &platform).unwrap();
        // A link to nowhere was an unreadable file, not an unsafe link.
        symlink(
            "nowhere.toml",
            root.join("editions/2026/platforms/ex-b/gone.toml"),
        )
        .unwrap();
        let checked = crate::check(root, crate::validate::Options::default()).unwrap();
        let found: Vec<_> = checked
            .diagnostics
            .iter()
            .map(|d| (d.path.as_str(), d.code))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "editions/2026/platforms/ex-a/platform.toml",
                    Code::UnsafePath
                ),
                ("editions/2026/platforms/ex-b/gone.toml", Code::UnsafePath),
                ("scorecard.toml", Code::UnsafePath),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_containing_folder_is_reported_not_followed() {
        let data = crate::testing::base_with(&[], &[]);
        let link = data.path().join("editions/2026/platforms/ex-a/loop");
        std::os::unix::fs::symlink("..", link).unwrap();
        // It used to be followed once around, reading every platform's files
        // as findings of ex-a, before the walk noticed the loop.
        assert_eq!(
            crate::testing::positions(data.path()),
            ["editions/2026/platforms/ex-a/loop:1:1: error[E026]"]
        );
    }

    #[test]
    fn an_unclosed_front_matter_is_not_called_missing() {
        let page = "+++\ntitle = \"Contact\"\n\nWrite to us.\n";
        let diagnostics = crate::testing::check_base_with(&[("pages/contact.md", page)], &[]);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let d = &diagnostics[0];
        assert_eq!(d.code, Code::InvalidPage);
        assert_eq!(d.message, "page's front matter is never closed");
        assert_eq!(d.span.map(Span::range), Some(0..3));
    }
}
