//! What an in-place build shares with the server that shows its output while
//! it is written (`scorecard serve`), so that a save shows in the browser
//! before the whole site is rewritten:
//!
//! - the pages open in a browser, which the build renders before all others;
//! - the files that are stale until the build rewrites them: a request for
//!   one waits, and moves it to the front of the build's queue, so that no
//!   page is ever served out of date;
//! - whether a newer change came in, which stops the build early (what it did
//!   not rewrite, the next build does).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Preview {
    state: Mutex<State>,
    /// Signalled whenever a stale file is rewritten, or none is stale any more.
    rewritten: Condvar,
    newer_change: AtomicBool,
}

#[derive(Default)]
struct State {
    /// The output files (paths relative to the output folder) of the pages
    /// open in a browser, with how many browsers show each.
    open: HashMap<String, usize>,
    /// Files the build in progress will rewrite.
    stale: HashSet<String>,
    /// Stale files a request waits for, in the order they were asked for.
    wanted: Vec<String>,
}

/// A page open in a browser, for as long as this lives.
pub struct Open<'a> {
    preview: &'a Preview,
    file: String,
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        let mut state = self.preview.lock();
        if let Some(count) = state.open.get_mut(&self.file) {
            *count -= 1;
            if *count == 0 {
                state.open.remove(&self.file);
            }
        }
    }
}

impl Preview {
    pub fn new() -> Preview {
        Preview::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Notes that a browser shows the page written at `file` until the
    /// returned guard is dropped.
    pub fn open(&self, file: String) -> Open<'_> {
        *self.lock().open.entry(file.clone()).or_default() += 1;
        Open {
            preview: self,
            file,
        }
    }

    /// Waits until `file` is not stale, or `limit` has passed, asking the
    /// build to write it next. Returns whether the file is up to date.
    pub fn wait_until_fresh(&self, file: &str, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut state = self.lock();
        if state.stale.contains(file) && !state.wanted.iter().any(|w| w == file) {
            state.wanted.push(file.to_owned());
        }
        while state.stale.contains(file) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .rewritten
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }

    /// A newer change came in: the build in progress should stop.
    pub fn interrupt(&self) {
        self.newer_change.store(true, Ordering::SeqCst);
    }

    /// A build starts: changes seen so far are the ones it reads.
    pub(crate) fn start(&self) {
        self.newer_change.store(false, Ordering::SeqCst);
    }

    pub(crate) fn interrupted(&self) -> bool {
        self.newer_change.load(Ordering::SeqCst)
    }

    /// The output files of the pages open in a browser.
    pub(crate) fn open_files(&self) -> HashSet<String> {
        self.lock().open.keys().cloned().collect()
    }

    /// The build will rewrite `files`; requests for them wait.
    pub(crate) fn mark_stale(&self, files: impl IntoIterator<Item = String>) {
        let mut state = self.lock();
        state.stale = files.into_iter().collect();
        state.wanted.clear();
    }

    /// The stale file a request has waited for longest, taken off the list.
    pub(crate) fn take_wanted(&self) -> Option<String> {
        let mut state = self.lock();
        let State { stale, wanted, .. } = &mut *state;
        wanted.retain(|w| stale.contains(w));
        (!wanted.is_empty()).then(|| wanted.remove(0))
    }

    /// `file` is rewritten.
    pub(crate) fn rewritten(&self, file: &str) {
        if self.lock().stale.remove(file) {
            self.rewritten.notify_all();
        }
    }

    /// The build ended, whether or not it rewrote everything: requests stop waiting.
    pub(crate) fn finished(&self) {
        let mut state = self.lock();
        state.stale.clear();
        state.wanted.clear();
        self.rewritten.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_pages_are_counted_per_browser() {
        let preview = Preview::new();
        let first = preview.open("a/index.html".into());
        let second = preview.open("a/index.html".into());
        let other = preview.open("b/index.html".into());
        assert_eq!(preview.open_files().len(), 2);
        drop(first);
        drop(other);
        assert_eq!(
            preview.open_files(),
            HashSet::from(["a/index.html".to_owned()])
        );
        drop(second);
        assert!(preview.open_files().is_empty());
    }

    #[test]
    fn a_request_for_a_stale_file_waits_and_is_served_first() {
        let preview = Preview::new();
        preview.mark_stale(["a".to_owned(), "b".to_owned(), "c".to_owned()]);
        // A fresh file does not wait.
        assert!(preview.wait_until_fresh("d", Duration::ZERO));
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| preview.wait_until_fresh("c", Duration::from_secs(30)));
            let asked = Instant::now();
            let wanted = loop {
                if let Some(file) = preview.take_wanted() {
                    break file;
                }
                assert!(asked.elapsed() < Duration::from_secs(30), "never asked");
                std::thread::yield_now();
            };
            assert_eq!(wanted, "c");
            assert!(!waiter.is_finished());
            preview.rewritten("c");
            assert!(waiter.join().unwrap());
        });
        assert_eq!(preview.take_wanted(), None);
        // A wait gives up at its limit while the file is still stale.
        assert!(!preview.wait_until_fresh("a", Duration::from_millis(1)));
        // Once the build ends, nothing is stale.
        preview.finished();
        assert!(preview.wait_until_fresh("b", Duration::ZERO));
        assert_eq!(preview.take_wanted(), None);
    }

    #[test]
    fn a_newer_change_interrupts_until_the_next_build_starts() {
        let preview = Preview::new();
        assert!(!preview.interrupted());
        preview.interrupt();
        assert!(preview.interrupted());
        preview.start();
        assert!(!preview.interrupted());
    }
}
