//! The command-line edge: parse arguments, call the library, print diagnostics
//! and set the exit code. Errors are shown here and nowhere else.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use scorecard::diagnostic::{self, Format};
use scorecard::diff::DiffFormat;
use scorecard::ids::HttpUrl;
use scorecard::load::{memo::Memo, LoadCache};
use scorecard::validate;

// Parsing and rendering allocate many small strings on several threads at
// once; glibc's allocator spent a quarter of a large build in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Create a new scorecard project that checks and builds at once.
    Init {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
    },
    /// Add a platform or an edition to the data.
    #[command(subcommand)]
    New(NewCommand),
    /// Write JSON Schemas of the data files and a .taplo.toml for editors.
    Schema {
        /// The project folder: schemas go into DIR/schemas, the Taplo config into DIR/.taplo.toml.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Show what changed between two editions: scores, ratings, platforms, framework.
    Diff(DiffArgs),
}

#[derive(Subcommand)]
enum NewCommand {
    /// A platform folder with platform.toml and one findings file per action,
    /// every indicator listed with its question and rated "no_evidence".
    Platform {
        /// The folder name: lowercase letters and digits joined by hyphens.
        slug: String,
        /// The edition to add it to [default: the newest].
        #[arg(long, value_name = "LABEL")]
        edition: Option<String>,
        /// The platform's name [default: from the slug].
        #[arg(long)]
        name: Option<String>,
        /// The data folder.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
    },
    /// A new draft edition copied from an earlier one (framework and platforms).
    Edition {
        /// The new edition's label, e.g. 2027.
        label: String,
        /// The edition to copy [default: the newest].
        #[arg(long, value_name = "LABEL")]
        from: Option<String>,
        /// The data folder.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
    },
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
    /// Parse every findings file, without the memo of earlier checks
    /// (.scorecard-check.json beside the data folder), and write none.
    #[arg(long)]
    no_memo: bool,
    /// Also fetch every source `url` and `archive`, and warn about those that do not answer.
    #[arg(long)]
    links: bool,
    /// With --links: seconds to wait for one address, redirects included.
    #[arg(long, value_name = "SECS", default_value_t = 15, requires = "links")]
    link_timeout: u64,
    /// With --links: further attempts after a failure that may pass (timeout, 5xx, 429).
    #[arg(long, value_name = "N", default_value_t = 2, requires = "links")]
    link_retries: u32,
    /// With --links: days that a cached answer stays good; 0 fetches every address again.
    #[arg(long, value_name = "DAYS", default_value_t = 7, requires = "links")]
    link_cache_days: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Build(args) => build(&args),
        Command::Serve(args) => serve(&args),
        Command::Diff(args) => diff(&args),
        Command::Init { dir } => return scaffold(init(&dir)),
        Command::New(new) => return scaffold(new_files(new)),
        Command::Schema { dir } => return scaffold(schema(&dir)),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints a line on stdout; a closed pipe (`| head`) is not an error worth a panic.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Prints what a scaffolding command wrote, or why it wrote nothing.
fn scaffold(result: Result<Vec<PathBuf>, scorecard::scaffold::ScaffoldError>) -> ExitCode {
    match result {
        Ok(files) => {
            for file in files {
                say(&format!("created {}", file.display()));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init(dir: &std::path::Path) -> Result<Vec<PathBuf>, scorecard::scaffold::ScaffoldError> {
    let files = scorecard::scaffold::init(dir, today())?;
    eprintln!(
        "next: cd {} && scorecard serve   (or scorecard build, then open site/index.html)",
        dir.display()
    );
    Ok(files)
}

fn new_files(command: NewCommand) -> Result<Vec<PathBuf>, scorecard::scaffold::ScaffoldError> {
    match command {
        NewCommand::Platform {
            slug,
            edition,
            name,
            data,
        } => scorecard::scaffold::new_platform(
            &data,
            &slug,
            edition.as_deref(),
            name.as_deref(),
            today(),
        ),
        NewCommand::Edition { label, from, data } => {
            let dir = scorecard::scaffold::new_edition(&data, &label, from.as_deref(), today())?;
            eprintln!("the new edition is a draft: preview it with --drafts, publish it by setting status = \"published\"");
            Ok(vec![dir])
        }
    }
}

fn schema(dir: &std::path::Path) -> Result<Vec<PathBuf>, scorecard::scaffold::ScaffoldError> {
    scorecard::scaffold::write_schemas(dir)
}

/// Colour on a terminal unless `NO_COLOR` is set (https://no-color.org).
fn use_color(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn check(args: &CheckArgs) -> Result<ExitCode, scorecard::Error> {
    let options = validate::Options {
        include_drafts: args.data.drafts,
    };
    // Only the link check reads the findings after validation.
    let mut cache = match (args.links, args.no_memo) {
        (true, _) => LoadCache::default(),
        (false, true) => LoadCache::letting_go_above(0),
        (false, false) => LoadCache::letting_go_above(0).remembering(Memo::open(&args.data.data)),
    };
    let mut checked = scorecard::check_cached(&args.data.data, options, &mut cache)?;
    if let Err(problem) = cache.memo().map_or(Ok(()), Memo::save) {
        eprintln!("warning: check memo: {problem}");
    }
    if args.links && checked.error_count() == 0 {
        let options = scorecard::linkcheck::LinkOptions {
            timeout: std::time::Duration::from_secs(args.link_timeout.max(1)),
            retries: args.link_retries,
            max_age: std::time::Duration::from_secs(args.link_cache_days * 24 * 3600),
            ..scorecard::linkcheck::LinkOptions::for_data(&args.data.data)
        };
        let started = std::time::Instant::now();
        let links = scorecard::check_links(&mut checked, &options);
        if let Some(problem) = &links.cache_problem {
            eprintln!("warning: link cache: {problem}");
        }
        eprintln!(
            "checked {} links ({} from the cache) in {:.1} s: {} do not answer",
            links.links,
            links.cached,
            started.elapsed().as_secs_f64(),
            links.dead
        );
    }
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
            say(&format!("serving at {url} (Ctrl-C to stop)"));
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
        scorecard::serve::Event::Shown(shown) => eprintln!(
            "reloaded {} open page(s) in {} ms",
            shown.pages,
            shown.took.as_millis()
        ),
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
                eprintln!(
                    "rebuilt {} of {} files in {} ms{}",
                    built.rendered,
                    built.files,
                    took.as_millis(),
                    if built.stopped_early {
                        " (stopped early for a newer change)"
                    } else {
                        ""
                    }
                );
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
