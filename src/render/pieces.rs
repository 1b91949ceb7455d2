//! The largest files of a site, `scorecard.json` and `search.json`, hold
//! something of every platform. Each is made of one piece per platform,
//! made a few at a time in parallel and streamed to disk in order, so that
//! the whole file is never held in memory. The files of an edition are
//! written together, so that each platform's findings, read again from
//! disk in a large build, are read once for all of them. `serve` keeps the
//! pieces from one build to the next, keyed by the fingerprint of what each
//! shows: after an edit to one findings file, a rebuild remakes one piece,
//! not a thousand.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, RwLock};

use super::fingerprint::{combine, Prints};
use crate::evidence::Findings;

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

/// A file of a piece per platform of an edition: a document whose last
/// array holds them (see [`LastArray`]).
pub struct ArrayFile<'a> {
    /// serde_json's writing of the document, as [`LastArray::start`] takes it.
    pub doc: Vec<u8>,
    pub layout: Layout,
    /// The piece of platform `i`, and its bytes made from its findings.
    pub piece: Box<dyn Fn(usize) -> Piece<'a> + Sync + 'a>,
    pub make: Box<MakePiece<'a>>,
}

/// Makes the bytes of platform `i`'s piece from its findings.
pub type MakePiece<'a> = dyn Fn(usize, &Findings) -> io::Result<Vec<u8>> + Sync + 'a;

/// Writes each of `files` to the writer of the same index in `outs`, with
/// the pieces of platforms `0..count`, each file ending in a line break. The
/// pieces are made [`AT_ONCE`] platforms at a time in parallel, and each
/// platform's findings (from `findings`) are read at most once for all the
/// files, and not at all when `pieces` kept every piece of it.
pub fn write_arrays(
    files: &[ArrayFile],
    outs: &mut [&mut dyn Write],
    count: usize,
    pieces: &Pieces,
    findings: &(dyn Fn(usize) -> io::Result<Arc<Findings>> + Sync),
) -> io::Result<()> {
    use rayon::prelude::*;
    let mut arrays = Vec::with_capacity(files.len());
    for (file, out) in files.iter().zip(outs.iter_mut()) {
        arrays.push(LastArray::start(&mut **out, &file.doc, file.layout)?);
    }
    let made_for = |i: usize| -> io::Result<Vec<Arc<[u8]>>> {
        let mut read = None;
        let mut made = Vec::with_capacity(files.len());
        for file in files {
            made.push(pieces.get((file.piece)(i), || {
                let findings = match &read {
                    Some(findings) => Arc::clone(findings),
                    None => read.insert(findings(i)?).clone(),
                };
                (file.make)(i, &findings)
            })?);
        }
        Ok(made)
    };
    for start in (0..count).step_by(AT_ONCE) {
        let made: Vec<Vec<Arc<[u8]>>> = (start..count.min(start + AT_ONCE))
            .into_par_iter()
            .map(made_for)
            .collect::<io::Result<_>>()?;
        for platform in &made {
            for (array, piece) in arrays.iter_mut().zip(platform) {
                array.push(piece)?;
            }
        }
    }
    for array in arrays {
        array.finish()?;
    }
    for out in outs {
        out.write_all(b"\n")?;
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
    fn pieces_made_a_few_at_a_time_are_written_in_order_reading_findings_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let count = AT_ONCE * 2 + 3;
        let file = |layout, doc: &[u8], base: &'static str| ArrayFile {
            doc: doc.to_vec(),
            layout,
            piece: Box::new(move |platform| Piece::Search {
                edition: 0,
                platform,
                lang: 0,
                base,
            }),
            make: Box::new(move |i, findings: &Findings| {
                assert!(findings.is_empty());
                Ok(match layout {
                    Layout::Compact => i.to_string().into_bytes(),
                    Layout::Pretty => format!("\"{base}{i}\"").into_bytes(),
                })
            }),
        };
        let files = [
            file(Layout::Compact, br#"{"items":[]}"#, ""),
            file(Layout::Pretty, b"{\n  \"items\": []\n}", "p"),
        ];
        let reads = AtomicUsize::new(0);
        let (mut compact, mut pretty) = (Vec::new(), Vec::new());
        let mut outs: [&mut dyn Write; 2] = [&mut compact, &mut pretty];
        let findings = |_| {
            reads.fetch_add(1, Ordering::Relaxed);
            Ok(Arc::new(Findings::new()))
        };
        write_arrays(&files, &mut outs, count, &Pieces::one_shot(), &findings).unwrap();
        assert_eq!(
            reads.into_inner(),
            count,
            "one read per platform for both files"
        );
        let expected: Vec<usize> = (0..count).collect();
        let doc: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        assert_eq!(doc["items"], serde_json::json!(expected));
        let doc: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        let names: Vec<String> = expected.iter().map(|i| format!("p{i}")).collect();
        assert_eq!(doc["items"], serde_json::json!(names));
        assert!(compact.ends_with(b"]}\n") && pretty.ends_with(b"\n  ]\n}\n"));
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
