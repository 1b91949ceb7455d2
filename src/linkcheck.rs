//! `scorecard check --links`: fetch every source's `url` and `archive` and
//! warn, at the place in the file, about those that do not answer (W007
//! dead-link, W008 dead-archive).
//!
//! Each distinct address is fetched once (GET, following redirects) by a
//! small pool of threads, at most [`LinkOptions::per_host`] at a time per
//! host, with a timeout and retries for failures that may pass (timeouts,
//! refused connections, 5xx, 429). Answers that will not change soon (2xx,
//! and 404 or 410) are kept in a cache file (`.scorecard-links.json` beside
//! the data folder) until they are older than [`LinkOptions::max_age`], so
//! that a second run fetches only what it has to.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostics};
use crate::model::Dataset;
use crate::source::{SourceMap, Spanned};

/// The cache file's name, in the folder that holds the data folder.
pub const CACHE_FILE: &str = ".scorecard-links.json";

/// How links are checked.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// For one request, redirects included.
    pub timeout: Duration,
    /// Further attempts after a failure that may pass.
    pub retries: u32,
    /// The first wait before a retry; it doubles with each.
    pub backoff: Duration,
    /// Cached answers older than this are fetched again.
    pub max_age: Duration,
    /// The cache file; `None` checks everything and keeps nothing.
    pub cache: Option<PathBuf>,
    /// Requests under way at once to one host.
    pub per_host: usize,
    /// Requests under way at once in all.
    pub jobs: usize,
}

impl LinkOptions {
    /// The defaults, with the cache beside the data folder `data`.
    pub fn for_data(data: &Path) -> LinkOptions {
        LinkOptions {
            timeout: Duration::from_secs(15),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_age: Duration::from_secs(7 * 24 * 3600),
            cache: Some(crate::load::beside_data(data, CACHE_FILE)),
            per_host: 2,
            jobs: 8,
        }
    }
}

/// What fetching one address found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "lowercase")]
pub enum Outcome {
    /// A 2xx answer, after any redirects.
    Alive { status: u16 },
    Dead {
        /// The HTTP status, if there was an answer.
        status: Option<u16>,
        /// What went wrong, in words.
        reason: String,
        /// It may pass: not cached, retried.
        transient: bool,
    },
}

impl Outcome {
    fn transient(&self) -> bool {
        matches!(
            self,
            Outcome::Dead {
                transient: true,
                ..
            }
        )
    }
}

/// What a run of the link check did.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    /// Distinct addresses.
    pub links: usize,
    /// Of which answered from the cache.
    pub cached: usize,
    /// Distinct addresses that do not answer.
    pub dead: usize,
    /// The cache could not be read (it is then rebuilt) or written.
    pub cache_problem: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheEntry {
    /// Seconds since the Unix epoch.
    checked: u64,
    #[serde(flatten)]
    outcome: Outcome,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    links: BTreeMap<String, CacheEntry>,
}

const CACHE_VERSION: u32 = 1;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn read_cache(path: &Path) -> Result<CacheFile, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<CacheFile>(&bytes)
            .ok()
            .filter(|c| c.version == CACHE_VERSION)
            .ok_or_else(|| format!("`{}` is not a link cache; it is rebuilt", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CacheFile::default()),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}

fn write_cache(path: &Path, cache: &CacheFile) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", path.display());
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    serde_json::to_writer_pretty(&mut file, cache).map_err(|e| fail(&e))?;
    file.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// A source's two addresses, as written in its file.
struct Place<'a> {
    url: &'a Spanned<crate::ids::HttpUrl>,
    archive: Option<&'a Spanned<crate::ids::HttpUrl>>,
}

/// Checks every source of `dataset` and adds a warning to `diagnostics` for
/// each address that does not answer.
pub fn check(
    dataset: &Dataset,
    sources: &SourceMap,
    options: &LinkOptions,
    diagnostics: &mut Diagnostics,
) -> LinkReport {
    // A checked dataset keeps its findings: reading them cannot fail.
    let findings: Vec<_> = (dataset.editions.iter().enumerate())
        .flat_map(|(e, edition)| (0..edition.platforms.len()).map(move |p| (e, p)))
        .filter_map(|(e, p)| dataset.evidence.findings(e, p).ok())
        .collect();
    let places: Vec<Place> = findings
        .iter()
        .flat_map(|f| f.values())
        .flat_map(|f| &f.sources)
        .map(|s| Place {
            url: &s.url,
            archive: s.archive.as_ref(),
        })
        .collect();
    let mut addresses: Vec<&str> = places
        .iter()
        .flat_map(|p| std::iter::once(p.url).chain(p.archive))
        .map(|u| u.value.as_str())
        .collect();
    addresses.sort_unstable();
    addresses.dedup();

    let mut report = LinkReport {
        links: addresses.len(),
        ..LinkReport::default()
    };
    let (mut cache, problem) = match options.cache.as_deref().map(read_cache) {
        None => (CacheFile::default(), None),
        Some(Ok(cache)) => (cache, None),
        Some(Err(problem)) => (CacheFile::default(), Some(problem)),
    };
    report.cache_problem = problem;
    let fresh_since = now().saturating_sub(options.max_age.as_secs());
    let mut outcomes: HashMap<&str, Outcome> = HashMap::new();
    let mut todo = Vec::new();
    for address in addresses {
        match cache.links.get(address) {
            Some(entry) if entry.checked >= fresh_since && !options.max_age.is_zero() => {
                report.cached += 1;
                outcomes.insert(address, entry.outcome.clone());
            }
            _ => todo.push(address),
        }
    }
    let fetched = fetch_all(&todo, options);
    let stamp = now();
    for (address, outcome) in todo.iter().zip(fetched) {
        if !outcome.transient() {
            cache.links.insert(
                (*address).to_owned(),
                CacheEntry {
                    checked: stamp,
                    outcome: outcome.clone(),
                },
            );
        }
        outcomes.insert(address, outcome);
    }
    if let Some(path) = &options.cache {
        cache.version = CACHE_VERSION;
        if let Err(problem) = write_cache(path, &cache) {
            report.cache_problem = Some(problem);
        }
    }
    report.dead = outcomes
        .values()
        .filter(|o| matches!(o, Outcome::Dead { .. }))
        .count();

    let dead = |u: &Spanned<crate::ids::HttpUrl>| match outcomes.get(u.value.as_str()) {
        Some(Outcome::Dead { reason, .. }) => Some(reason.clone()),
        _ => None,
    };
    for place in &places {
        let archive_dead = place.archive.map(&dead);
        if let Some(reason) = dead(place.url) {
            let help = match (place.archive, &archive_dead) {
                (Some(a), Some(None)) => format!(
                    "its archived copy answers: readers can still check it at {}",
                    a.value
                ),
                (Some(_), _) => "its archived copy does not answer either: find the page again, or another archived copy".to_owned(),
                (None, _) => "the source has no archived copy: find one (e.g. on web.archive.org) and add it as `archive`".to_owned(),
            };
            diagnostics
                .warning(
                    sources,
                    Code::DeadLink,
                    place.url.span,
                    format!("the source `{}` does not answer: {reason}", place.url.value),
                )
                .help = Some(help);
        }
        if let (Some(archive), Some(Some(reason))) = (place.archive, archive_dead) {
            diagnostics
                .warning(
                    sources,
                    Code::DeadArchive,
                    archive.span,
                    format!(
                        "the archived copy `{}` does not answer: {reason}",
                        archive.value
                    ),
                )
                .help = Some("replace `archive` with a copy that answers".to_owned());
        }
    }
    report
}

/// The hosts' queue: each worker takes the next address whose host has room.
struct Queue<'a> {
    state: Mutex<QueueState<'a>>,
    ready: Condvar,
    per_host: usize,
}

struct QueueState<'a> {
    /// (index into the addresses, host)
    pending: VecDeque<(usize, &'a str)>,
    active: HashMap<&'a str, usize>,
}

impl<'a> Queue<'a> {
    fn take(&self) -> Option<(usize, &'a str)> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.pending.is_empty() {
                return None;
            }
            let free = state
                .pending
                .iter()
                .position(|(_, host)| state.active.get(host).copied().unwrap_or(0) < self.per_host);
            if let Some(at) = free {
                let (i, host) = state.pending.remove(at).expect("found above");
                *state.active.entry(host).or_default() += 1;
                return Some((i, host));
            }
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn done(&self, host: &'a str) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = state.active.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        self.ready.notify_all();
    }
}

fn host_of(address: &str) -> &str {
    let rest = address.split_once("://").map_or(address, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// Fetches `addresses`, in their order.
fn fetch_all(addresses: &[&str], options: &LinkOptions) -> Vec<Outcome> {
    if addresses.is_empty() {
        return Vec::new();
    }
    let config = ureq::config::Config::builder()
        .http_status_as_error(false)
        .timeout_global(Some(options.timeout))
        .max_redirects(10)
        .user_agent(concat!(
            "scorecard/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let queue = Queue {
        state: Mutex::new(QueueState {
            pending: addresses
                .iter()
                .enumerate()
                .map(|(i, a)| (i, host_of(a)))
                .collect(),
            active: HashMap::new(),
        }),
        ready: Condvar::new(),
        per_host: options.per_host.max(1),
    };
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; addresses.len()]);
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, addresses.len()) {
            scope.spawn(|| {
                while let Some((i, host)) = queue.take() {
                    let outcome = fetch(&agent, addresses[i], options);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                    queue.done(host);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|o| o.expect("every address is fetched"))
        .collect()
}

/// One address, retried while its failure may pass.
fn fetch(agent: &ureq::Agent, address: &str, options: &LinkOptions) -> Outcome {
    let mut wait = options.backoff;
    let mut attempt = 0;
    loop {
        let outcome = fetch_once(agent, address, options.timeout);
        if !outcome.transient() || attempt >= options.retries {
            return outcome;
        }
        attempt += 1;
        std::thread::sleep(wait);
        wait = wait.saturating_mul(2);
    }
}

fn fetch_once(agent: &ureq::Agent, address: &str, timeout: Duration) -> Outcome {
    let dead = |status: Option<u16>, reason: String, transient: bool| Outcome::Dead {
        status,
        reason,
        transient,
    };
    match agent.get(address).call() {
        Ok(response) => {
            let status = response.status();
            let code = status.as_u16();
            if status.is_success() {
                Outcome::Alive { status: code }
            } else {
                let words = status.canonical_reason().unwrap_or("");
                let reason = format!("it answers {code} {words}").trim_end().to_owned();
                let transient = status.is_server_error() || code == 429 || code == 408;
                dead(Some(code), reason, transient)
            }
        }
        Err(ureq::Error::Timeout(_)) => dead(
            None,
            format!("no answer within {} s", timeout.as_secs_f64()),
            true,
        ),
        Err(ureq::Error::TooManyRedirects) => {
            dead(None, "it redirects too many times".to_owned(), false)
        }
        Err(ureq::Error::HostNotFound) => dead(None, "its host is not found".to_owned(), true),
        Err(e) => dead(None, e.to_string(), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_from_addresses() {
        assert_eq!(host_of("https://a.example/x?y"), "a.example");
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(host_of("https://a.example#f"), "a.example");
    }

    #[test]
    fn the_cache_keeps_its_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_FILE);
        assert!(read_cache(&path).unwrap().links.is_empty());
        let mut cache = CacheFile {
            version: CACHE_VERSION,
            ..CacheFile::default()
        };
        cache.links.insert(
            "https://a.example/".into(),
            CacheEntry {
                checked: 5,
                outcome: Outcome::Alive { status: 200 },
            },
        );
        write_cache(&path, &cache).unwrap();
        let back = read_cache(&path).unwrap();
        assert_eq!(
            back.links["https://a.example/"].outcome,
            Outcome::Alive { status: 200 }
        );
        std::fs::write(&path, "not json").unwrap();
        assert!(read_cache(&path).is_err());
    }
}
