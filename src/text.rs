//! Building messages without `core::fmt`: appending integers and quoted user input to a
//! `String`. `format!` and `to_string` pull the formatting machinery (and, for `f64`, the float
//! printing tables) into the wasm; these few helpers are all the messages need.

use crate::prelude::*;
/// How many characters of user input a message quotes before cutting it with "…".
const QUOTE_CHARS: usize = 200;

/// Appends `n` in decimal.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    // The leading digits first: at most 19 calls deep (u64::MAX has 20 digits).
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0'.wrapping_add((n % 10) as u8)));
}

/// Appends `n` in decimal.
pub(crate) fn push_usize(out: &mut String, n: usize) {
    push_u64(out, n as u64);
}

/// `n` in decimal.
pub(crate) fn dec(n: usize) -> String {
    let mut s = String::new();
    push_usize(&mut s, n);
    s
}

/// Appends `n` in lower-case hexadecimal, without leading zeros: at least one digit, and at
/// least `min_digits` (zero-padded).
pub(crate) fn push_hex(out: &mut String, n: u32, min_digits: u32) {
    // The leading digits first: at most 8 calls deep for the `min_digits` callers use.
    if n >= 16 || min_digits > 1 {
        push_hex(out, n >> 4, min_digits.saturating_sub(1));
    }
    out.push(b"0123456789abcdef".get((n & 0xf) as usize).map_or('0', |&h| char::from(h)));
}

/// The byte offset of the first `needle` in `hay` (a plain scan: the needles here are a few
/// bytes, and `str::find` with a `&str` pattern links a two-way searcher).
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(n.len()).position(|w| w == n)
}

/// The byte offset of the first ASCII byte `b` in `s`. A plain scan: `str::find` with a `char`
/// links core's char searcher and `memchr`, and every needle here is ASCII (so the offset is a
/// char boundary).
pub(crate) fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.as_bytes().iter().position(|c| *c == b)
}

/// `s` split around the first ASCII byte `b`, as `str::split_once(char)` does.
pub(crate) fn split_once_byte(s: &str, b: u8) -> Option<(&str, &str)> {
    let i = find_byte(s, b)?;
    Some((s.get(..i)?, s.get(i.wrapping_add(1)..)?))
}

/// The pieces of `s` between ASCII bytes `b`, as `str::split(char)` gives them.
pub(crate) fn split_byte(s: &str, b: u8) -> SplitByte<'_> {
    SplitByte { rest: Some(s), b }
}

/// See [`split_byte`].
pub(crate) struct SplitByte<'a> {
    rest: Option<&'a str>,
    b: u8,
}

impl<'a> Iterator for SplitByte<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        Some(match split_once_byte(rest, self.b) {
            Some((piece, after)) => {
                self.rest = Some(after);
                piece
            }
            None => {
                self.rest = None;
                rest
            }
        })
    }
}

/// What follows the last `sep` in `s` (all of `s` without one): `rsplit(sep).next()` without
/// the reverse splitter's generic code. `sep` is ASCII, so the cut is on a char boundary.
pub(crate) fn after_last(s: &str, sep: u8) -> &str {
    // One forward pass remembering where the piece after the latest `sep` starts: smaller than
    // `rposition`'s reverse iterator, and these strings are short.
    let mut start = 0;
    let mut i = 0usize;
    for &b in s.as_bytes() {
        // At most `s.len()`: no overflow.
        i = i.wrapping_add(1);
        if b == sep {
            start = i;
        }
    }
    s.get(start..).unwrap_or("")
}

/// `bytes` as text when they are UTF-8 (RFC 3629 §4: shortest forms only, no surrogates, at
/// most U+10FFFF), as `core::str::from_utf8` decides, in a plain byte loop: core's version,
/// with its word-at-a-time ASCII scan and width table, was 683 B of the module's code.
pub(crate) fn utf8(bytes: &[u8]) -> Option<&str> {
    let mut rest = bytes;
    loop {
        // ASCII, most of every body and name, eight bytes at a time.
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            if u64::from_le_bytes(*word) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            rest = tail;
        }
        let Some((&b, tail)) = rest.split_first() else { break };
        rest = tail;
        // The range the next byte must fall in, and how many continuation bytes follow it.
        let (lo, hi, more) = match b {
            0..=0x7F => continue,
            0xC2..=0xDF => (0x80, 0xBF, 0),
            0xE0 => (0xA0, 0xBF, 1),
            0xED => (0x80, 0x9F, 1),
            0xE1..=0xEF => (0x80, 0xBF, 1),
            0xF0 => (0x90, 0xBF, 2),
            0xF1..=0xF3 => (0x80, 0xBF, 2),
            0xF4 => (0x80, 0x8F, 2),
            _ => return None,
        };
        let mut range = lo..=hi;
        for _ in 0..=more {
            match rest.split_first() {
                Some((c, tail)) if range.contains(c) => rest = tail,
                _ => return None,
            }
            range = 0x80..=0xBF;
        }
    }
    // SAFETY: every byte was checked above to be part of a well-formed UTF-8 sequence, which is
    // what `from_utf8` checks before it makes the same `&str`.
    Some(unsafe { core::str::from_utf8_unchecked(bytes) })
}

/// `s` with ASCII letters lower-cased: `str::to_ascii_lowercase` as a copy lower-cased in
/// place, which links no code of its own beside `to_owned`'s.
pub(crate) fn lower(s: &str) -> String {
    let mut out = s.to_owned();
    out.make_ascii_lowercase();
    out
}

/// `parts` concatenated.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The `INVALID_ARGUMENT` refusal `{what} "{text}" {rest}` (`text` quoted by [`push_quoted`]).
pub(crate) fn refusal(what: &str, text: &str, rest: &str) -> crate::status::Error {
    let mut m = String::from(what);
    m.push(' ');
    push_quoted(&mut m, text);
    m.push(' ');
    m.push_str(rest);
    crate::status::Status::invalid_argument(m)
}

/// Appends `s` in double quotes, cut to 200 characters (on a char boundary) with "…", with
/// control and invisible formatting characters shown as `\u{..}` so messages stay readable and
/// never huge.
pub(crate) fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    let mut left = QUOTE_CHARS;
    for c in s.chars() {
        if left == 0 {
            out.push('…');
            break;
        }
        // Not zero, just checked.
        left = left.wrapping_sub(1);
        push_visible(out, c);
    }
    out.push('"');
}

/// Appends `c`, or `\u{hex}` when it is a control character or an invisible formatting
/// character (zero-width, bidi controls, BOM) that could make a message misleading.
pub(crate) fn push_visible(out: &mut String, c: char) {
    let invisible =
        matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
    if c.is_control() || invisible {
        out.push_str("\\u{");
        push_hex(out, u32::from(c), 1);
        out.push('}');
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scans give what `str`'s char-pattern methods give, for any text (non-ASCII
    /// included) and the ASCII separators the crate splits at.
    fn same_as_std(s: &str, b: u8) {
        let c = char::from(b);
        assert_eq!(find_byte(s, b), s.find(c), "{s:?} {c:?}");
        assert_eq!(split_once_byte(s, b), s.split_once(c), "{s:?} {c:?}");
        assert!(split_byte(s, b).eq(s.split(c)), "{s:?} {c:?}");
    }

    #[test]
    fn byte_scans_match_str_methods() {
        for s in ["", "/", "//", "a", "a/b", "a/b/", "/a", "é/ü/😀", "a::b:", ":", "x.y.z", "\u{0}/\u{0}"] {
            for b in [b'/', b':', b'.', b'\n', b'\t', b','] {
                same_as_std(s, b);
            }
            for needle in ["", "/", "//", "://", "a/b", "b:", "😀", "é/ü/😀/"] {
                assert_eq!(find(s, needle), s.find(needle), "{s:?} {needle:?}");
            }
        }
    }

    // proptest is a native dev-dependency only (the browser tests build this module for wasm).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn utf8_agrees_with_core_on_any_bytes(b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            proptest::prop_assert_eq!(utf8(&b), core::str::from_utf8(&b).ok());
        }

        #[test]
        fn byte_scans_match_str_methods_on_any_text(s in "(\\PC|[/:.,|])*", i in 0usize..6) {
            same_as_std(&s, [b'/', b':', b'.', b',', b'|', b'='][i]);
        }
    }

    /// `utf8` accepts exactly what `core::str::from_utf8` accepts: every 1- to 4-byte sequence
    /// at the edges of each range (overlong forms, surrogates, past U+10FFFF, cut short), alone
    /// and between ASCII.
    #[test]
    fn utf8_agrees_with_core() {
        let edges = [
            0x00u8, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ];
        let mut cases = 0;
        for &a in &edges {
            for &b in &edges {
                for &c in &edges {
                    for &d in &edges {
                        for seq in [&[a][..], &[a, b], &[a, b, c], &[a, b, c, d], &[b'x', a, b, c, d, b'y']] {
                            assert_eq!(utf8(seq), core::str::from_utf8(seq).ok(), "{seq:x?}");
                            cases += 1;
                        }
                    }
                }
            }
        }
        assert!(cases > 1_000_000);
        for s in ["", "plain", "é", "€", "😀", "\u{10FFFF}", "a\u{0}b", "projects/p/operations/é😀"] {
            assert_eq!(utf8(s.as_bytes()), Some(s));
        }
    }

    #[test]
    fn lower_is_to_ascii_lowercase() {
        for s in ["", "HTTPS", "GKEHub.GoogleAPIs.com", "É/ü/😀Z", "a-Z_0"] {
            assert_eq!(lower(s), s.to_ascii_lowercase());
        }
    }

    #[test]
    fn after_last_is_the_last_split_piece() {
        for s in ["", "/", "a", "a/b", "a/b/", "/a", "type.googleapis.com/google.rpc.ErrorInfo", "é/ü/😀", "v1/admin"]
        {
            for sep in [b'/', b'.'] {
                assert_eq!(after_last(s, sep), s.rsplit(char::from(sep)).next().unwrap(), "{s:?} {sep}");
            }
        }
    }

    #[test]
    fn integers_and_hex() {
        for n in [0u64, 1, 9, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        for (n, min, want) in
            [(0u32, 1, "0"), (0x1f, 1, "1f"), (0x1f, 4, "001f"), (0xfeff, 4, "feff"), (0x10ffff, 1, "10ffff")]
        {
            let mut s = String::new();
            push_hex(&mut s, n, min);
            assert_eq!(s, want);
        }
        let mut s = String::new();
        push_visible(&mut s, '\u{1}');
        push_visible(&mut s, '\u{feff}');
        assert_eq!(s, "\\u{1}\\u{feff}");
    }
}
