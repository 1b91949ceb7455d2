//! A build of the site, once (`scorecard build`) or again and again
//! (`scorecard serve`): check → score → render → write, reusing between
//! builds of one session what did not change (parsed files, compiled
//! templates, and pages whose fingerprint is the same).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::preview::Preview;
use crate::render::{self, fingerprint, Planned, Renderer};
use crate::{check_cached, load, score, validate, write, BuildOptions, Built, Checked, Error};

/// Where a build writes.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// Every file, into a staging folder swapped in at the end: a failed build
    /// leaves the previous site whole.
    Fresh,
    /// Only the files whose fingerprint changed, straight into the output
    /// folder, which only this session writes.
    InPlace,
    /// In place, for a server that shows the folder while it is written
    /// (`serve`): the pages open in a browser first, then `shown` is called,
    /// then the others, those a request waits for first. A newer change stops
    /// the build; the next one writes what it left.
    Preview(&'a Preview, &'a (dyn Fn(Shown) + Sync)),
}

/// The open pages of a preview are written.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// Open pages that were rewritten.
    pub pages: usize,
    /// Since the build started.
    pub took: Duration,
}

pub struct Session {
    options: BuildOptions,
    load_cache: load::LoadCache,
    renderer: Option<(u64, Renderer)>,
    pieces: render::pieces::Pieces,
    /// The fingerprint of every file the output folder holds, after an in-place build.
    written: HashMap<String, u64>,
    /// Whether more builds follow (`serve`), which reuse the pages and
    /// pieces of this one by their fingerprints.
    builds_again: bool,
}

/// A one-shot build keeps the findings of up to this many bytes of files.
/// Held in memory, they take about 1.6 times their size; let go as they are
/// read (see [`load::LoadCache::letting_go_above`]), they are spilled to a
/// temporary file, from which the pages, downloads and search indexes read
/// a platform's findings again. At 1,000 platforms (169 MB of files) letting
/// go took the peak from about 360 MB to 160 MB. Spilling the findings and
/// reading them back take about 6% of that build's CPU time; parsing their
/// files again, as it did before, took 10%.
pub const KEEP_FINDINGS_UP_TO: u64 = 32 << 20;

impl Session {
    /// A session that builds again and again, keeping what each build parsed.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            pieces: render::pieces::Pieces::kept(),
            builds_again: true,
            load_cache: load::LoadCache::reusing(),
            ..Session::once(options)
        }
    }

    /// A session for one build: nothing is kept for a next one.
    pub fn once(options: BuildOptions) -> Session {
        Session {
            // The spill goes beside the site, where its staging folder is.
            load_cache: load::LoadCache::letting_go_above(KEEP_FINDINGS_UP_TO)
                .spilling_in(&write::folder_of(&options.out)),
            options,
            renderer: None,
            pieces: render::pieces::Pieces::one_shot(),
            written: HashMap::new(),
            builds_again: false,
        }
    }

    /// The session, for a one-shot build that lets the findings go above
    /// `bytes` of findings files instead of [`KEEP_FINDINGS_UP_TO`].
    pub fn reread_findings_above(self, bytes: u64) -> Session {
        Session {
            load_cache: load::LoadCache::letting_go_above(bytes)
                .spilling_in(&write::folder_of(&self.options.out)),
            ..self
        }
    }

    /// The compiled templates in `slot`, compiled again only when the
    /// templates changed. (A function of the one field, so that the session's
    /// other fields stay free to borrow.)
    fn renderer<'s>(
        slot: &'s mut Option<(u64, Renderer)>,
        templates: Option<&Path>,
    ) -> Result<(u64, &'s Renderer), Error> {
        let stamp = templates_stamp(templates);
        if slot.as_ref().is_none_or(|(s, _)| *s != stamp) {
            *slot = Some((stamp, Renderer::new(templates)?));
        }
        let (stamp, renderer) = slot.as_ref().expect("just set");
        Ok((*stamp, renderer))
    }

    pub fn build(&mut self, target: Target) -> Result<(Checked, Option<Built>), Error> {
        let started = Instant::now();
        if let Target::Preview(preview, _) = target {
            preview.start();
        }
        let validate_options = validate::Options {
            include_drafts: self.options.include_drafts,
        };
        let checked = check_cached(&self.options.data, validate_options, &mut self.load_cache)?;
        let Some(dataset) = &checked.dataset else {
            return Ok((checked, None));
        };
        if dataset.editions.is_empty() {
            return Err(Error::NothingToBuild);
        }
        let scores: Vec<score::EditionScores> =
            dataset.editions.iter().map(score::score_edition).collect();
        let history = score::changes::history(&dataset.editions, &scores);
        let base_url = self
            .options
            .base_url
            .as_ref()
            .unwrap_or(&dataset.settings.base_url.value)
            .as_str()
            .trim_end_matches('/')
            .to_owned();
        let options = self.options.clone();
        let previous = std::mem::take(&mut self.written);
        let (templates, renderer) =
            Session::renderer(&mut self.renderer, self.options.templates.as_deref())?;
        let locales = renderer
            .locales(&dataset.settings.languages)
            .map_err(Error::Render)?;
        let rationales = render::rationales::Rationales::new();
        let site = render::context::Site {
            dataset,
            scores: &scores,
            history: &history,
            base_url,
            locales: &locales,
            rationales: &rationales,
            pieces: &self.pieces,
        };
        let plan = render::plan(&site, renderer);
        let files: HashSet<String> = plan.iter().map(|p| p.path.file()).collect();
        let in_place = !matches!(target, Target::Fresh);
        // Only a build in place compares fingerprints, and keeps them (and
        // the pieces they key) for the next build.
        let prints: Vec<u64> = if in_place || self.builds_again {
            let plan_hash =
                fingerprint::combine(plan.iter().map(|p| p.path.file()).collect::<Vec<_>>());
            let prints =
                fingerprint::Prints::new(&site, templates).map_err(render::RenderError::from)?;
            site.pieces.prepare(&prints);
            plan.par_iter()
                .map(|p| render::fingerprint(&prints, renderer, plan_hash, p))
                .collect()
        } else {
            vec![0; plan.len()]
        };

        let writer = if in_place {
            Writer::InPlace(options.out.clone())
        } else {
            let mut protect = vec![options.data.as_path()];
            protect.extend(options.templates.as_deref());
            Writer::Staging(write::Output::create(&options.out, &protect)?)
        };
        let todo: Vec<usize> = (0..plan.len())
            .filter(|&i| !in_place || previous.get(&plan[i].path.file()) != Some(&prints[i]))
            .collect();
        // A file with the same bytes as one rendered earlier in this build is
        // copied from it afterwards instead of rendered again (a download of
        // the latest edition is 100 MB at a thousand platforms).
        let (copies, mut todo): (Vec<(usize, usize)>, Vec<usize>) = {
            let mut first: HashMap<render::Download, usize> = HashMap::new();
            let mut copies = Vec::new();
            let mut rest = Vec::new();
            for &i in &todo {
                match plan[i].download().map(|d| *first.entry(d).or_insert(i)) {
                    Some(j) if j != i => copies.push((j, i)),
                    _ => rest.push(i),
                }
            }
            (copies, rest)
        };
        // A page planned at two places (the latest edition's, at its
        // permalink and at the root) is rendered once for both, and the
        // files of a piece per platform of an edition are written together,
        // each time by the first in `todo` with the others it keeps `also`.
        // Not for a preview, which renders first the places a browser shows.
        let mut also: HashMap<usize, Vec<usize>> = HashMap::new();
        if !matches!(target, Target::Preview(..)) {
            also = firsts_of(&mut todo, |i| plan[i].same_page());
            also.extend(firsts_of(&mut todo, |i| plan[i].streamed_edition()));
        }
        // The slow files first, one task each, so that the pages fill in
        // around them; then the pages that show the same platforms' findings together.
        todo.sort_by_key(|&i| (!plan[i].is_slow(), plan[i].evidence_group()));
        // Renders file `i` and writes it to its place and to those of the
        // same page in `also`, or streams it with the files `also` names.
        let render_to = |i: usize, also: &[usize]| -> Result<Vec<Rendered>, Error> {
            let page = &plan[i];
            let together: Vec<usize> = std::iter::once(i).chain(also.iter().copied()).collect();
            let pages: Vec<&Planned> = together.iter().map(|&at| &plan[at]).collect();
            if let Some(stream) = render::streamed(&site, &pages) {
                let rels: Vec<String> = pages.iter().map(|page| page.path.file()).collect();
                let lengths = writer.write_with(&rels, stream)?;
                return Ok((together.into_iter().zip(lengths))
                    .map(|(at, length)| (at, length, Vec::new()))
                    .collect());
            }
            let open = render::render_open(&site, renderer, &plan, page)?;
            (together.into_iter())
                .map(|at| {
                    let page = &plan[at];
                    let bytes = open.fill(page);
                    let broken = if page.is_html() {
                        let html = std::str::from_utf8(&bytes).unwrap_or_default();
                        render::links::broken(&page.path, html, &files)
                            .into_iter()
                            .map(|link| format!("  {} links to {link}", page.path.file()))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    writer.write(&page.path.file(), &bytes)?;
                    Ok((at, bytes.len() as u64, broken))
                })
                .collect()
        };
        let render_one = |i: usize| -> Result<Rendered, Error> {
            let mut rendered = render_to(i, &[])?;
            Ok(rendered.pop().expect("a file rendered to its own place"))
        };
        // However this build ends, requests stop waiting for files then.
        let _finished = match target {
            Target::Preview(preview, _) => Some(Finished(preview)),
            _ => None,
        };
        let (results, stopped_early) = match target {
            Target::Preview(preview, shown) => {
                let stale = todo.iter().chain(copies.iter().map(|(_, to)| to));
                preview.mark_stale(stale.map(|&i| plan[i].path.file()));
                render_for_preview(&todo, &plan, preview, render_one, |pages| {
                    shown(Shown {
                        pages,
                        took: started.elapsed(),
                    })
                })?
            }
            Target::Fresh | Target::InPlace => {
                let results: Vec<Result<Vec<Rendered>, Error>> = (todo.par_iter())
                    .with_max_len(1)
                    .map(|&i| render_to(i, also.get(&i).map_or(&[], Vec::as_slice)))
                    .collect();
                let results = results
                    .into_iter()
                    .flat_map(|result| match result {
                        Ok(rendered) => rendered.into_iter().map(Ok).collect(),
                        Err(err) => vec![Err(err)],
                    })
                    .collect();
                (results, false)
            }
        };
        let mut bytes = 0u64;
        let mut broken = Vec::new();
        let mut written = previous;
        let mut rendered = 0;
        for result in results {
            let (i, length, links) = result?;
            rendered += 1;
            bytes += length;
            broken.extend(links);
            written.insert(plan[i].path.file(), prints[i]);
        }
        if !broken.is_empty() {
            return Err(Error::BrokenLinks(broken));
        }
        if !stopped_early {
            for &(from, to) in &copies {
                bytes += writer.copy(&plan[from].path.file(), &plan[to].path.file())?;
                rendered += 1;
                written.insert(plan[to].path.file(), prints[to]);
            }
            // Only this session writes an in-place folder: when the site has the
            // same files as at the last build, no file is left to remove.
            let same_files =
                files.len() == written.len() && files.iter().all(|f| written.contains_key(f));
            if !(in_place && same_files) {
                writer.finish(&files)?;
            }
            written.retain(|file, _| files.contains(file));
        }
        if in_place {
            self.written = written;
        }
        let built = Built {
            files: plan.len(),
            rendered,
            bytes,
            stopped_early,
        };
        Ok((checked, Some(built)))
    }
}

/// What rendering one file gives: its index in the plan, its length, and
/// its broken links.
type Rendered = (usize, u64, Vec<String>);

/// Renders the files `todo` (indices into `plan`) for a preview: those open
/// in a browser first, then calls `shown`, then the others, taking first
/// the ones a request waits for, until all are done or a newer change comes
/// in. Returns what was rendered, and whether it stopped early.
fn render_for_preview(
    todo: &[usize],
    plan: &[render::Planned],
    preview: &Preview,
    render_one: impl Fn(usize) -> Result<Rendered, Error> + Sync,
    shown: impl FnOnce(usize),
) -> Result<(Vec<Result<Rendered, Error>>, bool), Error> {
    let rewrite = |i: usize| {
        let result = render_one(i);
        if result.is_ok() {
            preview.rewritten(&plan[i].path.file());
        }
        result
    };
    let open = preview.open_files();
    let (first, rest): (Vec<usize>, Vec<usize>) = todo
        .iter()
        .partition(|&&i| open.contains(&plan[i].path.file()));
    let first: Vec<Rendered> = first
        .par_iter()
        .map(|&i| rewrite(i))
        .collect::<Result<_, _>>()?;
    shown(first.len());
    let mut results: Vec<Result<Rendered, Error>> = first.into_iter().map(Ok).collect();
    let queue = Queue::new(&rest, plan);
    results.par_extend(
        (0..rest.len())
            .into_par_iter()
            .with_max_len(1)
            .filter_map(|_| {
                if preview.interrupted() {
                    return None;
                }
                queue.next(preview).map(rewrite)
            }),
    );
    let done = results.iter().filter(|r| r.is_ok()).count();
    Ok((results, done < todo.len()))
}

/// The files left to render in a preview, in order, but for the ones a
/// request waits for, which go first.
struct Queue {
    files: Vec<usize>,
    position: HashMap<String, usize>,
    /// The next position in order, and which positions are taken.
    taken: Mutex<(usize, Vec<bool>)>,
}

impl Queue {
    fn new(files: &[usize], plan: &[render::Planned]) -> Queue {
        Queue {
            files: files.to_vec(),
            position: files
                .iter()
                .enumerate()
                .map(|(position, &i)| (plan[i].path.file(), position))
                .collect(),
            taken: Mutex::new((0, vec![false; files.len()])),
        }
    }

    /// The next file to render, or `None` when all are taken.
    fn next(&self, preview: &Preview) -> Option<usize> {
        let mut guard = self.taken.lock().unwrap_or_else(|e| e.into_inner());
        let (next, taken) = &mut *guard;
        while let Some(file) = preview.take_wanted() {
            if let Some(&position) = self.position.get(&file) {
                if !taken[position] {
                    taken[position] = true;
                    return Some(self.files[position]);
                }
            }
        }
        while *next < taken.len() && taken[*next] {
            *next += 1;
        }
        let position = *next;
        *taken.get_mut(position)? = true;
        Some(self.files[position])
    }
}

/// Ends a preview's build: requests stop waiting for files.
struct Finished<'a>(&'a Preview);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.0.finished();
    }
}

enum Writer {
    Staging(write::Output),
    InPlace(PathBuf),
}

impl Writer {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        match self {
            Writer::Staging(output) => Ok(output.write(rel, bytes)?),
            Writer::InPlace(root) => Ok(write::replace_file(&root.join(rel), bytes)?),
        }
    }

    /// Writes the files at `rels` through `write`, which streams them
    /// together, each to the writer of the same index; returns their lengths.
    fn write_with(
        &self,
        rels: &[String],
        write: impl FnOnce(&mut [&mut dyn std::io::Write]) -> std::io::Result<()>,
    ) -> Result<Vec<u64>, Error> {
        match self {
            Writer::Staging(output) => Ok(output.write_with(rels, write)?),
            Writer::InPlace(root) => {
                let paths: Vec<PathBuf> = rels.iter().map(|rel| root.join(rel)).collect();
                Ok(write::replace_files_with(&paths, write)?)
            }
        }
    }

    /// Copies the file written at `from` to `to`; returns its length.
    fn copy(&self, from: &str, to: &str) -> Result<u64, Error> {
        match self {
            Writer::Staging(output) => Ok(output.copy(from, to)?),
            Writer::InPlace(root) => {
                Ok(write::replace_with_copy(&root.join(from), &root.join(to))?)
            }
        }
    }

    /// Swaps a staging folder in; removes from an in-place folder the files
    /// the site no longer has.
    fn finish(self, files: &HashSet<String>) -> Result<(), Error> {
        match self {
            Writer::Staging(output) => Ok(output.commit()?),
            Writer::InPlace(root) => Ok(write::remove_others(&root, files)?),
        }
    }
}

/// Keeps in `todo` the first file of each key that `key` gives; returns the
/// others with the same key, by that first one.
fn firsts_of<K: std::hash::Hash + Eq>(
    todo: &mut Vec<usize>,
    key: impl Fn(usize) -> Option<K>,
) -> HashMap<usize, Vec<usize>> {
    let mut first: HashMap<K, usize> = HashMap::new();
    let mut others: HashMap<usize, Vec<usize>> = HashMap::new();
    todo.retain(|&i| match key(i) {
        Some(key) => match first.entry(key) {
            Entry::Occupied(source) => {
                others.entry(*source.get()).or_default().push(i);
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
                true
            }
        },
        None => true,
    });
    others
}

/// A hash of the templates folder's files (0 for the built-in templates alone).
fn templates_stamp(dir: Option<&Path>) -> u64 {
    let Some(dir) = dir else { return 0 };
    let files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    fingerprint::combine(files)
}
