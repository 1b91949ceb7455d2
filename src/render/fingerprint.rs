//! Fingerprints of what each page shows, so that a rebuild (in `serve`)
//! renders only the pages whose inputs changed. A fingerprint hashes the
//! page's inputs, not its output: findings are hashed once, and each page
//! combines the hashes of exactly what its context reads. Findings, nearly
//! all of a data folder, are hashed directly (`Hash`); the rest, small, by
//! their serialised form.

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::context::Site;
use crate::evidence::EvidenceError;
use crate::model::Status;

/// The hash of a value's serialised form.
pub fn of<T: Serialize + ?Sized>(value: &T) -> u64 {
    // Serialised whole, then hashed in one call: feeding the hasher
    // serde_json's many small writes took twice as long.
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let mut hasher = DefaultHasher::new();
    hasher.write(&bytes);
    hasher.finish()
}

/// Combines hashes (and other hashable parts) into one.
pub fn combine(parts: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

/// The hashes of the site's inputs, computed once per build.
pub struct Prints {
    /// Everything every page shows: settings, menus, editions list, pages, templates.
    pub global: u64,
    pub editions: Vec<EditionPrints>,
}

pub struct EditionPrints {
    /// The edition's own facts and framework, and the previous edition's content.
    pub edition: u64,
    /// Every rank of every platform (a page shows ties, which depend on the others).
    pub ranks: u64,
    pub platforms: Vec<PlatformPrints>,
}

pub struct PlatformPrints {
    /// platform.toml.
    pub facts: u64,
    /// The findings of each action, in framework order.
    pub actions: Vec<u64>,
    /// The platform's scores.
    pub scores: u64,
    /// The ratings alone, without rationales and sources.
    pub ratings: u64,
    /// What its report shows of the ranking: its own ranks, whether each is
    /// tied, and how many platforms are ranked. A rating changed elsewhere
    /// reshuffles only some platforms' ranks.
    pub ranks: u64,
    /// Per action, what a listing of the action shows of the platform's
    /// score: the action's score and rank, and whether the rank is tied.
    pub action_shown: Vec<u64>,
    /// All of the above.
    pub all: u64,
}

impl Prints {
    pub fn new(site: &Site, templates: u64) -> Result<Prints, EvidenceError> {
        let dataset = site.dataset;
        let editions_list: Vec<_> = dataset
            .editions
            .iter()
            .map(|e| {
                (
                    e.label.as_str(),
                    e.meta.status == Status::Published,
                    e.meta.published.value.to_string(),
                )
            })
            .collect();
        // Platform reports link the same platform in every other edition.
        let platforms_by_edition: Vec<Vec<&str>> = dataset
            .editions
            .iter()
            .map(|e| e.platforms.iter().map(|p| p.slug.as_str()).collect())
            .collect();
        let global = combine((
            templates,
            platforms_by_edition,
            of(&dataset.settings),
            &site.base_url,
            of(&editions_list),
            of(&dataset.pages),
            dataset.latest_published(),
            dataset.root_edition(),
        ));
        let mut editions: Vec<EditionPrints> = Vec::with_capacity(dataset.editions.len());
        for (e, edition) in dataset.editions.iter().enumerate() {
            let scores = &site.scores[e];
            let ranks_shown = ranks_shown(scores);
            let platforms: Vec<PlatformPrints> = edition
                .platforms
                .par_iter()
                .enumerate()
                .zip(&scores.platforms)
                .zip(ranks_shown)
                .map(|(((n, p), score), (ranks, action_shown))| {
                    let findings = dataset.evidence.findings(e, n)?;
                    let facts = of(&p.platform);
                    let actions: Vec<u64> = edition
                        .framework
                        .actions
                        .iter()
                        .map(|a| {
                            let findings: Vec<_> = a
                                .indicators
                                .iter()
                                .map(|i| findings.get(&i.id.value))
                                .collect();
                            combine((p.slug.as_str(), findings))
                        })
                        .collect();
                    let scores = of(score);
                    let ratings = combine(
                        p.ratings
                            .iter()
                            .map(|(id, r)| (id, &r.rating))
                            .collect::<Vec<_>>(),
                    );
                    let all = combine((facts, &actions, scores, p.slug.as_str()));
                    Ok(PlatformPrints {
                        facts,
                        actions,
                        scores,
                        ratings,
                        ranks,
                        action_shown,
                        all,
                    })
                })
                .collect::<Result<_, _>>()?;
            let previous_content = editions.last().map(|prev| {
                combine((
                    prev.edition,
                    prev.platforms.iter().map(|p| p.all).collect::<Vec<_>>(),
                ))
            });
            let ranks: Vec<_> = scores
                .platforms
                .iter()
                .map(|p| (p.rank, p.actions.iter().map(|a| a.rank).collect::<Vec<_>>()))
                .collect();
            editions.push(EditionPrints {
                edition: combine((
                    of(&edition.meta),
                    of(&edition.framework),
                    edition.label.as_str(),
                    previous_content,
                )),
                ranks: of(&ranks),
                platforms,
            });
        }
        Ok(Prints { global, editions })
    }
}

/// For each platform of an edition, the hash of its ranks as its report
/// shows them (see [`PlatformPrints::ranks`]), and per action what an
/// action's listing shows ([`PlatformPrints::action_shown`]).
fn ranks_shown(scores: &crate::score::EditionScores) -> Vec<(u64, Vec<u64>)> {
    let (total_ties, action_ties) = (&scores.total_tied, &scores.action_tied);
    let ranked = scores.ranked();
    scores
        .platforms
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let report = of(&(
                ranked,
                (p.rank, total_ties[i]),
                p.actions
                    .iter()
                    .zip(action_ties)
                    .map(|(a, ties)| (a.rank, ties[i]))
                    .collect::<Vec<_>>(),
            ));
            let listings = p
                .actions
                .iter()
                .zip(action_ties)
                .map(|(a, ties)| of(&(a, ties[i])))
                .collect();
            (report, listings)
        })
        .collect()
}
