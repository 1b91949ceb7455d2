//! The command-line edge: parse arguments, call the library, print diagnostics
//! and set the exit code. Errors are shown here and nowhere else.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use scorecard::diagnostic::{self, Format};
use scorecard::diff::DiffFormat;
use scorecard::ids::HttpUrl;
use scorecard::validate;

#[derive(Parser)]
#[command(
    name = "scorecard",
    version,
    about = "Build a platform-accountability scorecard website from TOML evidence files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the data folder and report every problem at once.
    Check(CheckArgs),
    /// Check the data, then build the website (nothing is written if the check fails).
    Build(BuildArgs),
    /// Build and serve the site locally, rebuilding and reloading on every save.
    Serve(ServeArgs),
    /// Show what changed between two editions: scores, ratings, platforms, framework.
    Diff(DiffArgs),
}

#[derive(Args)]
struct DiffArgs {
    /// The earlier edition's label, e.g. 2025.
    old: String,
    /// The later edition's label, e.g. 2026.
    new: String,
    #[command(flatten)]
    data: DataArgs,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; anything but loopback exposes the preview to the network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the site in a browser.
    #[arg(long)]
    open: bool,
    /// Templates overriding the built-in ones [default: `templates` beside the data folder, if there is one].
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Where to write the site.
    #[arg(long, value_name = "DIR", default_value = "site")]
    out: PathBuf,
    /// Public address of the site, overriding `base_url` in scorecard.toml.
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    base_url: Option<HttpUrl>,
    /// Templates overriding the built-in ones [default: `templates` beside the data folder, if there is one].
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

fn parse_url(s: &str) -> Result<HttpUrl, String> {
    HttpUrl::parse(s).map_err(|e| format!("{} ({})", e.message, e.help))
}

/// The templates folder: the one given, or `templates/` beside the data folder.
fn templates_dir(data: &std::path::Path, given: Option<&PathBuf>) -> Option<PathBuf> {
    if let Some(dir) = given {
        return Some(dir.clone());
    }
    let beside = data
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join("templates");
    beside.is_dir().then_some(beside)
}

#[derive(Args)]
struct DataArgs {
    /// The data folder.
    #[arg(long, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    /// Include draft editions.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Build(args) => build(&args),
        Command::Serve(args) => serve(&args),
        Command::Diff(args) => diff(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Colour on a terminal unless `NO_COLOR` is set (https://no-color.org).
fn use_color(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn check(args: &CheckArgs) -> Result<ExitCode, scorecard::Error> {
    let options = validate::Options {
        include_drafts: args.data.drafts,
    };
    let checked = scorecard::check(&args.data.data, options)?;
    let failed = checked.error_count() > 0 || (args.deny_warnings && checked.warning_count() > 0);
    report(&checked, args.format);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn build(args: &BuildArgs) -> Result<ExitCode, scorecard::Error> {
    let options = scorecard::BuildOptions {
        data: args.data.data.clone(),
        out: args.out.clone(),
        templates: templates_dir(&args.data.data, args.templates.as_ref()),
        base_url: args.base_url.clone(),
        include_drafts: args.data.drafts,
    };
    let started = std::time::Instant::now();
    let (checked, built) = scorecard::build(&options)?;
    report(&checked, Format::Human);
    match built {
        Some(built) => {
            eprintln!(
                "built {} files ({:.1} MB) into {} in {:.2} s",
                built.files,
                built.bytes as f64 / 1e6,
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("nothing was built: fix the errors above");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn diff(args: &DiffArgs) -> Result<ExitCode, scorecard::Error> {
    let (checked, changes) =
        scorecard::diff(&args.data.data, &args.old, &args.new, args.data.drafts)?;
    let Some(changes) = changes else {
        report(&checked, Format::Human);
        eprintln!("nothing to compare: fix the errors above");
        return Ok(ExitCode::FAILURE);
    };
    let bytes = match args.format {
        DiffFormat::Human => Ok(scorecard::diff::to_human(&changes).into_bytes()),
        DiffFormat::Csv => scorecard::diff::to_csv(&changes).map_err(|e| e.to_string()),
        DiffFormat::Json => scorecard::diff::to_json(&changes).map_err(|e| e.to_string()),
    }
    .map_err(scorecard::Error::Diff)?;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
        eprintln!("error: cannot print the changes: {e}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(args: &ServeArgs) -> Result<ExitCode, scorecard::Error> {
    let templates = templates_dir(&args.data.data, args.templates.as_ref());
    let options = scorecard::serve::ServeOptions {
        build: scorecard::BuildOptions {
            data: args.data.data.clone(),
            out: PathBuf::new(),
            templates: templates.clone(),
            base_url: None,
            include_drafts: args.data.drafts,
        },
        bind: args.bind,
        port: args.port,
        watch: templates.into_iter().collect(),
    };
    let open = args.open;
    scorecard::serve::serve(options, &move |event| match event {
        scorecard::serve::Event::Listening(address) => {
            let url = format!("http://{address}/");
            println!("serving at {url} (Ctrl-C to stop)");
            if open {
                let _ = std::process::Command::new(if cfg!(target_os = "macos") {
                    "open"
                } else {
                    "xdg-open"
                })
                .arg(&url)
                .spawn();
            }
        }
        scorecard::serve::Event::Changed(paths) => {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            eprintln!("changed: {}", names.join(", "));
        }
        scorecard::serve::Event::Built {
            checked,
            built,
            took,
        } => {
            let errors = checked.error_count();
            if errors > 0 {
                report(checked, Format::Human);
                eprintln!(
                    "not rebuilt: {errors} error(s); the browser shows them until they are fixed"
                );
            } else if let Some(built) = built {
                eprintln!("rebuilt {} files in {} ms", built.files, took.as_millis());
            }
        }
        scorecard::serve::Event::Failed(e) => eprintln!("error: {e}"),
    })?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Prints the diagnostics: human ones to stderr, machine formats to stdout.
fn report(checked: &scorecard::Checked, format: Format) {
    let result = match format {
        Format::Human => {
            let stderr = std::io::stderr();
            let color = use_color(&stderr);
            let mut out = stderr.lock();
            diagnostic::render(
                &mut out,
                format,
                color,
                &checked.sources,
                &checked.diagnostics,
            )
        }
        _ => {
            let mut out = std::io::stdout().lock();
            diagnostic::render(
                &mut out,
                format,
                false,
                &checked.sources,
                &checked.diagnostics,
            )
            .and_then(|()| out.flush())
        }
    };
    if let Err(e) = result {
        eprintln!("error: cannot print diagnostics: {e}");
    }
    if format == Format::Human {
        eprintln!("{}", summary(checked));
    }
}

fn summary(checked: &scorecard::Checked) -> String {
    let (errors, warnings) = (checked.error_count(), checked.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match &checked.dataset {
        Some(d) => {
            let platforms: usize = d.editions.iter().map(|e| e.platforms.len()).sum();
            format!(
                "checked {}, {}: {}, {}",
                plural(d.editions.len(), "edition"),
                plural(platforms, "platform assessment"),
                plural(errors, "error"),
                plural(warnings, "warning")
            )
        }
        None => format!(
            "check failed: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}
