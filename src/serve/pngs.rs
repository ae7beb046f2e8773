//! The preview's PNGs: drawn off the thread that answers requests, and kept.
//!
//! A PNG is drawn when a page asks for it (never on an edit). It was drawn on the one
//! thread that answers every request, and not kept: one share image of a long title took
//! 10.5 s, every page load waited behind it, and asking again cost the same (issue 26,
//! case 9). Now the drawing runs on tokio's blocking pool while other requests are
//! answered, and its bytes are kept by the key of what they were drawn from
//! ([`crate::raster::key`]: the SVG and the scale), so an unchanged chart is not drawn
//! again after a rebuild either. What is kept is bounded ([`KEEP_BYTES`]).

use bytes::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;

/// At most this many bytes of PNG are kept; past it, the oldest half goes. (This site's
/// 44 charts and 106 share images are about 4 MB of PNG.)
const KEEP_BYTES: usize = 64 * 1024 * 1024;

/// PNGs drawn, by the key of their SVG and scale.
#[derive(Default)]
pub struct Pngs {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    by_key: HashMap<String, (u64, Bytes)>,
    bytes: usize,
    /// Counts insertions, to tell the oldest.
    clock: u64,
}

impl Pngs {
    /// The PNG drawn from `key`, if it is kept.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.by_key.get(key).map(|(_, png)| png.clone())
    }

    /// Keeps `png`, drawn from `key`.
    pub fn keep(&self, key: String, png: Bytes) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if png.len() > KEEP_BYTES {
            return;
        }
        if kept.bytes + png.len() > KEEP_BYTES {
            // The oldest half goes: rare, and simpler than a list in order of use.
            let mut ages: Vec<u64> = kept.by_key.values().map(|(age, _)| *age).collect();
            ages.sort_unstable();
            let cut = ages.get(ages.len() / 2).copied().unwrap_or(0);
            kept.by_key.retain(|_, (age, _)| *age >= cut);
            kept.bytes = kept.by_key.values().map(|(_, png)| png.len()).sum();
        }
        kept.clock += 1;
        let age = kept.clock;
        kept.bytes += png.len();
        if let Some((_, old)) = kept.by_key.insert(key, (age, png)) {
            kept.bytes -= old.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_pngs_are_kept_within_a_bound() {
        let pngs = Pngs::default();
        assert!(pngs.get("a").is_none());
        pngs.keep("a".into(), Bytes::from_static(b"png a"));
        assert_eq!(pngs.get("a").as_deref(), Some(&b"png a"[..]));
        pngs.keep("a".into(), Bytes::from_static(b"png a again"));
        assert_eq!(pngs.kept.lock().unwrap().bytes, 11);
        // Past the bound, the oldest go and the newest stays.
        let big = Bytes::from(vec![0u8; KEEP_BYTES / 3]);
        for key in ["b", "c", "d", "e"] {
            pngs.keep(key.into(), big.clone());
        }
        let kept = pngs.kept.lock().unwrap();
        assert!(kept.bytes <= KEEP_BYTES);
        assert!(kept.by_key.contains_key("e"));
        assert!(!kept.by_key.contains_key("a"));
    }
}
