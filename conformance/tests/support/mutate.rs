//! Seeded random numbers and byte-level mutations of valid encodings, for the property tests.

/// A small deterministic generator (SplitMix64), so a failing seed reproduces exactly.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Bytes that mean something to one of the three decoders: JSON and TOML punctuation and
/// escapes, MessagePack headers (containers, strings and extensions with large lengths), UTF-8
/// lead bytes.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"\\",
    b"\\u",
    b"\\ud800",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"=",
    b"\n",
    b"null",
    b"-",
    b"0",
    b"1e999",
    b"-9223372036854775809",
    b"18446744073709551616",
    b"[[",
    b"\"\"\"",
    b"nan",
    b"inf",
    b"1979-05-27T07:32:00Z",
    &[0x00],
    &[0x7f],
    &[0xff],
    &[0xc0],
    &[0xc1],
    &[0xdc, 0xff, 0xff],
    &[0xdd, 0xff, 0xff, 0xff, 0xff],
    &[0xdf, 0xff, 0xff, 0xff, 0xff],
    &[0xdb, 0xff, 0xff, 0xff, 0xff],
    &[0xc6, 0xff, 0xff, 0xff, 0xff],
    &[0xc9, 0xff, 0xff, 0xff, 0xff, 0x01],
    &[0xd6, 0xff, 0x00, 0x00, 0x00, 0x00],
    &[0xd7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    &[0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0],
    &[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    &[0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0],
    &[0xed, 0xa0, 0x80],
    &[0xf0, 0x9f, 0x98],
];

/// One random mutation of `bytes`: a bit flip, a truncation, a byte inserted, deleted or
/// replaced, a range deleted or duplicated, an interesting token inserted, or a splice with
/// `other` (another valid encoding).
pub fn mutate(rng: &mut Rng, bytes: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let len = out.len();
    let at = rng.below(len + 1);
    match rng.below(9) {
        0 if len > 0 => {
            let at = rng.below(len);
            out[at] ^= 1 << rng.below(8);
        }
        1 => out.truncate(at),
        2 => out.insert(at, rng.next_u64() as u8),
        3 if len > 0 => {
            out.remove(rng.below(len));
        }
        4 if len > 0 => {
            let at = rng.below(len);
            out[at] = rng.next_u64() as u8;
        }
        5 => {
            let end = (at + 1 + rng.below(16)).min(len);
            out.drain(at..end);
        }
        6 => {
            let end = (at + 1 + rng.below(16)).min(len);
            let piece = out[at..end].to_vec();
            let to = rng.below(out.len() + 1);
            out.splice(to..to, piece);
        }
        7 => {
            let token = INTERESTING[rng.below(INTERESTING.len())];
            out.splice(at..at, token.iter().copied());
        }
        _ => {
            // Splice: the head of this encoding, the tail of the other.
            let from = rng.below(other.len() + 1);
            out.truncate(at);
            out.extend_from_slice(&other[from..]);
        }
    }
    out
}

/// One to three stacked mutations.
pub fn mutate_some(rng: &mut Rng, bytes: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = mutate(rng, bytes, other);
    for _ in 0..rng.below(3) {
        out = mutate(rng, &out, other);
    }
    out
}
