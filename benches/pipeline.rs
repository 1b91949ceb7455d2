//! Criterion benchmarks of the build pipeline on generated data (100 platforms
//! per edition, two editions): load + validate, score, render one platform page,
//! one action page and one share card, render and write the whole site, and the whole build.
//!
//! `cargo bench --bench pipeline` (add `-- <filter>` to run some of them).

#[path = "../examples/gen-data/generator.rs"]
mod generator;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use rayon::prelude::*;
use scorecard::i18n::Locale;
use scorecard::model::Dataset;
use scorecard::render::{self, context::Site, rationales::Rationales, Renderer};
use scorecard::score::{changes::Since, EditionScores};
use scorecard::{score, validate, write, BuildOptions};

const PLATFORMS: usize = 100;
const SEED: u64 = 1;

fn pipeline(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let data = dir.path().join("data");
    generator::generate_data(
        &data,
        &generator::Options {
            platforms: PLATFORMS,
            seed: SEED,
        },
    )
    .expect("generated data");
    let options = validate::Options::default();

    let mut group = c.benchmark_group(format!("pipeline/{PLATFORMS}-platforms"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));

    group.bench_function("load+validate", |b| {
        b.iter(|| scorecard::check(black_box(&data), options).expect("check runs"))
    });

    let checked = scorecard::check(&data, options).expect("check runs");
    assert_eq!(checked.error_count(), 0, "generated data has errors");
    let dataset = checked.dataset.expect("a dataset");

    group.bench_function("score", |b| {
        b.iter(|| {
            black_box(&dataset)
                .editions
                .iter()
                .map(score::score_edition)
                .collect::<Vec<_>>()
        })
    });

    let scores: Vec<_> = dataset.editions.iter().map(score::score_edition).collect();
    let history = score::changes::history(&dataset.editions, &scores);
    let renderer = Renderer::new(None).expect("built-in templates compile");
    let locales = renderer
        .locales(&dataset.settings.languages)
        .expect("built-in catalogues cover the languages");
    // Each run renders with rationales of its own, as a build does: making
    // them is part of what a page costs.
    let parts = Parts {
        dataset: &dataset,
        scores: &scores,
        history: &history,
        locales: &locales,
    };
    let rationales = parts.rationales();
    let plan = render::plan(&parts.site(&rationales), &renderer);
    let find = |prefix: &str| {
        plan.iter()
            .find(|p| p.path.file().starts_with(prefix))
            .unwrap_or_else(|| panic!("no page under {prefix}"))
    };

    let platform_page = find("2026/platforms/");
    group.bench_function("render one platform page", |b| {
        b.iter(|| {
            let rationales = parts.rationales();
            let site = parts.site(&rationales);
            render::render(&site, &renderer, &plan, black_box(platform_page)).unwrap()
        })
    });
    let action_page = find("2026/actions/");
    group.bench_function("render one action page", |b| {
        b.iter(|| {
            let rationales = parts.rationales();
            let site = parts.site(&rationales);
            render::render(&site, &renderer, &plan, black_box(action_page)).unwrap()
        })
    });

    let share_card = plan
        .iter()
        .find(|p| p.path.file().ends_with("/og.png"))
        .expect("a share card");
    group.bench_function("draw one share card", |b| {
        b.iter(|| {
            let rationales = parts.rationales();
            let site = parts.site(&rationales);
            render::render(&site, &renderer, &plan, black_box(share_card)).unwrap()
        })
    });

    let out = dir.path().join("site");
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("render+write whole site", |b| {
        b.iter(|| {
            let rationales = parts.rationales();
            render_site(&parts.site(&rationales), &renderer, &plan, &out)
        })
    });
    let build = BuildOptions {
        data: data.clone(),
        out: dir.path().join("built"),
        templates: None,
        base_url: None,
        include_drafts: false,
    };
    group.bench_function("build end to end", |b| {
        b.iter(|| {
            scorecard::build(&build)
                .expect("build runs")
                .1
                .expect("built")
        })
    });
    group.finish();
}

/// A one-shot build's pieces: none kept.
static ONE_SHOT: std::sync::LazyLock<render::pieces::Pieces> =
    std::sync::LazyLock::new(render::pieces::Pieces::one_shot);

/// What a [`Site`] is made of, less the rationales made during a build.
struct Parts<'a> {
    dataset: &'a Dataset,
    scores: &'a [EditionScores],
    history: &'a [Option<Since>],
    locales: &'a [Locale],
}

impl<'a> Parts<'a> {
    fn rationales(&self) -> Rationales {
        Rationales::new()
    }

    fn site<'s>(&self, rationales: &'s Rationales) -> Site<'s>
    where
        'a: 's,
    {
        Site {
            dataset: self.dataset,
            scores: self.scores,
            history: self.history,
            base_url: "https://example.org/scorecard".into(),
            locales: self.locales,
            rationales,
            pieces: &ONE_SHOT,
        }
    }
}

/// What `scorecard::build` does after scoring, less the link check: render
/// every planned file in parallel and write it into a staging folder swapped
/// in at the end.
fn render_site(site: &Site, renderer: &Renderer, plan: &[render::Planned], out: &Path) -> u64 {
    let output = write::Output::create(out, &[]).expect("an output folder");
    let bytes: u64 = plan
        .par_iter()
        .map(|page| {
            let bytes = render::render(site, renderer, plan, page).expect("page renders");
            output
                .write(&page.path.file(), &bytes)
                .expect("page written");
            bytes.len() as u64
        })
        .sum();
    output.commit().expect("site swapped in");
    bytes
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
