//! Writes a synthetic data folder (and optionally a Hugo site with the same
//! text) for benchmarks:
//!
//! ```text
//! cargo run --release --example gen-data -- --platforms 1000 --seed 1 --out target/bench-data/n1000
//! ```
//!
//! The same seed always gives byte-identical files.

#[path = "generator.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "gen-data",
    about = "Generate a synthetic scorecard data folder that passes `scorecard check`"
)]
struct Args {
    /// Platforms per edition (there are two editions).
    #[arg(long, default_value_t = 100)]
    platforms: usize,
    /// Seed of the pseudo-random generator: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the data folder (must not exist, or be empty).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Where to write a Hugo site with the same pages and text (must not exist, or be empty).
    #[arg(long, value_name = "DIR")]
    hugo: Option<PathBuf>,
}

fn empty_or_missing(dir: &std::path::Path) -> Result<(), String> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            Some(_) => Err(format!(
                "`{}` is not empty: remove it or choose another folder",
                dir.display()
            )),
            None => Ok(()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot read `{}`: {e}", dir.display())),
    }
}

fn run(args: &Args) -> Result<(), String> {
    if args.out.is_none() && args.hugo.is_none() {
        return Err("nothing to do: give --out DIR, --hugo DIR, or both".into());
    }
    let options = generator::Options {
        platforms: args.platforms,
        seed: args.seed,
    };
    type Generate =
        fn(&std::path::Path, &generator::Options) -> std::io::Result<generator::Summary>;
    let jobs: [(&Option<PathBuf>, &str, Generate); 2] = [
        (&args.out, "data folder", generator::generate_data),
        (&args.hugo, "Hugo site", generator::generate_hugo),
    ];
    for (dir, what, generate) in jobs {
        let Some(dir) = dir else { continue };
        empty_or_missing(dir)?;
        let started = Instant::now();
        let written = generate(dir, &options)
            .map_err(|e| format!("cannot write the {what} to `{}`: {e}", dir.display()))?;
        eprintln!(
            "wrote a {what} with {} platforms per edition (seed {}): {} files, {:.1} MB, into {} in {:.1} s",
            args.platforms,
            args.seed,
            written.files,
            written.bytes as f64 / 1e6,
            dir.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
