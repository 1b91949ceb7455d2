//! What a build keeps of the values it made, shared by threads: a short list
//! of those looked up last ([`Recent`]: the things made per platform, parsed
//! findings or rationales as HTML, instead of every platform's), and a
//! bounded memo of small values made again and again ([`Memo`]: dates as a
//! language writes them, widths of text).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};

pub struct Recent<K, V> {
    capacity: usize,
    list: Mutex<VecDeque<(K, V)>>,
}

impl<K: PartialEq, V: Clone> Recent<K, V> {
    pub fn new(capacity: usize) -> Recent<K, V> {
        Recent {
            capacity,
            list: Mutex::new(VecDeque::with_capacity(capacity)),
        }
    }

    /// The value of `key`, if it is one of the last `capacity` kept.
    pub fn get(&self, key: &K) -> Option<V> {
        self.list()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value` for `key`, letting go of the oldest kept when full.
    pub fn keep(&self, key: K, value: V) {
        let mut list = self.list();
        if list.len() == self.capacity {
            list.pop_front();
        }
        list.push_back((key, value));
    }

    fn list(&self) -> MutexGuard<'_, VecDeque<(K, V)>> {
        // Each change is one call that cannot panic halfway: a lock poisoned
        // by a panic elsewhere holds a whole list.
        self.list.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<K, V> std::fmt::Debug for Recent<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recent")
            .field("capacity", &self.capacity)
            .finish()
    }
}

/// Values made before, by key: up to `bound` of them, all let go at once
/// when that many are kept, so that a long `serve` stays bounded.
pub struct Memo<K, V> {
    bound: usize,
    made: Mutex<HashMap<K, V>>,
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    pub fn new(bound: usize) -> Memo<K, V> {
        Memo {
            bound,
            made: Mutex::default(),
        }
    }

    /// The value of `key`, made by `make` unless it was made before. `make`
    /// runs without the lock held: two threads may both make a value.
    pub fn get_or_make(&self, key: K, make: impl FnOnce(&K) -> V) -> V {
        if let Some(value) = self.made().get(&key) {
            return value.clone();
        }
        let value = make(&key);
        let mut made = self.made();
        if made.len() >= self.bound {
            made.clear();
        }
        made.insert(key, value.clone());
        value
    }

    fn made(&self) -> MutexGuard<'_, HashMap<K, V>> {
        // As for `Recent`: no change is left halfway by a panic.
        self.made.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<K, V> std::fmt::Debug for Memo<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo").field("bound", &self.bound).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Memo, Recent};

    #[test]
    fn a_memo_makes_each_value_once_and_lets_all_go_when_full() {
        let memo = Memo::new(2);
        let made = std::cell::Cell::new(0);
        let double = |k: &u32| {
            made.set(made.get() + 1);
            k * 2
        };
        assert_eq!(memo.get_or_make(1, double), 2);
        assert_eq!(memo.get_or_make(1, double), 2);
        assert_eq!(memo.get_or_make(2, double), 4);
        assert_eq!(made.get(), 2);
        // Full: the third value lets the first two go.
        assert_eq!(memo.get_or_make(3, double), 6);
        assert_eq!(memo.get_or_make(3, double), 6);
        assert_eq!(made.get(), 3);
        assert_eq!(memo.get_or_make(1, double), 2);
        assert_eq!(made.get(), 4);
    }

    #[test]
    fn keeps_the_last_values_and_lets_the_oldest_go() {
        let recent = Recent::new(2);
        recent.keep(1, "one");
        recent.keep(2, "two");
        assert_eq!(recent.get(&1), Some("one"));
        recent.keep(3, "three");
        assert_eq!(recent.get(&1), None);
        assert_eq!(
            (recent.get(&2), recent.get(&3)),
            (Some("two"), Some("three"))
        );
    }
}
