//! A short list of the values looked up last, shared by threads: what a
//! large build keeps of the things it makes per platform (parsed findings,
//! rationales as HTML), instead of keeping every platform's.

use std::collections::VecDeque;
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

#[cfg(test)]
mod tests {
    use super::Recent;

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
