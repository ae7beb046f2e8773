//! Stable hashes: the same bytes give the same hash on every platform, with every Rust
//! release and in every run (std's `DefaultHasher` promises none of that), for names and
//! keys that end up in the output: a stylesheet's hashed file name, the key a PNG carries
//! of the SVG it was drawn from.

/// FNV-1a, 64 bits: tiny, and stable by definition. Not for hash tables an attacker fills
/// (it is not keyed), only for naming what a build makes.
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// The hash of `bytes` alone.
    pub fn of(bytes: &[u8]) -> u64 {
        let mut hash = Fnv1a::default();
        hash.write(bytes);
        hash.finish()
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// `part` and then a 0xff byte, which no UTF-8 text holds: parts written so cannot
    /// run into each other ("ab" + "c" and "a" + "bc" hash differently).
    pub fn write_part(&mut self, part: &[u8]) {
        self.write(part);
        self.write(&[0xff]);
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_values_of_fnv1a() {
        // From the FNV reference (draft-eastlake-fnv): the empty text and "a".
        assert_eq!(Fnv1a::of(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fnv1a::of(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv1a::of(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn parts_do_not_run_into_each_other() {
        let of = |parts: &[&str]| {
            let mut hash = Fnv1a::default();
            for part in parts {
                hash.write_part(part.as_bytes());
            }
            hash.finish()
        };
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_eq!(of(&["ab", "c"]), of(&["ab", "c"]));
    }
}
