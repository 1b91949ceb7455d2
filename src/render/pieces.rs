//! The largest files of a site, `scorecard.json` and `search.json`, hold
//! something of every platform. Each is made of one piece per platform,
//! made a few at a time in parallel and streamed to disk in order, so that
//! the whole file is never held in memory. `serve` keeps the pieces from one
//! build to the next, keyed by the fingerprint of what each shows: after an
//! edit to one findings file, a rebuild remakes one piece, not a thousand.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, RwLock};

use super::fingerprint::{combine, Prints};

/// A piece of a file: the platform's object in `scorecard.json`, or its
/// findings' entries in the `search.json` of one language and folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Piece<'a> {
    Json {
        edition: usize,
        platform: usize,
    },
    Search {
        edition: usize,
        platform: usize,
        lang: usize,
        base: &'a str,
    },
}

/// The pieces made by the last build and this one.
pub struct Pieces {
    /// Whether to keep the pieces for the next build. A one-shot build does
    /// not: it would only hold a second copy of its largest files.
    keep: bool,
    /// Per edition and platform, what its pieces show, from [`Pieces::prepare`].
    prints: RwLock<Vec<Vec<u64>>>,
    /// The pieces of the last build that this one has not used (yet).
    earlier: Mutex<HashMap<u64, Arc<[u8]>>>,
    /// The pieces this build used.
    now: Mutex<HashMap<u64, Arc<[u8]>>>,
}

impl Pieces {
    /// A store that keeps each build's pieces for the next.
    pub fn kept() -> Pieces {
        Pieces {
            keep: true,
            ..Pieces::one_shot()
        }
    }

    /// A store for one build, which makes every piece and keeps none.
    pub fn one_shot() -> Pieces {
        Pieces {
            keep: false,
            prints: RwLock::new(Vec::new()),
            earlier: Mutex::new(HashMap::new()),
            now: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a build whose inputs are fingerprinted by `prints`: the pieces
    /// the last build did not use are dropped, the others offered to this one.
    pub fn prepare(&self, prints: &Prints) {
        if !self.keep {
            return;
        }
        *self.prints.write().expect(UNPOISONED) = prints
            .editions
            .iter()
            .map(|e| {
                e.platforms
                    .iter()
                    .map(|p| combine((prints.global, e.edition, p.all)))
                    .collect()
            })
            .collect();
        let now = std::mem::take(&mut *self.now.lock().expect(UNPOISONED));
        *self.earlier.lock().expect(UNPOISONED) = now;
    }

    /// The bytes of `piece`, made by `make` unless an earlier build made them
    /// from the same inputs.
    pub fn get<E>(
        &self,
        piece: Piece,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        if !self.keep {
            return make().map(Arc::from);
        }
        let (edition, platform) = match piece {
            Piece::Json { edition, platform }
            | Piece::Search {
                edition, platform, ..
            } => (edition, platform),
        };
        let print = self.prints.read().expect(UNPOISONED)[edition][platform];
        let key = combine((piece, print));
        if let Some(bytes) = self.now.lock().expect(UNPOISONED).get(&key) {
            return Ok(bytes.clone());
        }
        let kept = self.earlier.lock().expect(UNPOISONED).remove(&key);
        let bytes = match kept {
            Some(bytes) => bytes,
            None => make()?.into(),
        };
        self.now
            .lock()
            .expect(UNPOISONED)
            .insert(key, bytes.clone());
        Ok(bytes)
    }
}

/// Platforms whose pieces are made at once (in parallel) before they are
/// written: what bounds the memory a large edition's file takes.
const AT_ONCE: usize = 64;

/// Adds to `array`, in order, the piece `make` makes of each of `0..count`,
/// made [`AT_ONCE`] at a time in parallel.
pub fn push_made(
    array: &mut LastArray,
    count: usize,
    make: impl Fn(usize) -> io::Result<Arc<[u8]>> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    for start in (0..count).step_by(AT_ONCE) {
        let made: Vec<Arc<[u8]>> = (start..count.min(start + AT_ONCE))
            .into_par_iter()
            .map(&make)
            .collect::<io::Result<_>>()?;
        for piece in &made {
            array.push(piece)?;
        }
    }
    Ok(())
}

/// Every lock here is held only to read or swap a value, never across a call
/// that could panic.
const UNPOISONED: &str = "no panic while holding the lock";

/// `value` as serde_json writes it pretty as an element of an array in the
/// root object (see [`LastArray`]): each line after the first
/// indented by four spaces. A JSON string holds no raw line break, so every
/// line break is one between tokens.
pub fn pretty_item<T: serde::Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let json = serde_json::to_string_pretty(value)?;
    Ok(json.replace('\n', "\n    ").into_bytes())
}

/// How serde_json laid out a document whose last value is an array (see
/// [`LastArray`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `to_vec_pretty`, the array a value of the root object.
    Pretty,
    /// `to_vec`.
    Compact,
}

/// Writes a document as serde_json would, with elements added to the array
/// that ends it: the document's pieces are streamed to `out` as they are
/// made, instead of joined in memory first (a `scorecard.json` is 100 MB at
/// a thousand platforms).
pub struct LastArray<'w> {
    out: &'w mut dyn Write,
    layout: Layout,
    /// Whether the array has no element yet.
    empty: bool,
}

impl<'w> LastArray<'w> {
    /// Starts writing `doc`, serde_json's writing of the document with the
    /// array as it is so far: with no element when pretty (`…[]\n}`), with
    /// any when compact (`…]}`).
    pub fn start(out: &'w mut dyn Write, doc: &[u8], layout: Layout) -> io::Result<LastArray<'w>> {
        let end: &[u8] = match layout {
            Layout::Pretty => b"[]\n}",
            Layout::Compact => b"]}",
        };
        let Some(head) = doc.strip_suffix(end) else {
            return Err(io::Error::other("the document does not end in an array"));
        };
        out.write_all(head)?;
        let empty = match layout {
            Layout::Pretty => {
                out.write_all(b"[")?;
                true
            }
            Layout::Compact => head.ends_with(b"["),
        };
        Ok(LastArray { out, layout, empty })
    }

    /// Adds `item`: one element written by [`pretty_item`] when pretty; a run
    /// of elements separated by commas, or nothing, when compact.
    pub fn push(&mut self, item: &[u8]) -> io::Result<()> {
        if item.is_empty() && self.layout == Layout::Compact {
            return Ok(());
        }
        let separator: &[u8] = match (self.layout, self.empty) {
            (Layout::Pretty, true) => b"\n    ",
            (Layout::Pretty, false) => b",\n    ",
            (Layout::Compact, true) => b"",
            (Layout::Compact, false) => b",",
        };
        self.out.write_all(separator)?;
        self.empty = false;
        self.out.write_all(item)
    }

    /// Closes the array and the document.
    pub fn finish(self) -> io::Result<()> {
        let end: &[u8] = match (self.layout, self.empty) {
            (Layout::Pretty, true) => b"]\n}",
            (Layout::Pretty, false) => b"\n  ]\n}",
            (Layout::Compact, _) => b"]}",
        };
        self.out.write_all(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Doc<T> {
        title: &'static str,
        items: Vec<T>,
    }

    fn values() -> Vec<serde_json::Value> {
        vec![
            serde_json::json!({"slug": "a", "scores": [1.5, null, {"rank": 2}], "empty": {}}),
            serde_json::json!({"slug": "b", "quote": "two\nlines, \"quoted\"", "list": []}),
            serde_json::json!({"slug": "c"}),
        ]
    }

    /// `doc` with `items` added to its last array by [`LastArray`].
    fn with_items(doc: &[u8], layout: Layout, items: &[Vec<u8>]) -> String {
        let mut out = Vec::new();
        let mut array = LastArray::start(&mut out, doc, layout).unwrap();
        for item in items {
            array.push(item).unwrap();
        }
        array.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn items_fill_a_pretty_array_as_serde_json_writes_it_whole() {
        for n in 0..=3 {
            let values = &values()[..n];
            let whole = serde_json::to_string_pretty(&Doc {
                title: "t",
                items: values.to_vec(),
            })
            .unwrap();
            let empty = serde_json::to_vec_pretty(&Doc::<()> {
                title: "t",
                items: vec![],
            })
            .unwrap();
            let items: Vec<Vec<u8>> = values.iter().map(|v| pretty_item(v).unwrap()).collect();
            assert_eq!(with_items(&empty, Layout::Pretty, &items), whole);
        }
    }

    #[test]
    fn runs_of_elements_extend_a_compact_array_as_serde_json_writes_it_whole() {
        let all = values();
        for head in 0..=3 {
            let whole = serde_json::to_string(&Doc {
                title: "t",
                items: all.clone(),
            })
            .unwrap();
            let start = serde_json::to_vec(&Doc {
                title: "t",
                items: all[..head].to_vec(),
            })
            .unwrap();
            // The rest in runs of one, none and the others.
            let run = |values: &[serde_json::Value]| -> Vec<u8> {
                let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                texts.join(",").into_bytes()
            };
            let rest = &all[head..];
            let split = rest.len().min(1);
            let items = [run(&rest[..split]), run(&[]), run(&rest[split..])];
            assert_eq!(with_items(&start, Layout::Compact, &items), whole);
        }
    }

    #[test]
    fn pieces_made_a_few_at_a_time_are_written_in_order() {
        let count = AT_ONCE * 2 + 3;
        let mut out = Vec::new();
        let mut array = LastArray::start(&mut out, br#"{"items":[]}"#, Layout::Compact).unwrap();
        push_made(&mut array, count, |i| Ok(i.to_string().into_bytes().into())).unwrap();
        array.finish().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let expected: Vec<usize> = (0..count).collect();
        assert_eq!(doc["items"], serde_json::json!(expected));
    }

    #[test]
    fn a_document_not_ending_in_an_array_is_refused() {
        let mut out = Vec::new();
        assert!(LastArray::start(&mut out, b"{\"a\":1}", Layout::Compact).is_err());
        assert!(LastArray::start(&mut out, b"{\n  \"a\": [1]\n}", Layout::Pretty).is_err());
    }

    #[test]
    fn a_kept_piece_is_made_again_only_when_its_inputs_change() {
        use crate::render::fingerprint::{EditionPrints, PlatformPrints};
        let prints = |all: u64| Prints {
            global: 1,
            editions: vec![EditionPrints {
                edition: 2,
                ranks: 3,
                platforms: vec![PlatformPrints {
                    facts: 0,
                    actions: vec![],
                    scores: 0,
                    ratings: 0,
                    ranks: 0,
                    action_shown: vec![],
                    all,
                }],
            }],
        };
        let piece = Piece::Json {
            edition: 0,
            platform: 0,
        };
        let pieces = Pieces::kept();
        let made = std::cell::Cell::new(0);
        let make = |text: &str| {
            made.set(made.get() + 1);
            Ok::<_, ()>(text.as_bytes().to_vec())
        };
        pieces.prepare(&prints(10));
        let get = |pieces: &Pieces, text| pieces.get(piece, || make(text)).unwrap();
        assert_eq!(&*get(&pieces, "one"), b"one");
        pieces.prepare(&prints(10));
        assert_eq!(&*get(&pieces, "two"), b"one");
        assert_eq!(made.get(), 1);
        pieces.prepare(&prints(11));
        assert_eq!(&*get(&pieces, "three"), b"three");
        assert_eq!(made.get(), 2);

        // A one-shot store makes every piece and keeps none.
        let once = Pieces::one_shot();
        once.prepare(&prints(10));
        assert_eq!(&*get(&once, "four"), b"four");
        assert_eq!(&*get(&once, "five"), b"five");
        assert!(once.now.lock().unwrap().is_empty());
    }
}
