//! The rationales of a platform's findings as safe HTML, made once for the
//! pages rendered together. A rationale shows on its platform's report and on
//! its action's page, and the latest edition's pages are built twice (at their
//! permalink and at the root): sanitising it once instead of up to four times
//! was the largest saving of a large build. The pages that show a platform
//! are rendered close together (see `Planned::evidence_group`), so keeping
//! the platforms seen last keeps nearly all of that saving without holding
//! every rationale of a large site.

use std::sync::Arc;

use crate::recent::Recent;

/// Platforms (of one edition, in one language) whose rationales are kept at once.
const RECENT: usize = 320;

/// One platform's rationales, in the order of its findings.
pub type PlatformRationales = Arc<[Option<String>]>;

/// Shared by the pages rendered in parallel.
pub struct Rationales {
    recent: Recent<(usize, usize, usize), PlatformRationales>,
}

impl Default for Rationales {
    fn default() -> Rationales {
        Rationales {
            recent: Recent::new(RECENT),
        }
    }
}

impl Rationales {
    pub fn new() -> Rationales {
        Rationales::default()
    }

    /// The rationales of one platform of one edition in language `lang`,
    /// made by `make` unless they were made recently.
    pub fn of(
        &self,
        edition: usize,
        platform: usize,
        lang: usize,
        make: impl FnOnce() -> Vec<Option<String>>,
    ) -> PlatformRationales {
        let key = (edition, platform, lang);
        if let Some(made) = self.recent.get(&key) {
            return made;
        }
        // Made outside the lock: two pages may make the same rationales at
        // once, which costs a little time but never blocks either.
        let made: PlatformRationales = make().into();
        self.recent.keep(key, made.clone());
        made
    }
}
