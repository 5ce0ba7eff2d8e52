//! Path templates of `google/api/http.proto` (gRPC transcoding, AIP-127) and the resource-name
//! patterns inside them (AIP-122).
//!
//! The grammar, from `http.proto`:
//!
//! ```text
//! Template = "/" Segments [ Verb ] ;
//! Segments = Segment { "/" Segment } ;
//! Segment  = "*" | "**" | LITERAL | Variable ;
//! Variable = "{" FieldPath [ "=" Segments ] "}" ;
//! FieldPath = IDENT { "." IDENT } ;
//! Verb     = ":" LITERAL ;
//! ```
//!
//! `{var}` means `{var=*}`; `**` may only be the last segment (of the template, or of the pattern
//! of a variable that is itself last), before the verb; variables cannot nest.
//!
//! Deliberate restrictions beyond `http.proto` (which leaves `LITERAL` informal): literals and
//! verbs are made of the URL-unreserved characters `[A-Za-z0-9._~-]`, and `.` / `..` literals are
//! refused because a browser would resolve them away.
//!
//! Nothing here panics on any input; every refusal is `INVALID_ARGUMENT` with a message that names
//! the offending part, what was expected and where they differ.

use crate::endpoint;
use crate::prelude::*;
use crate::status::{Error, Status};

/// The longest resource name accepted, in bytes (names are at most a few hundred bytes in
/// practice; AIP-122 leaves the bound to the service).
pub const MAX_NAME_BYTES: usize = 4096;

use crate::text::{find_byte, split_byte};
pub(crate) use crate::text::{push_quoted, push_visible};

/// `s` in quotes, as [`push_quoted`] writes it.
#[cfg(test)]
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::new();
    push_quoted(&mut out, s);
    out
}

// ---------------------------------------------------------------------------------------------
// Percent-encoding (http.proto "Path template syntax" expansion rules)
// ---------------------------------------------------------------------------------------------

/// A set of bytes as a lookup table: one load per byte, which keeps the per-byte loops below
/// fast in a size-optimized build (`is_ascii_alphanumeric` and friends stay calls there).
// Only ever evaluated at compile time (for the statics below): an out-of-range index or an
// overflow there is a build error, never a panic at run time.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn byte_set(ranges: &[(u8, u8)]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < ranges.len() {
        let (mut b, last) = ranges[i];
        while b <= last {
            set[b as usize] = true;
            b += 1;
        }
        i += 1;
    }
    set
}

/// The URL-unreserved bytes `[-_.~0-9a-zA-Z]` (RFC 3986 §2.3), which expansion never escapes.
static UNRESERVED: [bool; 256] =
    byte_set(&[(b'0', b'9'), (b'a', b'z'), (b'A', b'Z'), (b'-', b'.'), (b'_', b'_'), (b'~', b'~')]);
/// The same and `/`, which a multi-segment variable keeps.
static UNRESERVED_AND_SLASH: [bool; 256] =
    byte_set(&[(b'0', b'9'), (b'a', b'z'), (b'A', b'Z'), (b'-', b'/'), (b'_', b'_'), (b'~', b'~')]);

#[inline(always)]
fn in_set(set: &[bool; 256], b: u8) -> bool {
    set.get(usize::from(b)).copied().unwrap_or(false)
}

fn is_unreserved(b: u8) -> bool {
    in_set(&UNRESERVED, b)
}

fn hex_digit(n: u8) -> char {
    b"0123456789ABCDEF".get(usize::from(n)).map_or('0', |&d| char::from(d))
}

/// The bytes [`escape_into`] copies unchanged.
fn kept(keep_slash: bool) -> &'static [bool; 256] {
    if keep_slash {
        &UNRESERVED_AND_SLASH
    } else {
        &UNRESERVED
    }
}

/// Whether [`escape_into`] would copy `value` unchanged.
pub fn escapes_nothing(value: &str, keep_slash: bool) -> bool {
    let set = kept(keep_slash);
    for &b in value.as_bytes() {
        if !in_set(set, b) {
            return false;
        }
    }
    true
}

/// Percent-encodes `value` into `out` as `http.proto` prescribes for expanding a variable into a
/// URL path: every UTF-8 byte except `[-_.~0-9a-zA-Z]` becomes `%XX` (upper-case hex); when
/// `keep_slash` (a multi-segment variable such as `{name=projects/*/operations/*}`, shown as
/// `{+name}` in Discovery documents) `/` is kept as well.
pub fn escape_into(value: &str, keep_slash: bool, out: &mut String) {
    // The common case, a name that needs no escape, is one copy.
    if escapes_nothing(value, keep_slash) {
        out.push_str(value);
        return;
    }
    let set = kept(keep_slash);
    for b in value.bytes() {
        if in_set(set, b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_digit(b / 16));
            out.push(hex_digit(b % 16));
        }
    }
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Decodes `%XX` escapes. `None` when a `%` is not followed by two hex digits or the result is
/// not UTF-8. With `keep_2f`, `%2F`/`%2f` stay encoded (`http.proto`: servers decode
/// multi-segment variables "except %2F and %2f are left unchanged").
fn decode(s: &str, keep_2f: bool) -> Option<String> {
    // Decoded in place in a copy of `s`: an escape's byte is never written ahead of where it
    // was read, so the output is the copy's first `w` bytes (and no per-byte `push`).
    let src = s.as_bytes();
    let mut bytes = src.to_vec();
    let (mut r, mut w) = (0usize, 0usize);
    // `r` and `w` are at most the length of `s`, and `w <= r`: no overflow.
    while let Some(&b) = src.get(r) {
        r = r.wrapping_add(1);
        let mut v = b;
        if b == b'%' {
            let (h, l) = (*src.get(r)?, *src.get(r.wrapping_add(1))?);
            r = r.wrapping_add(2);
            // Both digits are below 16: no overflow.
            v = hex_value(h)?.wrapping_mul(16) | hex_value(l)?;
            if keep_2f && v == b'/' {
                // The escape stays as it was: its three bytes, at or before where they were read.
                for x in [b'%', h] {
                    *bytes.get_mut(w)? = x;
                    w = w.wrapping_add(1);
                }
                v = l;
            }
        }
        *bytes.get_mut(w)? = v;
        w = w.wrapping_add(1);
    }
    bytes.truncate(w);
    crate::text::utf8(&bytes)?;
    // SAFETY: `bytes` were checked to be UTF-8 just above (`String::from_utf8` would link
    // core's validator beside `text::utf8`).
    Some(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Decodes every `%XX` escape; `None` on a malformed `%` escape or when the bytes are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    decode(s, false)
}

// ---------------------------------------------------------------------------------------------
// The parser shared by NamePattern and PathTemplate
// ---------------------------------------------------------------------------------------------

/// One segment of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TSeg {
    /// A byte range `(start, end)` of the template's text: a variable's field path, or else the
    /// segment, `*` (exactly one non-empty segment), `**` (one or more; only last) or a literal
    /// (never containing `*`).
    at: (usize, usize),
    /// A variable's pattern; `None` for the other segments.
    var: Option<NamePattern>,
}

/// `[A-Za-z0-9_.]`, the bytes of a field path: the unreserved bytes but `-` and `~`.
fn is_field_path_byte(b: u8) -> bool {
    is_unreserved(b) && b != b'-' && b != b'~'
}

struct Parser<'a> {
    /// "template" or "pattern", for messages.
    kind: &'static str,
    src: &'a str,
    pos: usize,
    /// Where a `**` was seen: any segment after it is an error.
    double_star_at: Option<usize>,
}

impl<'a> Parser<'a> {
    fn new(kind: &'static str, src: &'a str) -> Parser<'a> {
        Parser { kind, src, pos: 0, double_star_at: None }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    /// `{kind} "{src}" {what}`.
    fn fail(&self, what: &str) -> Error {
        crate::text::refusal(self.kind, self.src, what)
    }

    /// `{kind} "{src}" {what} at byte {at}{tail}`.
    fn fail_at(&self, what: &str, at: usize, tail: &str) -> Error {
        let mut r = String::from(what);
        r.push_str(" at byte ");
        crate::text::push_usize(&mut r, at);
        r.push_str(tail);
        crate::text::refusal(self.kind, self.src, &r)
    }

    /// The error for the (unexpected) character at the cursor. Every caller has one there: the
    /// end of the text is an empty segment or an empty verb instead, and inside a variable the
    /// cursor never passes its `}` (`check_braces` ran first). A test checks this on any text.
    fn unexpected(&self) -> Error {
        let mut w = String::from("has an unexpected character \"");
        let c = self.src.get(self.pos..).and_then(|s| s.chars().next()).unwrap_or_default();
        push_visible(&mut w, c);
        w.push('"');
        let after_star = self.pos.checked_sub(1).and_then(|i| self.src.as_bytes().get(i)) == Some(&b'*');
        let tail = if c == '*' || after_star {
            "; \"*\" and \"**\" must be whole segments"
        } else {
            "; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""
        };
        self.fail_at(&w, self.pos, tail)
    }

    /// Checks that braces balance and do not nest, so these get precise messages before
    /// anything else.
    fn check_braces(&self) -> Result<(), Error> {
        let mut open: Option<usize> = None;
        for (i, b) in self.src.bytes().enumerate() {
            match (b, open) {
                (b'{', None) => open = Some(i),
                (b'{', Some(_)) => return Err(self.fail_at("has a nested variable", i, "; variables cannot nest")),
                (b'}', None) => return Err(self.fail_at("has an unbalanced \"}\"", i, "")),
                (b'}', Some(_)) => open = None,
                _ => {}
            }
        }
        match open {
            Some(i) => Err(self.fail_at("has an unbalanced \"{\"", i, "")),
            None => Ok(()),
        }
    }

    /// A LITERAL: moves the cursor past the unreserved characters there (a literal when at least
    /// one) and returns them.
    fn literal(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_unreserved) {
            self.bump();
        }
        self.src.as_bytes().get(start..self.pos).unwrap_or(&[])
    }

    /// One `*`, `**` or LITERAL segment.
    fn pattern_segment(&mut self) -> Result<(), Error> {
        let at = self.pos;
        if let Some(ds) = self.double_star_at {
            return Err(self.fail_at("has \"**\"", ds, ", but \"**\" must be the last segment"));
        }
        match self.peek() {
            Some(b'*') => {
                self.bump();
                if self.peek() == Some(b'*') {
                    self.bump();
                    self.double_star_at = Some(at);
                }
                Ok(())
            }
            Some(b) if is_unreserved(b) => {
                let what = match self.literal() {
                    b"." => "has a \".\" segment",
                    b".." => "has a \"..\" segment",
                    _ => return Ok(()),
                };
                Err(self.fail_at(what, at, ", which a browser would resolve away"))
            }
            None | Some(b'/') => Err(self.fail_at("has an empty segment", at, "")),
            // In a template `}` ends the variable (so the segment before it is empty); a name
            // pattern has no variable, so there it is a character that does not belong (the
            // last arm).
            Some(b'}' | b':') if self.kind != "pattern" => Err(self.fail_at("has an empty segment", at, "")),
            Some(b'{') => Err(self.fail_at("has a variable", at, "; a name pattern cannot contain variables")),
            Some(_) => Err(self.unexpected()),
        }
    }

    /// `Segments` made only of `*`, `**` and literals; stops before anything but `/`.
    fn pattern_segments(&mut self) -> Result<(), Error> {
        loop {
            self.pattern_segment()?;
            if self.peek() != Some(b'/') {
                return Ok(());
            }
            self.bump();
        }
    }

    /// `Variable`, the cursor on its `{` (braces are known to balance).
    fn variable(&mut self) -> Result<TSeg, Error> {
        self.bump();
        let start = self.pos;
        while self.peek().is_some_and(is_field_path_byte) {
            self.bump();
        }
        let field = self.src.get(start..self.pos).unwrap_or("");
        match self.peek() {
            Some(b'=' | b'}') if field.is_empty() => return Err(self.fail_at("has an empty field path", start, "")),
            Some(b'=' | b'}') => {}
            _ => {
                let mut w = String::from("has an unexpected character \"");
                if let Some(c) = self.src.get(self.pos..).and_then(|s| s.chars().next()) {
                    push_visible(&mut w, c);
                }
                w.push('"');
                return Err(self.fail_at(
                    &w,
                    self.pos,
                    "; expected a field path like \"name\" followed by \"=\" or \"}\"",
                ));
            }
        }
        // Each identifier starts with a letter or `_`: so does the field path, every byte after a
        // `.` does, and the path does not end with `.`.
        let mut after_dot = true;
        let mut valid = true;
        for b in field.bytes() {
            valid &= !after_dot || b.is_ascii_alphabetic() || b == b'_';
            after_dot = b == b'.';
        }
        if !valid || after_dot {
            let mut w = String::from("has an invalid field path ");
            push_quoted(&mut w, field);
            return Err(self.fail_at(
                &w,
                start,
                "; expected identifiers joined by \".\" like \"name\" or \"book.name\"",
            ));
        }
        let text = if self.peek() == Some(b'=') {
            self.bump();
            let p = self.pos;
            self.pattern_segments()?;
            self.src.get(p..self.pos).unwrap_or("").to_owned()
        } else {
            String::from("*")
        };
        if self.peek() != Some(b'}') {
            return Err(self.unexpected());
        }
        self.bump();
        Ok(TSeg { at: (start, start.saturating_add(field.len())), var: Some(NamePattern { text }) })
    }
}

// ---------------------------------------------------------------------------------------------
// NamePattern
// ---------------------------------------------------------------------------------------------

/// A resource-name pattern (AIP-122), the `Segments` of an `http.proto` variable such as the
/// `projects/*/locations/*/operations/*` of `{name=projects/*/locations/*/operations/*}`.
///
/// `*` matches exactly one non-empty segment, `**` one or more (only as the last segment), and
/// literals match themselves, case-sensitively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamePattern {
    /// The pattern as parsed: segments joined by `/`, each `*`, `**` (only last) or a literal of
    /// unreserved characters other than `.` and `..` (so never containing `*`). Matching walks it.
    text: String,
}

/// The number of `/`-separated segments of `s`.
fn segment_count(s: &str) -> usize {
    let mut n = 1usize;
    for &b in s.as_bytes() {
        // At most one more than the length of `s`: no overflow.
        n = n.wrapping_add(usize::from(b == b'/'));
    }
    n
}

/// Appends `has N segments, expected [at least ]M` to `d`.
fn push_count(d: &mut String, has: usize, expected: usize, at_least: bool) {
    d.push_str("has ");
    crate::text::push_usize(d, has);
    d.push_str(if has == 1 { " segment, expected " } else { " segments, expected " });
    if at_least {
        d.push_str("at least ");
    }
    crate::text::push_usize(d, expected);
}

/// Whether a segment of a name is one no pattern accepts: empty, `.` or `..`.
pub(crate) fn unusable(seg: &[u8]) -> bool {
    matches!(seg, [] | [b'.'] | [b'.', b'.'])
}

/// Problems of a name that no pattern can accept: a leading or trailing `/`, empty segments,
/// `.`/`..` segments. Appends the problem to `d` and returns true, or returns false when the
/// name is structurally fine.
fn structural_problem(name: &str, d: &mut String) -> bool {
    if name.starts_with('/') {
        d.push_str("starts with \"/\"");
        return true;
    }
    if name.ends_with('/') {
        d.push_str("ends with \"/\"");
        return true;
    }
    let mut n = 0usize;
    for seg in split_byte(name, b'/') {
        n = n.saturating_add(1);
        if unusable(seg.as_bytes()) {
            d.push_str("segment ");
            crate::text::push_usize(d, n);
            if seg.is_empty() {
                d.push_str(" is empty");
            } else {
                d.push_str(" is \"");
                d.push_str(seg);
                d.push_str("\", which a browser would resolve away");
            }
            return true;
        }
    }
    false
}

impl NamePattern {
    /// Parses a pattern such as `projects/*/locations/*/operations/*` or `operations/**`
    /// (the `Segments` production of `http.proto`, without a leading `/`).
    pub fn parse(pattern: &str) -> Result<NamePattern, Error> {
        if pattern.is_empty() {
            return Err(Status::invalid_argument(
                "pattern is empty; expected segments like \"projects/*/locations/*/operations/*\"",
            ));
        }
        let mut p = Parser::new("pattern", pattern);
        if pattern.starts_with('/') {
            return Err(p.fail("starts with \"/\"; expected segments like \"projects/*/operations/*\""));
        }
        p.pattern_segments()?;
        if p.peek().is_some() {
            return Err(p.unexpected());
        }
        Ok(NamePattern { text: pattern.to_owned() })
    }

    /// The pattern `head`, the leading segments of `self` (a slice of its text ending before a
    /// `/`): those are segments `parse` accepted, and `**` could only be the last, so they are a
    /// pattern too and need no parsing again.
    pub(crate) fn prefix_of(&self, head: &str) -> NamePattern {
        NamePattern { text: head.to_owned() }
    }

    /// Checks `name` against the pattern. Refused (each `INVALID_ARGUMENT`): an empty name, a name
    /// over 4096 bytes, a leading or trailing `/`, empty segments, `.`/`..` segments (a browser
    /// would resolve them and silently target another resource), a wrong number of segments, a
    /// literal that differs. For example:
    /// `name "projects/p/regions/r/operations/o" does not match projects/*/locations/*/operations/* (segment 3 is "regions", expected "locations")`.
    pub fn check(&self, name: &str) -> Result<(), Error> {
        check_any(core::slice::from_ref(self), name, "name").map(|_| ())
    }

    /// Whether [`check`](Self::check) accepts `name`.
    pub fn matches(&self, name: &str) -> bool {
        scan(self, name.as_bytes()).is_some()
    }

    /// Whether a value may span several segments, so that expansion keeps its `/`
    /// (`http.proto`: `{var=*}` escapes `/`, `{var=foo/*}` and `{var=**}` keep it).
    /// True unless the pattern is a single `*`.
    pub fn is_multi_segment(&self) -> bool {
        self.text != "*"
    }

    /// The pattern's text, e.g. `projects/*/locations/*/operations/*`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the last segment is `**` (`*` only occurs as a whole segment).
    fn ends_with_double_star(&self) -> bool {
        self.text.ends_with("**")
    }

    /// The mismatch of a structurally sound `name` with this pattern: its closeness (how many
    /// leading segments match), the detail appended to `d`; or `None` when they match.
    fn mismatch(&self, name: &str, d: &mut String) -> Option<usize> {
        let mut parts = split_byte(name, b'/');
        let mut i = 0usize;
        for seg in split_byte(&self.text, b'/') {
            let Some(part) = parts.next() else {
                push_count(d, segment_count(name), segment_count(&self.text), self.ends_with_double_star());
                return Some(i);
            };
            match seg.as_bytes() {
                [b'*', b'*'] => return None,
                [b'*'] => {}
                _ if seg == part => {}
                // A literal that differs.
                _ => {
                    d.push_str("segment ");
                    crate::text::push_usize(d, i.saturating_add(1));
                    d.push_str(" is ");
                    push_quoted(d, part);
                    d.push_str(", expected ");
                    push_quoted(d, seg);
                    if seg.eq_ignore_ascii_case(part) {
                        d.push_str("; literals are case-sensitive");
                    }
                    return Some(i);
                }
            }
            i = i.saturating_add(1);
        }
        if parts.next().is_none() {
            None
        } else {
            push_count(d, segment_count(name), i, false);
            Some(i)
        }
    }
}

/// The end of the segment of `bytes` that starts at `from` (the next `/` or the end), and whether
/// all its bytes are unreserved (cleared in `clean` otherwise).
#[inline(always)]
fn segment_end(bytes: &[u8], from: usize, clean: &mut bool) -> usize {
    let mut end = from;
    let mut all = true;
    // A plain `for` over the slice: no bounds check per byte, no closure call in a size build.
    for &b in bytes.get(from..).unwrap_or(&[]) {
        if b == b'/' {
            break;
        }
        all &= in_set(&UNRESERVED, b);
        end = end.wrapping_add(1);
    }
    *clean &= all;
    end
}

/// `a == b` for the short literals of a pattern, inline (a size build calls `memcmp` otherwise).
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return false;
        }
    }
    true
}

/// Whether `check` accepts `name`, without allocating: the rules of [`structural_problem`] and
/// `mismatch` in one byte loop over the segments (the hot path; the refusal explains with those
/// two). When it does, also whether expanding the name changes nothing
/// ([`escapes_nothing`]`(name, p.is_multi_segment())`): every byte but `/` is unreserved, and a
/// name that `*` alone accepts has no `/`.
fn scan(p: &NamePattern, bytes: &[u8]) -> Option<bool> {
    if bytes.is_empty() || bytes.len() > MAX_NAME_BYTES {
        return None;
    }
    let pat = p.text.as_bytes();
    let mut clean = true;
    let mut from = 0usize;
    // Where the pattern segment to match next starts: never past the end of `pat`.
    let mut at = 0usize;
    loop {
        let end = segment_end(bytes, from, &mut clean);
        let part = bytes.get(from..end).unwrap_or(&[]);
        let rest = pat.get(at..).unwrap_or(&[]);
        // The length of the pattern segment at `at`, once it accepts `part`.
        let len = match rest {
            // `**` (always the last pattern segment) takes this part and every one after it,
            // each of which must be a real segment: the pattern stays at `at`.
            [b'*', b'*', ..] if !unusable(part) => {
                if end >= bytes.len() {
                    return Some(clean);
                }
                from = end.wrapping_add(1);
                continue;
            }
            [b'*', ..] if !unusable(part) => 1,
            [b'*', ..] => return None,
            // A literal: the bytes of `part` and then the end of the segment. A literal is never
            // empty, "." or "..", and a pattern segment never starts with `/`, so an empty part
            // never matches.
            _ if rest.get(..part.len()).is_some_and(|l| same(l, part))
                && matches!(rest.get(part.len()), None | Some(b'/')) =>
            {
                part.len()
            }
            _ => return None,
        };
        let next = at.wrapping_add(len);
        if end >= bytes.len() {
            return (next >= pat.len()).then_some(clean);
        }
        if next >= pat.len() {
            return None;
        }
        from = end.wrapping_add(1);
        at = next.wrapping_add(1);
    }
}

/// The first of `patterns` that accepts `name` (its UTF-8 bytes), and whether expanding the name
/// into a URL changes nothing (see [`scan`]); `None` when none does.
pub(crate) fn first_match<'p>(patterns: &'p [NamePattern], name: &[u8]) -> Option<(&'p NamePattern, bool)> {
    patterns.iter().find_map(|p| scan(p, name).map(|clean| (p, clean)))
}

/// Appends the patterns' texts separated by `, `.
pub(crate) fn push_list(m: &mut String, patterns: &[NamePattern]) {
    let mut sep = "";
    for p in patterns {
        m.push_str(sep);
        sep = ", ";
        m.push_str(p.as_str());
    }
}

/// Checks `name` against each pattern in turn and returns the first that matches. The refusal
/// names the value as `label` ("name", or a template's field path) and, when no pattern matches,
/// explains the difference with the closest one (the one matching the most leading segments):
/// `name "x" does not match any of A, B (detail)`.
///
/// Never inlined: inlined into `Service::check_name` natively it made the check about 50%
/// slower (`cargo bench --bench core`); the wasm build keeps it out of line anyway.
#[inline(never)]
pub(crate) fn check_any<'p>(patterns: &'p [NamePattern], name: &str, label: &str) -> Result<&'p NamePattern, Error> {
    if let Some((p, _)) = first_match(patterns, name.as_bytes()) {
        return Ok(p);
    }
    let mut m = String::from(label);
    'message: {
        if patterns.is_empty() {
            m.push_str(" cannot be checked: no name patterns are defined");
            break 'message;
        }
        // What the name is, then how it relates to the pattern(s), "one of"/"any of" with several;
        // and whether a detail in parentheses explains the difference.
        let (of, explain) = if name.is_empty() {
            m.push_str(" is empty; expected ");
            ("one of ", false)
        } else if name.len() > MAX_NAME_BYTES {
            m.push_str(" is ");
            crate::text::push_usize(&mut m, name.len());
            // The bound as text: one literal instead of a number to write (checked at build time).
            const _: () = assert!(MAX_NAME_BYTES == 4096);
            m.push_str(" bytes long; expected at most 4096 bytes matching ");
            ("one of ", false)
        } else {
            m.push(' ');
            push_quoted(&mut m, name);
            m.push_str(" does not match ");
            ("any of ", true)
        };
        if patterns.len() > 1 {
            m.push_str(of);
        }
        push_list(&mut m, patterns);
        if explain {
            // The detail: the structural problem, or the mismatch with the closest pattern.
            m.push_str(" (");
            if !structural_problem(name, &mut m) {
                // The closest pattern (the first of the closest), found with a scratch detail, then
                // its detail written into the message.
                let mut best: Option<(usize, &NamePattern)> = None;
                let mut d = String::new();
                for p in patterns {
                    d.clear();
                    let Some(score) = p.mismatch(name, &mut d) else { return Ok(p) };
                    if best.map_or(true, |(s, _)| score > s) {
                        best = Some((score, p));
                    }
                }
                if let Some((_, p)) = best {
                    p.mismatch(name, &mut m);
                }
            }
            m.push(')');
        }
    }
    Err(Status::invalid_argument(m))
}

impl core::fmt::Display for NamePattern {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text)
    }
}

// ---------------------------------------------------------------------------------------------
// PathTemplate
// ---------------------------------------------------------------------------------------------

/// A parsed `http.proto` path template such as
/// `/v1/{name=projects/*/locations/*/operations/*}:cancel`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    segs: Vec<TSeg>,
    /// Where the custom verb starts in `text` (after its `:`), if there is one.
    verb: Option<usize>,
    text: String,
}

impl PathTemplate {
    /// Parses a template (the `Template` production of `http.proto`). Refuses an empty template,
    /// a missing leading `/`, unbalanced or nested braces, empty segments, empty field paths,
    /// characters outside the grammar, `**` anywhere but last, `.`/`..` literals, an empty verb
    /// and a field bound twice; each message gives the byte offset.
    pub fn parse(template: &str) -> Result<PathTemplate, Error> {
        if template.is_empty() {
            return Err(Status::invalid_argument(
                "template is empty; expected a path like \"/v1/{name=operations/**}:cancel\"",
            ));
        }
        let mut p = Parser::new("template", template);
        if !template.starts_with('/') {
            return Err(p.fail("must start with \"/\"; expected a path like \"/v1/{name=operations/**}:cancel\""));
        }
        p.check_braces()?;
        p.bump();
        let mut segs = Vec::new();
        loop {
            let start = p.pos;
            let seg = if p.peek() == Some(b'{') {
                if let Some(ds) = p.double_star_at {
                    return Err(p.fail_at("has \"**\"", ds, ", but \"**\" must be the last segment"));
                }
                p.variable()?
            } else {
                p.pattern_segment()?;
                TSeg { at: (start, p.pos), var: None }
            };
            segs.push(seg);
            if p.peek() != Some(b'/') {
                break;
            }
            p.bump();
        }
        let verb = if p.peek() == Some(b':') {
            p.bump();
            let at = p.pos;
            if p.literal().is_empty() {
                return Err(match p.peek() {
                    None => {
                        p.fail_at("has an empty verb", at, "; expected \":\" followed by a literal like \"cancel\"")
                    }
                    Some(_) => p.unexpected(),
                });
            }
            Some(at)
        } else {
            None
        };
        if p.peek().is_some() {
            return Err(p.unexpected());
        }
        let t = PathTemplate { segs, verb, text: template.to_owned() };
        for (i, s) in t.segs.iter().enumerate() {
            let f = t.text_of(s.at);
            if s.var.is_some() && t.segs.get(..i).unwrap_or(&[]).iter().any(|g| g.var.is_some() && t.text_of(g.at) == f)
            {
                let mut w = String::from("binds the field ");
                push_quoted(&mut w, f);
                w.push_str(" twice");
                return Err(p.fail(&w));
            }
        }
        Ok(t)
    }

    /// The text of the byte range `(start, end)` of the template.
    fn text_of(&self, (start, end): (usize, usize)) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The custom verb (`cancel` in `...:cancel`), if any.
    pub fn verb(&self) -> Option<&str> {
        self.text.get(self.verb?..)
    }

    /// The variables in order: (field path, pattern). `{name}` has the pattern `*`.
    pub fn variables(&self) -> Vec<(&str, &NamePattern)> {
        let mut out = Vec::new();
        for s in &self.segs {
            if let Some(pattern) = &s.var {
                out.push((self.text_of(s.at), pattern));
            }
        }
        out
    }

    /// Expands the template into a URL path (starting with `/`). Each variable's value comes from
    /// `value_of(field path)`, is checked against the variable's pattern (as
    /// [`NamePattern::check`] does, the message naming the field) and is escaped with
    /// [`escape_into`] (keeping `/` for multi-segment variables). Refuses a missing value and
    /// templates with `*`/`**` outside a variable (there is nothing to expand them to).
    pub fn expand(&self, value_of: &dyn Fn(&str) -> Option<String>) -> Result<String, Error> {
        let mut out = String::with_capacity(self.text.len().saturating_add(64));
        for (i, seg) in self.segs.iter().enumerate() {
            out.push('/');
            let text = self.text_of(seg.at);
            match &seg.var {
                None if !text.starts_with('*') => out.push_str(text),
                None => {
                    let mut m = String::from("template ");
                    push_quoted(&mut m, &self.text);
                    m.push_str(" cannot be expanded: segment ");
                    crate::text::push_usize(&mut m, i.saturating_add(1));
                    m.push_str(" is a wildcard outside a variable; expected a literal or \"{field=...}\"");
                    return Err(Status::invalid_argument(m));
                }
                Some(pattern) => {
                    let field = text;
                    let Some(value) = value_of(field) else {
                        let mut m = String::from("template ");
                        push_quoted(&mut m, &self.text);
                        m.push_str(" needs a value for ");
                        push_quoted(&mut m, field);
                        m.push_str("; expected a value matching ");
                        m.push_str(pattern.as_str());
                        return Err(Status::invalid_argument(m));
                    };
                    check_any(core::slice::from_ref(pattern), &value, field)?;
                    escape_into(&value, pattern.is_multi_segment(), &mut out);
                }
            }
        }
        if let Some(v) = self.verb() {
            out.push(':');
            out.push_str(v);
        }
        Ok(out)
    }

    /// The reverse of [`expand`](Self::expand): matches a URL path such as
    /// `/v1/projects/p/locations/l/operations/o:cancel` and returns each variable's
    /// percent-decoded value (multi-segment values keep `%2F`, as `http.proto` prescribes).
    /// Literals compare with the path as sent. `None` when the path does not match or a value
    /// would not pass [`NamePattern::check`] (so every value returned expands again).
    pub fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        let rest = match self.verb() {
            Some(v) => path.strip_suffix(v)?.strip_suffix(':')?,
            None => path,
        };
        let rest = rest.strip_prefix('/')?;
        let mut parts = split_byte(rest, b'/');
        let mut out = Vec::new();
        for seg in &self.segs {
            match &seg.var {
                None => match self.text_of(seg.at) {
                    "**" => {
                        let tail: Vec<&str> = parts.by_ref().collect();
                        if tail.is_empty() || tail.iter().any(|p| p.is_empty()) {
                            return None;
                        }
                    }
                    "*" => {
                        if parts.next()?.is_empty() {
                            return None;
                        }
                    }
                    l => {
                        if parts.next()? != l {
                            return None;
                        }
                    }
                },
                Some(pattern) => {
                    let taken: Vec<&str> = if pattern.ends_with_double_star() {
                        parts.by_ref().collect()
                    } else {
                        parts.by_ref().take(segment_count(&pattern.text)).collect()
                    };
                    let raw = taken.join("/");
                    if !pattern.matches(&raw) {
                        return None;
                    }
                    let multi = pattern.is_multi_segment();
                    let value = decode(&raw, multi)?;
                    if !pattern.matches(&value) {
                        return None;
                    }
                    out.push((self.text_of(seg.at).to_owned(), value));
                }
            }
        }
        if parts.next().is_some() {
            return None;
        }
        Some(out)
    }

    /// The template's text as parsed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// For templates shaped `/lit/.../lit/{field=pattern}[:verb]`: the literals, the field path
    /// and the pattern. `None` for any other shape. (The reading `catalogue::from_rule` did before
    /// it read its one shape directly; its test compares the two.)
    #[cfg(test)]
    pub(crate) fn literals_then_variable(&self) -> Option<(Vec<&str>, &str, &NamePattern)> {
        let (last, init) = self.segs.split_last()?;
        let pattern = last.var.as_ref()?;
        let mut lits = Vec::new();
        for s in init {
            let l = self.text_of(s.at);
            if s.var.is_some() || l.starts_with('*') {
                return None;
            }
            lits.push(l);
        }
        Some((lits, self.text_of(last.at), pattern))
    }
}

impl core::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text)
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP rules
// ---------------------------------------------------------------------------------------------

/// An `http.proto` `HttpRule` reduced to what a cancel needs: the method, an optional origin and
/// the path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRule {
    /// Upper-case: `GET`, `PUT`, `POST`, `DELETE` or `PATCH` (the `pattern` kinds of `HttpRule`).
    pub method: String,
    /// `"https://host[:port]"` (normalized by [`endpoint::parse_endpoint`]) when the rule had one.
    pub origin: Option<String>,
    pub template: PathTemplate,
}

const METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "PATCH"];

fn rule_error(rule: &str, what: &str) -> Error {
    let mut m = String::from("HTTP rule ");
    push_quoted(&mut m, rule);
    m.push(' ');
    m.push_str(what);
    Status::invalid_argument(m)
}

/// The method (the leading ASCII letters, as written) and the path of an HTTP rule, without the
/// surrounding whitespace and a pair of matching quotes around the path (the forms
/// [`parse_http_rule`] documents). Refused, saying what is wrong: no method, neither whitespace
/// nor `:` after it, an unbalanced quote.
pub(crate) fn rule_parts(rule: &str) -> Result<(&str, &str), &'static str> {
    let t = rule.trim();
    let method_end = t.bytes().position(|b| !b.is_ascii_alphabetic()).unwrap_or(t.len());
    let (method, rest) = t.split_at_checked(method_end).unwrap_or((t, ""));
    if method.is_empty() {
        return Err("has no method");
    }
    let rest = match rest.strip_prefix(':') {
        Some(r) => r,
        None if rest.chars().next().map_or(true, char::is_whitespace) => rest,
        None => return Err("needs whitespace or \":\" after the method"),
    };
    let mut path = rest.trim();
    for q in ['\'', '"'] {
        if let Some(inner) = path.strip_prefix(q) {
            path = inner.strip_suffix(q).ok_or("has an unbalanced quote around the path")?;
        }
    }
    Ok((method, path.trim()))
}

/// A rule's path split into its origin (`scheme://authority`, up to the first `/` after `://`)
/// and its path template (from that `/` on). The origin is empty when the path starts with `/`
/// or has no `://`; the template is empty when no `/` follows the origin.
pub(crate) fn split_origin(path: &str) -> (&str, &str) {
    let after = match crate::text::find(path, "://") {
        Some(i) if !path.starts_with('/') => i.saturating_add(3),
        _ => return ("", path),
    };
    match path.get(after..).and_then(|a| find_byte(a, b'/')) {
        Some(i) => path.split_at_checked(i.saturating_add(after)).unwrap_or((path, "")),
        None => (path, ""),
    }
}

/// Parses an HTTP rule in any of the forms consoles and docs show:
/// `POST https://clouddeploy.googleapis.com/v1/{name=projects/*/locations/*/operations/*}:cancel`,
/// `POST /v1/{name=...}:cancel`, or the gax/service-YAML form `post: '/v1/{name=...}:cancel'`.
/// The method is case-insensitive; surrounding whitespace and matching quotes are allowed.
pub fn parse_http_rule(rule: &str) -> Result<HttpRule, Error> {
    if rule.trim().is_empty() {
        return Err(Status::invalid_argument(
            "HTTP rule is empty; expected e.g. \"POST https://host/v1/{name=operations/**}:cancel\"",
        ));
    }
    let (method, path) = rule_parts(rule).map_err(|what| {
        let mut w = String::from(what);
        w.push_str("; expected e.g. \"POST /v1/{name=operations/**}:cancel\"");
        rule_error(rule, &w)
    })?;
    let method = method.to_ascii_uppercase();
    if !METHODS.contains(&method.as_str()) {
        let mut w = String::from("has the method ");
        push_quoted(&mut w, &method);
        w.push_str("; expected one of GET, PUT, POST, DELETE, PATCH");
        return Err(rule_error(rule, &w));
    }
    if path.is_empty() {
        return Err(rule_error(rule, "has no path; expected e.g. \"/v1/{name=operations/**}:cancel\""));
    }
    let (origin_text, template_text) = split_origin(path);
    if origin_text.is_empty() {
        if !path.starts_with('/') {
            return Err(rule_error(
                rule,
                "has a path that starts neither with \"/\" nor with an origin like \"https://host\"",
            ));
        }
        let template = PathTemplate::parse(path)?;
        return Ok(HttpRule { method, origin: None, template });
    }
    if template_text.is_empty() {
        return Err(rule_error(
            rule,
            "has an origin but no path after it; expected e.g. \"https://host/v1/{name=operations/**}:cancel\"",
        ));
    }
    let origin = endpoint::parse_endpoint(origin_text)?;
    let template = PathTemplate::parse(template_text)?;
    Ok(HttpRule { method, origin: Some(origin.as_str().to_owned()), template })
}

#[cfg(test)]
mod tests {

    /// The allocation-free `scan` agrees with the rules the refusal explains with
    /// (`structural_problem`, then `mismatch` on the split segments), and says when a name
    /// needs no escaping exactly as `escapes_nothing` does.
    #[test]
    fn accepts_agrees_with_the_explained_rules() {
        let patterns = ["projects/*/locations/*/operations/*", "operations/**", "a/**", "*", "x/*/y"];
        let parts = ["", "projects", "p", "locations", "l", "operations", "o", ".", "..", "a", "x", "y", "ü", "%2F"];
        let mut names: Vec<String> = Vec::new();
        for a in parts {
            for b in parts {
                names.push(a.to_owned());
                names.push(format!("{a}/{b}"));
                names.push(format!("{a}/{b}/{a}"));
                names.push(format!("projects/{a}/locations/{b}/operations/o"));
                names.push(format!("operations/{a}/{b}"));
                names.push(format!("/{a}/{b}/"));
            }
        }
        for t in patterns {
            let p = NamePattern::parse(t).unwrap();
            for n in &names {
                let explained = !n.is_empty()
                    && n.len() <= MAX_NAME_BYTES
                    && !structural_problem(n, &mut String::new())
                    && p.mismatch(n, &mut String::new()).is_none();
                let scanned = scan(&p, n.as_bytes());
                assert_eq!(scanned.is_some(), explained, "{t} {n:?}");
                if let Some(clean) = scanned {
                    assert_eq!(clean, escapes_nothing(n, p.is_multi_segment()), "{t} {n:?}");
                }
            }
        }
    }

    // proptest is a native dev-dependency only (the browser tests build this module for wasm).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// `Parser::unexpected` is only called with a character at the cursor: no refusal names
        /// a character the text does not have (it would show the end of the text as "\u{0}").
        #[test]
        fn unexpected_characters_are_in_the_text(s in "[a-z.~*/{}=:_ -]{0,16}", slash in proptest::bool::ANY) {
            let t = if slash { format!("/{s}") } else { s.clone() };
            for m in [PathTemplate::parse(&t).err(), NamePattern::parse(&t).err()].into_iter().flatten() {
                proptest::prop_assert!(!m.message.contains("\\u{0}"), "{t:?}: {}", m.message);
            }
        }
    }

    #[test]
    fn unreserved_tables() {
        for b in 0..=255u8 {
            let want = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
            assert_eq!(is_unreserved(b), want, "{b}");
            assert_eq!(is_field_path_byte(b), b.is_ascii_alphanumeric() || b == b'_' || b == b'.', "{b}");
            assert_eq!(escapes_nothing(&char::from(b).to_string(), true), want || b == b'/', "{b}");
        }
    }
    use super::*;

    fn err(r: Result<impl core::fmt::Debug, Error>) -> String {
        match r {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(s) => {
                assert_eq!(s.code, crate::code::Code::InvalidArgument);
                s.message
            }
        }
    }

    const GKE: &str = "projects/*/locations/*/operations/*";

    #[test]
    fn name_pattern_parse() {
        for ok in [GKE, "operations/**", "*", "**", "a.b-c_d~e/*"] {
            let p = NamePattern::parse(ok).unwrap();
            assert_eq!(p.as_str(), ok);
            assert_eq!(p.to_string(), ok);
        }
        assert!(!NamePattern::parse("*").unwrap().is_multi_segment());
        assert!(NamePattern::parse("**").unwrap().is_multi_segment());
        assert!(NamePattern::parse(GKE).unwrap().is_multi_segment());
        let table = [
            ("", "pattern is empty; expected segments like \"projects/*/locations/*/operations/*\""),
            ("/a/*", "pattern \"/a/*\" starts with \"/\"; expected segments like \"projects/*/operations/*\""),
            ("a//b", "pattern \"a//b\" has an empty segment at byte 2"),
            ("a/", "pattern \"a/\" has an empty segment at byte 2"),
            ("**/a", "pattern \"**/a\" has \"**\" at byte 0, but \"**\" must be the last segment"),
            ("a/***", "pattern \"a/***\" has an unexpected character \"*\" at byte 4; \"*\" and \"**\" must be whole segments"),
            ("a*", "pattern \"a*\" has an unexpected character \"*\" at byte 1; \"*\" and \"**\" must be whole segments"),
            ("a/../b", "pattern \"a/../b\" has a \"..\" segment at byte 2, which a browser would resolve away"),
            ("a/{b}", "pattern \"a/{b}\" has a variable at byte 2; a name pattern cannot contain variables"),
            ("a}", "pattern \"a}\" has an unexpected character \"}\" at byte 1; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""),
            ("a/{b", "pattern \"a/{b\" has a variable at byte 2; a name pattern cannot contain variables"),
            ("a:b", "pattern \"a:b\" has an unexpected character \":\" at byte 1; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""),
            ("a/}", "pattern \"a/}\" has an unexpected character \"}\" at byte 2; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""),
            (":", "pattern \":\" has an unexpected character \":\" at byte 0; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""),
        ];
        for (input, msg) in table {
            assert_eq!(err(NamePattern::parse(input)), msg, "{input}");
        }
    }

    #[test]
    fn check_messages() {
        let p = NamePattern::parse(GKE).unwrap();
        p.check("projects/p/locations/us-central1/operations/operation-123").unwrap();
        p.check("projects/my proj/locations/l/operations/o:x?y#z%").unwrap();
        let table = [
            ("projects/p/regions/r/operations/o", "(segment 3 is \"regions\", expected \"locations\")"),
            ("projects/p/locations/l", "(has 4 segments, expected 6)"),
            ("projects/p/locations/l/operations/o/x", "(has 7 segments, expected 6)"),
            ("projects//locations/l/operations/o", "(segment 2 is empty)"),
            ("projects/p/locations/../operations/o", "(segment 4 is \"..\", which a browser would resolve away)"),
            ("projects/p/./l/operations/o", "(segment 3 is \".\", which a browser would resolve away)"),
            ("/projects/p/locations/l/operations/o", "(starts with \"/\")"),
            ("projects/p/locations/l/operations/o/", "(ends with \"/\")"),
            (
                "Projects/p/locations/l/operations/o",
                "(segment 1 is \"Projects\", expected \"projects\"; literals are case-sensitive)",
            ),
        ];
        for (name, detail) in table {
            let expected = format!("name {} does not match {GKE} {detail}", quoted(name));
            assert_eq!(err(p.check(name)), expected);
            assert!(!p.matches(name));
        }
        assert_eq!(
            err(p.check("projects/p/regions/r/operations/o")),
            "name \"projects/p/regions/r/operations/o\" does not match projects/*/locations/*/operations/* (segment 3 is \"regions\", expected \"locations\")"
        );
        assert_eq!(err(p.check("")), "name is empty; expected projects/*/locations/*/operations/*");
        let long = format!("projects/{}/locations/l/operations/o", "x".repeat(5000));
        assert_eq!(
            err(p.check(&long)),
            format!("name is {} bytes long; expected at most 4096 bytes matching {GKE}", long.len())
        );
        let vault = NamePattern::parse("operations/**").unwrap();
        vault.check("operations/a/b/c").unwrap();
        vault.check("operations/a").unwrap();
        assert_eq!(
            err(vault.check("operations")),
            "name \"operations\" does not match operations/** (has 1 segment, expected at least 2)"
        );
        let star = NamePattern::parse("*").unwrap();
        star.check("a b").unwrap();
        assert!(!star.matches("a/b"));
    }

    #[test]
    fn messages_quote_safely() {
        let p = NamePattern::parse("operations/*").unwrap();
        let m = err(p.check("x\u{0}\u{202e}/y"));
        assert!(m.starts_with("name \"x\\u{0}\\u{202e}/y\" does not match"), "{m}");
        let long = "é".repeat(1000);
        let m = err(p.check(&long));
        assert!(m.contains(&format!("\"{}…\"", "é".repeat(200))), "{m}");
        assert!(m.len() < 1000, "{m}");
    }

    #[test]
    fn check_any_picks_closest() {
        let ps = [
            NamePattern::parse("organizations/*/locations/*/operations/*").unwrap(),
            NamePattern::parse("projects/*/locations/*/operations/*").unwrap(),
        ];
        assert_eq!(check_any(&ps, "projects/p/locations/l/operations/o", "name").unwrap(), &ps[1]);
        assert_eq!(
            err(check_any(&ps, "projects/p/regions/r/operations/o", "name")),
            "name \"projects/p/regions/r/operations/o\" does not match any of organizations/*/locations/*/operations/*, projects/*/locations/*/operations/* (segment 3 is \"regions\", expected \"locations\")"
        );
        assert_eq!(
            err(check_any(&ps, "", "name")),
            "name is empty; expected one of organizations/*/locations/*/operations/*, projects/*/locations/*/operations/*"
        );
        assert!(err(check_any(&[], "x", "name")).contains("no name patterns"));
    }

    #[test]
    fn escaping() {
        let esc = |v: &str, multi: bool| {
            let mut s = String::new();
            escape_into(v, multi, &mut s);
            s
        };
        assert_eq!(esc("a b/c", false), "a%20b%2Fc");
        assert_eq!(esc("a b/c", true), "a%20b/c");
        assert_eq!(esc("é", false), "%C3%A9");
        assert_eq!(esc("~._-", false), "~._-");
        assert_eq!(esc("%", true), "%25");
        assert_eq!(esc(":?#[]@\\", true), "%3A%3F%23%5B%5D%40%5C");
        assert_eq!(percent_decode("a%20b%2Fc%C3%A9").as_deref(), Some("a b/cé"));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(decode("a%2fb%2F%20", true).as_deref(), Some("a%2fb%2F "));
    }

    /// The in-place decoder gives what a plain push-per-byte decoder gives, on texts made of
    /// escapes (good, cut short, bad, `%2F`), plain bytes and non-ASCII.
    #[test]
    fn decode_matches_a_plain_decoder() {
        let reference = |s: &str, keep_2f: bool| -> Option<String> {
            let mut bytes = Vec::new();
            let mut it = s.bytes();
            while let Some(b) = it.next() {
                if b != b'%' {
                    bytes.push(b);
                    continue;
                }
                let (h, l) = (it.next()?, it.next()?);
                let v = (hex_value(h)? * 16) | hex_value(l)?;
                if keep_2f && v == b'/' {
                    bytes.extend_from_slice(&[b'%', h, l]);
                } else {
                    bytes.push(v);
                }
            }
            String::from_utf8(bytes).ok()
        };
        let toks = ["", "a", "/", "%", "%2", "%2F", "%2f", "%20", "%C3", "%A9", "%zz", "%FF", "é", "%25", "%%"];
        let mut seed: u64 = 0x5851_f42d_4c95_7f2d;
        for _ in 0..100_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut r = seed;
            let mut s = String::new();
            for _ in 0..(seed % 8) {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                s.push_str(toks[((r >> 33) % toks.len() as u64) as usize]);
            }
            for keep in [false, true] {
                assert_eq!(decode(&s, keep), reference(&s, keep), "{s:?} {keep}");
            }
        }
    }

    #[test]
    fn http_proto_examples() {
        let t = PathTemplate::parse("/v1/{name=messages/*}").unwrap();
        assert_eq!(t.verb(), None);
        assert_eq!(t.variables().len(), 1);
        assert_eq!(t.variables()[0].0, "name");
        assert_eq!(t.variables()[0].1.as_str(), "messages/*");
        let v = |n: &str| Some(n.to_owned());
        assert_eq!(t.expand(&|_| v("messages/123456")).unwrap(), "/v1/messages/123456");
        assert_eq!(t.match_path("/v1/messages/123456").unwrap(), vec![("name".into(), "messages/123456".into())]);

        let t = PathTemplate::parse("/v1/messages/{message_id}").unwrap();
        assert!(!t.variables()[0].1.is_multi_segment());
        assert_eq!(
            t.expand(&|_| v("a b/c")).unwrap_err().message,
            "message_id \"a b/c\" does not match * (has 2 segments, expected 1)"
        );
        assert_eq!(t.expand(&|_| v("a b")).unwrap(), "/v1/messages/a%20b");
        assert_eq!(t.match_path("/v1/messages/a%20b").unwrap(), vec![("message_id".into(), "a b".into())]);
        assert_eq!(t.match_path("/v1/messages/a%2Fb"), None);

        let t = PathTemplate::parse("/v1/{name=projects/*/locations/*}/operations").unwrap();
        assert_eq!(t.expand(&|_| v("projects/p/locations/l")).unwrap(), "/v1/projects/p/locations/l/operations");
        assert!(t.match_path("/v1/projects/p/locations/l/operations").is_some());
        assert!(t.match_path("/v1/projects/p/locations/l/x").is_none());

        let t = PathTemplate::parse("/v1/{name=operations/**}:cancel").unwrap();
        assert_eq!(t.verb(), Some("cancel"));
        assert_eq!(t.expand(&|_| v("operations/a b/c%2F")).unwrap(), "/v1/operations/a%20b/c%252F:cancel");
        assert_eq!(
            t.match_path("/v1/operations/a%20b/c%252F:cancel").unwrap(),
            vec![("name".into(), "operations/a b/c%2F".into())]
        );
        assert_eq!(t.match_path("/v1/operations/a/b%2Fc:cancel").unwrap()[0].1, "operations/a/b%2Fc");
        assert!(t.match_path("/v1/operations/a").is_none());
        assert!(t.match_path("/v1/operations:cancel").is_none());
        assert!(t.match_path("/v1/operations/a/%2E%2E:cancel").is_none());
        assert!(t.match_path("/v2/operations/a:cancel").is_none());
        assert_eq!(
            t.expand(&|_| None).unwrap_err().message,
            "template \"/v1/{name=operations/**}:cancel\" needs a value for \"name\"; expected a value matching operations/**"
        );

        let t = PathTemplate::parse("/v1/*/{a.b}/**:x").unwrap();
        assert!(t.match_path("/v1/p/q/r/s:x").is_some());
        assert!(t.expand(&|_| v("q")).unwrap_err().message.contains("segment 2 is a wildcard outside a variable"));
        assert_eq!(t.as_str(), "/v1/*/{a.b}/**:x");
    }

    #[test]
    fn template_errors() {
        let table = [
            ("", "template is empty; expected a path like \"/v1/{name=operations/**}:cancel\""),
            ("v1/x", "template \"v1/x\" must start with \"/\"; expected a path like \"/v1/{name=operations/**}:cancel\""),
            ("/v1/{name=projects/*", "template \"/v1/{name=projects/*\" has an unbalanced \"{\" at byte 4"),
            ("/v1/name}", "template \"/v1/name}\" has an unbalanced \"}\" at byte 8"),
            ("/v1/{a={b}}", "template \"/v1/{a={b}}\" has a nested variable at byte 7; variables cannot nest"),
            ("/v1/**/x", "template \"/v1/**/x\" has \"**\" at byte 4, but \"**\" must be the last segment"),
            ("/v1/{a=**}/x", "template \"/v1/{a=**}/x\" has \"**\" at byte 7, but \"**\" must be the last segment"),
            ("/v1/{a=**}/{b}", "template \"/v1/{a=**}/{b}\" has \"**\" at byte 7, but \"**\" must be the last segment"),
            ("/v1/x:", "template \"/v1/x:\" has an empty verb at byte 6; expected \":\" followed by a literal like \"cancel\""),
            ("/v1//x", "template \"/v1//x\" has an empty segment at byte 4"),
            ("/", "template \"/\" has an empty segment at byte 1"),
            ("/v1/", "template \"/v1/\" has an empty segment at byte 4"),
            ("/v1/{}", "template \"/v1/{}\" has an empty field path at byte 5"),
            ("/v1/{=*}", "template \"/v1/{=*}\" has an empty field path at byte 5"),
            ("/v1/{a..b}", "template \"/v1/{a..b}\" has an invalid field path \"a..b\" at byte 5; expected identifiers joined by \".\" like \"name\" or \"book.name\""),
            ("/v1/{na me}", "template \"/v1/{na me}\" has an unexpected character \" \" at byte 7; expected a field path like \"name\" followed by \"=\" or \"}\""),
            ("/v1/*x", "template \"/v1/*x\" has an unexpected character \"x\" at byte 5; \"*\" and \"**\" must be whole segments"),
            ("/v1/{1a}", "template \"/v1/{1a}\" has an invalid field path \"1a\" at byte 5; expected identifiers joined by \".\" like \"name\" or \"book.name\""),
            ("/v1/{a}/{a}", "template \"/v1/{a}/{a}\" binds the field \"a\" twice"),
            ("/v 1", "template \"/v 1\" has an unexpected character \" \" at byte 2; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""),
            ("/v1/x:a:b", "template \"/v1/x:a:b\" has an unexpected character \":\" at byte 7; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""),
            ("/v1/{a=b c}", "template \"/v1/{a=b c}\" has an unexpected character \" \" at byte 8; expected letters, digits, \"-._~\", \"*\", \"**\" or \"{field=...}\" between \"/\""),
            ("/v1/..", "template \"/v1/..\" has a \"..\" segment at byte 4, which a browser would resolve away"),
        ];
        for (input, msg) in table {
            assert_eq!(err(PathTemplate::parse(input)), msg, "{input}");
        }
        assert!(PathTemplate::parse("/**:cancel").is_ok());
        assert!(PathTemplate::parse("/v1/{name=**}").is_ok());
    }

    #[test]
    fn http_rules() {
        let gke = "/v1/{name=projects/*/locations/*/operations/*}:cancel";
        let r = parse_http_rule(&format!("POST https://clouddeploy.googleapis.com{gke}")).unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.origin.as_deref(), Some("https://clouddeploy.googleapis.com"));
        assert_eq!(r.template.as_str(), gke);
        let r = parse_http_rule(&format!("  post {gke}\n")).unwrap();
        assert_eq!((r.method.as_str(), r.origin), ("POST", None));
        for gax in [format!("post: '{gke}'"), format!("Post:\"{gke}\""), format!("post: {gke}")] {
            let r = parse_http_rule(&gax).unwrap();
            assert_eq!(r.template.as_str(), gke, "{gax}");
        }
        let r = parse_http_rule("get HTTPS://Example.COM:443/v1/{name=operations/**}").unwrap();
        assert_eq!((r.method.as_str(), r.origin.as_deref()), ("GET", Some("https://example.com")));
        let table = [
            ("", "HTTP rule is empty; expected e.g. \"POST https://host/v1/{name=operations/**}:cancel\""),
            ("/v1/x", "HTTP rule \"/v1/x\" has no method; expected e.g. \"POST /v1/{name=operations/**}:cancel\""),
            ("FETCH /v1/x", "HTTP rule \"FETCH /v1/x\" has the method \"FETCH\"; expected one of GET, PUT, POST, DELETE, PATCH"),
            ("POST", "HTTP rule \"POST\" has no path; expected e.g. \"/v1/{name=operations/**}:cancel\""),
            ("POST-/v1", "HTTP rule \"POST-/v1\" needs whitespace or \":\" after the method; expected e.g. \"POST /v1/{name=operations/**}:cancel\""),
            ("post: '/v1/x", "HTTP rule \"post: '/v1/x\" has an unbalanced quote around the path; expected e.g. \"POST /v1/{name=operations/**}:cancel\""),
            ("POST v1/x", "HTTP rule \"POST v1/x\" has a path that starts neither with \"/\" nor with an origin like \"https://host\""),
            ("POST https://x.example", "HTTP rule \"POST https://x.example\" has an origin but no path after it; expected e.g. \"https://host/v1/{name=operations/**}:cancel\""),
        ];
        for (input, msg) in table {
            assert_eq!(err(parse_http_rule(input)), msg, "{input}");
        }
        assert!(err(parse_http_rule("POST https://u@x.example/v1/x")).contains("credentials"));
        assert!(err(parse_http_rule("POST https://x.example/v1/{x")).contains("unbalanced"));
    }
}
