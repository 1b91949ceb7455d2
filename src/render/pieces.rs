//! The largest files of a site, `scorecard.json` and `search.json`, hold
//! something of every platform. Each is made of one piece per platform,
//! made apart (in parallel) and joined. `serve` keeps the pieces from one
//! build to the next, keyed by the fingerprint of what each shows: after an
//! edit to one findings file, a rebuild remakes one piece, not a thousand.

use std::collections::HashMap;
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

/// Every lock here is held only to read or swap a value, never across a call
/// that could panic.
const UNPOISONED: &str = "no panic while holding the lock";

/// `value` as serde_json writes it pretty as an element of an array in the
/// root object (see [`fill_last_array_pretty`]): each line after the first
/// indented by four spaces. A JSON string holds no raw line break, so every
/// line break is one between tokens.
pub fn pretty_item<T: serde::Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let json = serde_json::to_string_pretty(value)?;
    Ok(json.replace('\n', "\n    ").into_bytes())
}

/// `doc`, which serde_json wrote pretty and which ends in an empty array
/// (`[]`) closing its root object, with `items` (each written pretty at its
/// depth in the document, 2) put in the array, laid out as serde_json lays
/// out an array of that depth.
pub fn fill_last_array_pretty(mut doc: Vec<u8>, items: &[Arc<[u8]>]) -> Vec<u8> {
    const END: &[u8] = b"[]\n}";
    if items.is_empty() || !doc.ends_with(END) {
        return doc;
    }
    doc.truncate(doc.len() - END.len());
    doc.reserve(items.iter().map(|i| i.len() + 6).sum::<usize>() + 8);
    doc.push(b'[');
    for (n, item) in items.iter().enumerate() {
        doc.extend_from_slice(if n == 0 { b"\n    " } else { b",\n    " });
        doc.extend_from_slice(item);
    }
    doc.extend_from_slice(b"\n  ]\n}");
    doc
}

/// `doc`, which serde_json wrote compact and which ends in an array closing
/// its root object (`…]}`), with `items` added at the end of the array. Each
/// item is a run of the array's elements, separated by commas, or nothing.
pub fn extend_last_array_compact(mut doc: Vec<u8>, items: &[Arc<[u8]>]) -> Vec<u8> {
    const END: &[u8] = b"]}";
    if !doc.ends_with(END) {
        return doc;
    }
    doc.truncate(doc.len() - END.len());
    doc.reserve(items.iter().map(|i| i.len() + 1).sum::<usize>() + END.len());
    for item in items.iter().filter(|i| !i.is_empty()) {
        if doc.last() != Some(&b'[') {
            doc.push(b',');
        }
        doc.extend_from_slice(item);
    }
    doc.extend_from_slice(END);
    doc
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

    #[test]
    fn pieces_fill_a_pretty_array_as_serde_json_writes_it_whole() {
        for n in 0..=3 {
            let values = &values()[..n];
            let whole = serde_json::to_vec_pretty(&Doc {
                title: "t",
                items: values.to_vec(),
            })
            .unwrap();
            let empty = serde_json::to_vec_pretty(&Doc::<()> {
                title: "t",
                items: vec![],
            })
            .unwrap();
            let items: Vec<Arc<[u8]>> = values
                .iter()
                .map(|v| pretty_item(v).unwrap().into())
                .collect();
            let joined = fill_last_array_pretty(empty, &items);
            assert_eq!(
                String::from_utf8(joined).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    #[test]
    fn runs_of_elements_extend_a_compact_array_as_serde_json_writes_it_whole() {
        let all = values();
        for head in 0..=3 {
            let whole = serde_json::to_vec(&Doc {
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
            let run = |values: &[serde_json::Value]| -> Arc<[u8]> {
                let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                texts.join(",").into_bytes().into()
            };
            let rest = &all[head..];
            let split = rest.len().min(1);
            let items = [run(&rest[..split]), run(&[]), run(&rest[split..])];
            let joined = extend_last_array_compact(start, &items);
            assert_eq!(
                String::from_utf8(joined).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
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
