//! A site that cannot be half-built: `scorecard build` of a large data folder
//! is killed with SIGKILL at moments spread over a whole build, again and
//! again, each time with data that differs from the site in place. After
//! every kill the output folder must be exactly the previous site or exactly
//! the new one, byte for byte, never a mix and never missing; the staging
//! folders that killed builds leave behind must go with the next build.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Platforms in the generated data: about 600 platform pages per build.
const PLATFORMS: usize = 300;
/// Kills, each at a different point of a build.
const KILLS: u32 = 12;

/// SplitMix64: a small seeded generator, so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The base fixture with `PLATFORMS` copies of its first platform. The two
/// variants differ in the edition's title, which every page shows.
fn large_data(dir: &Path, variant: &str) -> PathBuf {
    let data = dir.join(format!("data-{variant}"));
    copy_dir(&repo().join("tests/fixtures/base"), &data);
    let edition = data.join("editions/2026");
    let meta = edition.join("edition.toml");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(
        &meta,
        text.replace(
            "title = \"Scorecard 2026\"",
            &format!("title = \"Scorecard 2026 {variant}\""),
        ),
    )
    .unwrap();
    let platforms = edition.join("platforms");
    let platform = std::fs::read_to_string(platforms.join("ex-a/platform.toml")).unwrap();
    let findings = std::fs::read(platforms.join("ex-a/findings.toml")).unwrap();
    for n in 0..PLATFORMS {
        let folder = platforms.join(format!("p{n:03}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("platform.toml"),
            platform.replace(
                "name = \"Example A\"",
                &format!("name = \"Platform {n:03}\""),
            ),
        )
        .unwrap();
        std::fs::write(folder.join("findings.toml"), &findings).unwrap();
    }
    data
}

fn build_command(data: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scorecard"));
    cmd.args(["build", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn build_fully(data: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    let status = build_command(data, out).status().unwrap();
    assert!(status.success(), "build of {} failed", data.display());
    started.elapsed()
}

/// Staging folders of `site` left in `parent`.
fn staging_folders(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".site.partial-"))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_previous_site_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = [large_data(dir.path(), "A"), large_data(dir.path(), "B")];

    // Reference sites, and how long one build takes.
    let mut took = Duration::ZERO;
    let references: Vec<BTreeMap<String, Vec<u8>>> = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let out = dir.path().join(format!("reference-{i}"));
            took = took.max(build_fully(d, &out));
            read_tree(&out)
        })
        .collect();
    assert_ne!(references[0], references[1], "the variants must differ");
    assert!(
        references[0].len() > 2 * PLATFORMS,
        "{} files",
        references[0].len()
    );

    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let out = work.join("site");
    build_fully(&data[0], &out);
    assert!(
        read_tree(&out) == references[0],
        "a build differs from the reference"
    );
    let mut current = 0;

    let mut rng = Rng(0x0a70_171c);
    let (mut kept, mut replaced, mut left_staging) = (0, 0, 0);
    let mut delays = Vec::new();
    for attempt in 0..KILLS {
        let next = 1 - current;
        // One kill in each slice of 150% of a build's time (builds vary), at a random point of it.
        let fraction = (f64::from(attempt) + rng.unit()) / f64::from(KILLS) * 1.5;
        let delay = took.mul_f64(fraction);
        delays.push(delay.as_millis());
        let mut child = build_command(&data[next], &out).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();

        assert!(
            out.is_dir(),
            "attempt {attempt}: the site is missing ({status})"
        );
        let tree = read_tree(&out);
        if tree == references[next] {
            replaced += 1;
            current = next;
        } else {
            assert!(
                tree == references[current],
                "attempt {attempt}, killed after {delay:?} ({status}): the site is neither the previous one nor the new one"
            );
            kept += 1;
        }
        if !staging_folders(&work).is_empty() {
            left_staging += 1;
        }
    }
    eprintln!(
        "one build: {took:?}; {KILLS} kills at {delays:?} ms: previous site kept {kept} times, new site in place {replaced} times, staging folders left {left_staging} times"
    );
    assert!(kept > 0, "no kill landed before the swap: {delays:?}");
    assert!(left_staging > 0, "no kill landed mid-build: {delays:?}");

    // The next build completes, and removes what killed builds left behind.
    let next = 1 - current;
    build_fully(&data[next], &out);
    assert!(read_tree(&out) == references[next]);
    assert_eq!(staging_folders(&work), Vec::<String>::new());
    let names: Vec<_> = std::fs::read_dir(&work)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["site"], "only the site is left");
}
