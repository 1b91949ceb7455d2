//! `scorecard serve`: build the site into a private folder, serve it on
//! loopback, rebuild on every save and reload open pages. While the data has
//! errors, pages show them in an overlay instead of the site.
//!
//! After a save, the pages open in a browser are rewritten first and
//! reloaded; the rest of the site is rewritten after, and a request for a
//! page not yet rewritten waits for it (see [`crate::preview`]).
//!
//! The reload script is added to pages as they are served; the built files
//! never contain it. It tells the server which page it shows.

mod files;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::preview::Preview;
use crate::render::escape_html;
use crate::session::{Session, Shown, Target};
use crate::{BuildOptions, Built, Checked, Error};

pub use files::{content_type, output_file, resolve};

/// How long the file events of one save may be apart.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// The path of the server-sent-events stream that tells pages to reload.
/// Its `page` parameter names the page that listens.
pub const EVENTS_PATH: &str = "/__scorecard/events";

/// How long a request for a page not yet rewritten waits for it.
const STALE_WAIT: Duration = Duration::from_secs(60);

const RELOAD_SCRIPT: &str = concat!(
    "<script>(function(){var s=new EventSource(\"",
    "/__scorecard/events",
    "?page=\"+encodeURIComponent(location.pathname));",
    "s.onmessage=function(){location.reload();};})();</script>"
);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `out` is ignored: serve builds into a private temporary folder.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Folders to watch besides the data folder (the templates).
    pub watch: Vec<PathBuf>,
}

/// What happened, for the CLI to print.
pub enum Event<'a> {
    Listening(SocketAddr),
    /// The pages open in a browser are rewritten and reloaded; the rest of
    /// the site follows.
    Shown(Shown),
    Built {
        checked: &'a Checked,
        built: Option<Built>,
        took: Duration,
    },
    Failed(&'a Error),
    Changed(Vec<PathBuf>),
}

/// What the server shows: the site, or the overlay of why it cannot be built.
struct State {
    overlay: Option<String>,
    generation: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    stop: AtomicBool,
    preview: Preview,
}

impl Shared {
    fn publish(&self, overlay: Option<String>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.overlay = overlay;
        state.generation += 1;
        self.changed.notify_all();
    }
}

/// Serves until Ctrl-C. `report` is called for everything worth printing.
pub fn serve(options: ServeOptions, report: &(dyn Fn(Event) + Sync)) -> Result<(), Error> {
    let server =
        tiny_http::Server::http(SocketAddr::new(options.bind, options.port)).map_err(|e| {
            Error::Serve(format!(
                "cannot listen on {}:{}: {e}",
                options.bind, options.port
            ))
        })?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Serve("not an IP address".into()))?;
    let site = tempfile::Builder::new()
        .prefix("scorecard-serve-")
        .tempdir()
        .map_err(|e| Error::Serve(format!("cannot create a temporary folder: {e}")))?;
    let out = site.path().join("site");
    let base_url = crate::ids::HttpUrl::parse(&format!("http://{address}/")).ok();
    let build_options = BuildOptions {
        out: out.clone(),
        base_url,
        ..options.build.clone()
    };

    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            overlay: None,
            generation: 0,
        }),
        changed: Condvar::new(),
        stop: AtomicBool::new(false),
        preview: Preview::new(),
    });
    let mut session = Session::new(build_options);
    rebuild(&mut session, &shared, report);
    report(Event::Listening(address));

    let (sender, receiver) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let watcher_shared = Arc::clone(&shared);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reads (including the build's own) are not changes.
        if let Ok(event) = event {
            if !matches!(event.kind, EventKind::Access(_)) {
                if event.paths.iter().any(|p| !is_noise(p)) {
                    // What the build in progress would still write is out of date.
                    watcher_shared.preview.interrupt();
                }
                let _ = sender.send(event.paths);
            }
        }
    })
    .map_err(|e| Error::Serve(format!("cannot watch files: {e}")))?;
    let mut watched = vec![options.build.data.clone()];
    watched.extend(options.watch.iter().cloned());
    for dir in &watched {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| Error::Serve(format!("cannot watch {}: {e}", dir.display())))?;
    }

    {
        let shared = Arc::clone(&shared);
        ctrlc::set_handler(move || {
            shared.stop.store(true, Ordering::SeqCst);
            shared.changed.notify_all();
        })
        .map_err(|e| Error::Serve(format!("cannot handle Ctrl-C: {e}")))?;
    }

    std::thread::scope(|scope| {
        let builder_shared = Arc::clone(&shared);
        let session = &mut session;
        scope.spawn(move || {
            while !builder_shared.stop.load(Ordering::SeqCst) {
                match receiver.recv_timeout(Duration::from_millis(200)) {
                    Ok(first) => {
                        // Gather the events of one save (editors write, rename, chmod)
                        // into one rebuild: wait until the stream is quiet briefly.
                        let mut paths = first;
                        while let Ok(more) = receiver.recv_timeout(DEBOUNCE) {
                            paths.extend(more);
                        }
                        // Editors' swap and backup files are not inputs.
                        paths.retain(|p| !is_noise(p));
                        if !paths.is_empty() {
                            paths.sort();
                            paths.dedup();
                            report(Event::Changed(paths));
                            rebuild(session, &builder_shared, report);
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
        });
        while !shared.stop.load(Ordering::SeqCst) {
            match server.recv_timeout(Duration::from_millis(100)) {
                Ok(Some(request)) => {
                    let shared = Arc::clone(&shared);
                    let out = out.clone();
                    // Event streams stay open; other requests are short. Each gets a thread.
                    std::thread::spawn(move || handle(request, &out, &shared));
                }
                Ok(None) => {}
                Err(_) => break,
            }
        }
        shared.stop.store(true, Ordering::SeqCst);
        shared.changed.notify_all();
    });
    drop(watcher);
    Ok(())
}

fn is_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn rebuild(session: &mut Session, shared: &Shared, report: &(dyn Fn(Event) + Sync)) {
    let started = Instant::now();
    let reloaded = AtomicBool::new(false);
    let shown = |shown: Shown| {
        shared.publish(None);
        reloaded.store(true, Ordering::SeqCst);
        report(Event::Shown(shown));
    };
    match session.build(Target::Preview(&shared.preview, &shown)) {
        Ok((checked, built)) => {
            // Once the open pages are reloaded into the site, they need not
            // reload again when the rest of it is written.
            let reloaded = built.is_some() && reloaded.load(Ordering::SeqCst);
            let overlay = built.is_none().then(|| overlay_page(&checked));
            report(Event::Built {
                checked: &checked,
                built,
                took: started.elapsed(),
            });
            if !reloaded {
                shared.publish(overlay);
            }
        }
        Err(e) => {
            report(Event::Failed(&e));
            shared.publish(Some(error_page(
                "The site could not be built",
                &[e.to_string()],
            )));
        }
    }
}

fn overlay_page(checked: &Checked) -> String {
    let mut lines = Vec::new();
    for d in checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        let (line, col) = crate::diagnostic::position(&checked.sources, d);
        let mut text = format!(
            "{}:{line}:{col}: error[{}]: {}",
            d.path,
            d.code.id(),
            d.message
        );
        if let Some(help) = &d.help {
            text.push_str(&format!("\n    help: {help}"));
        }
        lines.push(text);
    }
    error_page(
        &format!(
            "{} error(s) in the data: the site is not built",
            lines.len()
        ),
        &lines,
    )
}

fn error_page(title: &str, lines: &[String]) -> String {
    let mut body = String::new();
    for line in lines {
        body.push_str(&format!("<li><pre>{}</pre></li>", escape_html(line)));
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>scorecard: {t}</title>\
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:0;background:#2b0b0b;color:#fff}}main{{max-width:60rem;margin:auto;padding:2rem 1rem}}h1{{font-size:1.4rem}}ol{{padding:0;list-style:none}}li{{background:#fff;color:#1b1f24;border-left:6px solid #c62828;margin:0 0 .75rem;padding:.5rem 1rem;border-radius:4px}}pre{{white-space:pre-wrap;margin:0;font:14px/1.45 ui-monospace,monospace}}</style></head>\
<body><main id=\"scorecard-overlay\"><h1>{t}</h1><p>Fix the files below and save: this page reloads by itself.</p><ol>{body}</ol></main></body></html>",
        t = escape_html(title)
    )
}

fn handle(request: tiny_http::Request, out: &Path, shared: &Shared) {
    let url = request.url().to_owned();
    if let Some(query) = url.strip_prefix(EVENTS_PATH) {
        if query.is_empty() || query.starts_with('?') {
            let page = query
                .strip_prefix("?page=")
                .and_then(|page| output_file(page.split('&').next().unwrap_or_default()));
            let _open = page.map(|file| shared.preview.open(file));
            stream_events(request, shared);
            return;
        }
    }
    let overlay = shared
        .state
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .overlay
        .clone();
    if let Some(file) = output_file(&url) {
        shared.preview.wait_until_fresh(&file, STALE_WAIT);
    }
    let file = resolve(out, &url);
    let wants_page = file
        .as_ref()
        .is_none_or(|f| f.extension().is_some_and(|e| e == "html"));
    let response = match (overlay, file) {
        (Some(overlay), _) if wants_page => html_response(overlay, 200),
        (_, Some(file)) => match std::fs::read(&file) {
            Ok(bytes) if content_type(&file).starts_with("text/html") => {
                html_response(String::from_utf8_lossy(&bytes).into_owned(), 200)
            }
            Ok(bytes) => bytes_response(bytes, content_type(&file), 200),
            Err(_) => not_found(out),
        },
        (_, None) => not_found(out),
    };
    let _ = request.respond(response);
}

fn not_found(out: &Path) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    match std::fs::read_to_string(out.join("404.html")) {
        Ok(page) => html_response(page, 404),
        Err(_) => bytes_response(b"not found".to_vec(), "text/plain; charset=utf-8", 404),
    }
}

fn html_response(mut page: String, status: u16) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    match page.rfind("</body>") {
        Some(i) => page.insert_str(i, RELOAD_SCRIPT),
        None => page.push_str(RELOAD_SCRIPT),
    }
    bytes_response(page.into_bytes(), "text/html; charset=utf-8", status)
}

fn bytes_response(
    bytes: Vec<u8>,
    content_type: &str,
    status: u16,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes())
        .expect("valid header");
    let no_cache = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..])
        .expect("valid header");
    tiny_http::Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header)
        .with_header(no_cache)
}

/// Holds the connection open and sends one event per rebuild.
fn stream_events(request: tiny_http::Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let mut seen = state.generation;
    loop {
        let (next, timeout) = shared
            .changed
            .wait_timeout(state, Duration::from_secs(15))
            .unwrap_or_else(|e| e.into_inner());
        state = next;
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let message = if state.generation != seen {
            seen = state.generation;
            format!("data: {seen}\n\n")
        } else if timeout.timed_out() {
            // A comment keeps proxies from closing an idle stream, and finds closed ones.
            ": ping\n\n".to_owned()
        } else {
            continue;
        };
        drop(state);
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    }
}
