//! A small, strict, panic-free JSON reader and writer (RFC 8259).
//!
//! lro-cancel does not depend on `serde_json` (wasm size budget); this crate is its only JSON
//! reader, a crate of its own so that it alone is built for speed (`opt-level = 3`; the rest of
//! the wasm is built for size). Contract of [`parse`]:
//!
//! * the grammar of RFC 8259 exactly: no comments, no trailing commas, no leading zeros, no
//!   `NaN`/`Infinity`, no single quotes, no unescaped control characters in strings;
//! * one value per text: anything but whitespace after it is an error;
//! * a leading byte order mark (U+FEFF) is tolerated and skipped;
//! * containers nest at most [`MAX_DEPTH`] deep (deeper input is an error, never a stack
//!   overflow);
//! * `\uXXXX` escapes are decoded, surrogate pairs combined, and lone surrogates replaced by
//!   U+FFFD (Rust strings cannot hold them);
//! * numbers become `f64` (`str::parse` of the validated text); a number whose magnitude does not
//!   fit an `f64` (e.g. `1e400`) is an error rather than an infinity;
//! * objects keep every member in document order, duplicates included; [`Json::get`] returns the
//!   *last* member with a key, as `JSON.parse` does;
//! * time and memory are linear in the input; no input panics.
//!
//! [`Json`] implements `serde::Serialize` so decoded values can be handed to JS unchanged through
//! `serde_wasm_bindgen`; [`write_json`] writes compact JSON text and [`to_json`] turns any
//! `Serialize` value into a [`Json`] with the data model of
//! `serde_wasm_bindgen::Serializer::json_compatible()` (used by tests and native callers).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
#![no_std]
extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

use alloc::borrow::{Cow, ToOwned};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use alloc::{format, vec};
use core::fmt;
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};

/// The deepest nesting of arrays and objects [`parse`] accepts.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// Always finite when produced by [`parse`].
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Members in document order; duplicate keys are kept.
    Object(Vec<(String, Json)>),
}

/// Why [`parse`] refused a text: the byte offset (into the text as given, BOM included) where the
/// problem was found and a short reason.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonError {
    pub offset: usize,
    pub reason: &'static str,
}

/// `{reason} at byte {offset}`.
impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

impl core::error::Error for JsonError {}

impl Json {
    /// The value of the last member named `key` if `self` is an object; `None` otherwise.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The number as an `i64` when it is finite, integral and within ±2^63 (exclusive).
    pub fn as_i64(&self) -> Option<i64> {
        exact_i64(self.as_f64()?)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// "null", "a boolean", "a number", "a string", "an array" or "an object", for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// `n` as an `i64` when it is integral and within ±2^63 (exclusive).
fn exact_i64(n: f64) -> Option<i64> {
    // 2^63 is exactly representable; within the range the cast truncates, so it is exact iff
    // converting back gives `n` (no `f64::trunc`, which needs std).
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&n) && (n as i64) as f64 == n {
        Some(n as i64)
    } else {
        None
    }
}

/// Parses one JSON text into an owned tree; see the module documentation for the exact
/// contract. The tree is built from a [`Doc`], which is where the grammar lives.
pub fn parse(text: &str) -> Result<Json, JsonError> {
    Ok(Doc::parse(text)?.root().to_json())
}

/// What a tape node holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object,
}

/// One value of a validated text: its kind, its byte span (strings with their quotes) and the
/// index of the node after its whole subtree (`next`), so that siblings are one step apart.
/// An object's children alternate key, value.
#[derive(Clone, Copy, Debug)]
struct Node {
    kind: Kind,
    /// A string with at least one backslash escape.
    escaped: bool,
    start: u32,
    end: u32,
    next: u32,
}

/// A validated JSON text and its tape: one [`Node`] per value, in document order (the layout of
/// simdjson's tape). Validating builds the tape in the same single pass; reading it afterwards
/// never rescans the text, and strings are only decoded when asked for. Spans let a caller hand
/// any member to `JSON.parse` verbatim.
pub struct Doc<'a> {
    text: &'a str,
    nodes: Vec<Node>,
}

impl<'a> Doc<'a> {
    /// Validates `text` (the contract of [`parse`]) and records its tape.
    pub fn parse(text: &'a str) -> Result<Doc<'a>, JsonError> {
        if u32::try_from(text.len()).is_err() {
            return Err(JsonError { offset: 0, reason: "text longer than 4 GiB" });
        }
        // U+FEFF is EF BB BF in UTF-8; three byte compares, no memcmp.
        let start = if let [0xEF, 0xBB, 0xBF, ..] = text.as_bytes() { 3 } else { 0 };
        // A value takes two bytes of text at least (`1,`); a sixteenth of the text is room for the
        // usual body without regrowing the tape.
        let nodes = Vec::with_capacity(text.len() / 16);
        let mut p = Parser { src: text, bytes: text.as_bytes(), pos: start, nodes };
        match p.document() {
            Ok(()) => Ok(Doc { text, nodes: p.nodes }),
            Err(r) => Err(JsonError { offset: p.pos, reason: r.text() }),
        }
    }

    /// The top-level value.
    pub fn root(&self) -> Value<'_> {
        Value { doc: self, at: 0 }
    }
}

/// A value inside a [`Doc`]: cheap to copy, read without allocating.
#[derive(Clone, Copy)]
pub struct Value<'d> {
    doc: &'d Doc<'d>,
    at: u32,
}

impl<'d> Value<'d> {
    #[inline(always)]
    fn node(&self) -> Node {
        // `at` always indexes the tape; the fallback is never used (its `next` past any tape
        // would end a walk over children).
        const NONE: Node = Node { kind: Kind::Null, escaped: false, start: 0, end: 0, next: u32::MAX };
        self.doc.nodes.get(self.at as usize).copied().unwrap_or(NONE)
    }

    /// The byte span of the value's text (a string's includes its quotes).
    pub fn span(&self) -> (usize, usize) {
        let n = self.node();
        (n.start as usize, n.end as usize)
    }

    /// The value's JSON text, exactly as in the document.
    pub fn text(&self) -> &'d str {
        let (a, b) = self.span();
        self.doc.text.get(a..b).unwrap_or("")
    }

    /// "null", "a boolean", "a number", "a string", "an array" or "an object", for messages.
    pub fn kind(&self) -> &'static str {
        match self.node().kind {
            Kind::Null => "null",
            Kind::False | Kind::True => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }

    pub fn is_null(&self) -> bool {
        self.node().kind == Kind::Null
    }

    pub fn is_object(&self) -> bool {
        self.node().kind == Kind::Object
    }

    pub fn is_array(&self) -> bool {
        self.node().kind == Kind::Array
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.node().kind {
            Kind::True => Some(true),
            Kind::False => Some(false),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        let n = self.node();
        // A number's span is ASCII: its bytes, with no character-boundary checks.
        let digits = self.doc.text.as_bytes().get(n.start as usize..n.end as usize);
        if n.kind == Kind::Number {
            number_bytes(digits?)
        } else {
            None
        }
    }

    /// The number as an `i64` when it is finite, integral and within ±2^63 (exclusive).
    pub fn as_i64(&self) -> Option<i64> {
        exact_i64(self.as_f64()?)
    }

    /// A string's text without its quotes when it has no escapes (then it is the decoded value).
    #[inline(always)]
    pub fn verbatim_str(&self) -> Option<&'d str> {
        let n = self.node();
        if n.kind != Kind::String || n.escaped {
            return None;
        }
        self.doc.text.get((n.start as usize).saturating_add(1)..(n.end as usize).saturating_sub(1))
    }

    /// A string's decoded value (borrowed when it has no escapes).
    pub fn as_str(&self) -> Option<Cow<'d, str>> {
        let n = self.node();
        if n.kind != Kind::String {
            return None;
        }
        if let Some(s) = self.verbatim_str() {
            return Some(Cow::Borrowed(s));
        }
        let mut p =
            Parser { src: self.doc.text, bytes: self.doc.text.as_bytes(), pos: n.start as usize, nodes: Vec::new() };
        let mut out = String::new();
        p.string(Some(&mut out)).ok()?;
        Some(Cow::Owned(out))
    }

    /// An array's elements; nothing for other kinds.
    pub fn items(&self) -> impl Iterator<Item = Value<'d>> + 'd {
        // `children` with the kind checked once: nothing to walk unless an array.
        let n = self.node();
        let end = if n.kind == Kind::Array { n.next } else { 0 };
        let (doc, mut i) = (self.doc, self.at.saturating_add(1));
        core::iter::from_fn(move || {
            if i >= end {
                return None;
            }
            let v = Value { doc, at: i };
            i = v.node().next;
            Some(v)
        })
    }

    /// An object's members in document order, duplicates included; nothing for other kinds.
    pub fn members(&self) -> impl Iterator<Item = (Value<'d>, Value<'d>)> + 'd {
        // As `items`: the kind checked once, key and value nodes straight off the tape.
        let n = self.node();
        let end = if n.kind == Kind::Object { n.next } else { 0 };
        let (doc, mut i) = (self.doc, self.at.saturating_add(1));
        core::iter::from_fn(move || {
            if i >= end {
                return None;
            }
            let k = Value { doc, at: i };
            let v = Value { doc, at: k.node().next };
            if v.at >= end {
                return None;
            }
            i = v.node().next;
            Some((k, v))
        })
    }

    /// Whether a key (a string value) equals `key`.
    #[inline(always)]
    pub fn key_is(&self, key: &str) -> bool {
        match self.verbatim_str() {
            Some(s) => s == key,
            None => self.as_str().is_some_and(|s| s == key),
        }
    }

    /// The value of the last member named `key` (as `JSON.parse` keeps it) if `self` is an
    /// object; `None` otherwise.
    pub fn get(&self, key: &str) -> Option<Value<'d>> {
        let mut found = None;
        for (k, v) in self.members() {
            if k.key_is(key) {
                found = Some(v);
            }
        }
        found
    }

    /// The value as an owned tree.
    pub fn to_json(&self) -> Json {
        match self.node().kind {
            Kind::Null => Json::Null,
            Kind::False => Json::Bool(false),
            Kind::True => Json::Bool(true),
            Kind::Number => Json::Number(self.as_f64().unwrap_or(0.0)),
            Kind::String => Json::String(self.as_str().map(Cow::into_owned).unwrap_or_default()),
            Kind::Array => Json::Array(self.items().map(|v| v.to_json()).collect()),
            Kind::Object => Json::Object(
                self.members()
                    .map(|(k, v)| (k.as_str().map(Cow::into_owned).unwrap_or_default(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Why the parser stopped; it stops with its cursor at the offset to report. A byte-sized code
/// (rather than a [`JsonError`]) keeps the parser's results in a register.
#[derive(Clone, Copy)]
enum Reason {
    EndValue,
    NotValue,
    Literal,
    Depth,
    EndArray,
    ArraySep,
    EndObject,
    Key,
    Colon,
    ObjectSep,
    Unterminated,
    Control,
    Escape,
    Hex,
    LeadingZero,
    Digit,
    Fraction,
    Exponent,
    Range,
    Trailing,
}

/// The reasons' texts in variant order: the source of [`MESSAGES`] and [`ENDS`], built from
/// it at compile time.
const TEXTS: [&str; 20] = [
    "unexpected end of input, expected a value",        // EndValue
    "unexpected character, expected a value",           // NotValue
    "invalid literal, expected true, false or null",    // Literal
    "nesting deeper than 128 levels",                   // Depth
    "unexpected end of input in an array",              // EndArray
    "expected ',' or ']' in an array",                  // ArraySep
    "unexpected end of input in an object",             // EndObject
    "expected a string key in an object",               // Key
    "expected ':' after an object key",                 // Colon
    "expected ',' or '}' in an object",                 // ObjectSep
    "unterminated string",                              // Unterminated
    "unescaped control character in a string",          // Control
    "invalid escape sequence",                          // Escape
    "invalid \\u escape, expected four hex digits",     // Hex
    "leading zeros are not allowed in numbers",         // LeadingZero
    "invalid number, expected a digit",                 // Digit
    "invalid number, expected a digit after '.'",       // Fraction
    "invalid number, expected a digit in the exponent", // Exponent
    "number out of range",                              // Range
    "trailing characters after the JSON value",         // Trailing
];

/// Where each text ends in [`MESSAGES`] (`ENDS[i]..ENDS[i + 1]` is variant `i`'s).
// Compile-time only: an index out of range or an overflow is a build error, never a panic.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const ENDS: [u16; 21] = {
    let mut ends = [0u16; 21];
    let mut i = 0;
    while i < TEXTS.len() {
        ends[i + 1] = ends[i] + TEXTS[i].len() as u16;
        i += 1;
    }
    ends
};

/// The texts end to end, so that a reason's message is two offsets rather than a pointer and a
/// length per variant (or a branch per variant).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const BYTES: [u8; ENDS[20] as usize] = {
    let mut out = [0u8; ENDS[20] as usize];
    let (mut i, mut k) = (0, 0);
    while i < TEXTS.len() {
        let t = TEXTS[i].as_bytes();
        let mut j = 0;
        while j < t.len() {
            out[k] = t[j];
            j += 1;
            k += 1;
        }
        i += 1;
    }
    out
};

const MESSAGES: &str = match core::str::from_utf8(&BYTES) {
    Ok(s) => s,
    Err(_) => "",
};

impl Reason {
    fn text(self) -> &'static str {
        let i = self as usize;
        match (ENDS.get(i), ENDS.get(i.wrapping_add(1))) {
            (Some(&a), Some(&b)) => MESSAGES.get(usize::from(a)..usize::from(b)).unwrap_or(""),
            _ => "",
        }
    }
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
}

impl Parser<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn bump(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n);
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump(1);
        }
    }

    /// The whole text: one value and nothing after it but whitespace.
    fn document(&mut self) -> Result<(), Reason> {
        self.value(0)?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(Reason::Trailing);
        }
        Ok(())
    }

    /// One value and its subtree onto the tape.
    fn value(&mut self, depth: usize) -> Result<(), Reason> {
        self.skip_ws();
        let at = self.nodes.len();
        // Positions fit in u32: `Doc::parse` refuses longer texts.
        let start = self.pos as u32;
        self.nodes.push(Node { kind: Kind::Null, escaped: false, start, end: start, next: 0 });
        let mut escaped = false;
        let kind = match self.peek() {
            None => return Err(Reason::EndValue),
            Some(b'{') => {
                self.object(depth)?;
                Kind::Object
            }
            Some(b'[') => {
                self.array(depth)?;
                Kind::Array
            }
            Some(b'"') => {
                escaped = self.string(None)?;
                Kind::String
            }
            Some(b't') => self.literal("true", Kind::True)?,
            Some(b'f') => self.literal("false", Kind::False)?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                Kind::Number
            }
            Some(_) => return Err(Reason::NotValue),
        };
        let (end, next) = (self.pos as u32, self.nodes.len() as u32);
        if let Some(n) = self.nodes.get_mut(at) {
            *n = Node { kind, escaped, start, end, next };
        }
        Ok(())
    }

    fn literal(&mut self, word: &'static str, kind: Kind) -> Result<Kind, Reason> {
        let end = self.pos.saturating_add(word.len());
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(kind)
        } else {
            Err(Reason::Literal)
        }
    }

    fn enter(&self, depth: usize) -> Result<usize, Reason> {
        if depth >= MAX_DEPTH {
            Err(Reason::Depth)
        } else {
            Ok(depth.saturating_add(1))
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), Reason> {
        let depth = self.enter(depth)?;
        self.bump(1); // '['
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.bump(1);
            return Ok(());
        }
        loop {
            self.value(depth)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.bump(1),
                Some(b']') => {
                    self.bump(1);
                    return Ok(());
                }
                None => return Err(Reason::EndArray),
                Some(_) => return Err(Reason::ArraySep),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), Reason> {
        let depth = self.enter(depth)?;
        self.bump(1); // '{'
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.bump(1);
            return Ok(());
        }
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(Reason::EndObject),
                Some(_) => return Err(Reason::Key),
            }
            self.value(depth)?; // the key, a string node
            self.skip_ws();
            match self.peek() {
                Some(b':') => self.bump(1),
                None => return Err(Reason::EndObject),
                Some(_) => return Err(Reason::Colon),
            }
            self.value(depth)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.bump(1),
                Some(b'}') => {
                    self.bump(1);
                    return Ok(());
                }
                None => return Err(Reason::EndObject),
                Some(_) => return Err(Reason::ObjectSep),
            }
        }
    }

    /// The text between `from` and the cursor. Both are at ASCII bytes or the ends of the text,
    /// so the slice is always on character boundaries.
    fn since(&self, from: usize) -> &str {
        self.src.get(from..self.pos).unwrap_or("")
    }

    /// At an opening quote: validates the string and, with `out`, decodes it there. Returns
    /// whether it has escapes.
    fn string(&mut self, mut out: Option<&mut String>) -> Result<bool, Reason> {
        self.bump(1); // opening quote
        let mut run = self.pos;
        let mut escaped = false;
        loop {
            // The common bytes first, in a tight loop over the rest of the text.
            self.skip_plain();
            let quote = match self.peek() {
                None => return Err(Reason::Unterminated),
                Some(b'"') => true,
                Some(b'\\') => false,
                Some(_) => return Err(Reason::Control),
            };
            if let Some(out) = out.as_deref_mut() {
                out.push_str(self.since(run));
            }
            if quote {
                self.bump(1);
                return Ok(escaped);
            }
            escaped = true;
            self.escape(out.as_deref_mut())?;
            run = self.pos;
        }
    }

    /// Moves the cursor to the next byte that ends a string's plain run (`"`, `\\` or a control
    /// character), eight bytes at a time: a byte `b` of the word is flagged by the classic
    /// zero-byte test on `b ^ '"'` and `b ^ '\\'`, and by `b - 0x20` borrowing without `b`'s top
    /// bit set. A borrow can only flag bytes after a true hit, so the lowest flag is exact.
    #[inline(always)]
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const TOPS: u64 = 0x8080_8080_8080_8080;
        while let Some(word) = self.bytes.get(self.pos..).and_then(|r| r.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*word);
            let (q, b) = (w ^ (ONES * 0x22), w ^ (ONES * 0x5C));
            let hits =
                (q.wrapping_sub(ONES) & !q | b.wrapping_sub(ONES) & !b | w.wrapping_sub(ONES * 0x20) & !w) & TOPS;
            if hits != 0 {
                self.bump((hits.trailing_zeros() / 8) as usize);
                return;
            }
            self.bump(8);
        }
        while let Some(b) = self.peek() {
            if b == b'"' || b == b'\\' || b < 0x20 {
                return;
            }
            self.bump(1);
        }
    }

    /// At a backslash: validates one escape (a surrogate pair counts as one) and, with `out`,
    /// decodes it there.
    #[inline(never)]
    fn escape(&mut self, out: Option<&mut String>) -> Result<(), Reason> {
        self.bump(1);
        let c = match self.peek() {
            Some(b'u') => {
                self.bump(1);
                self.unicode()?
            }
            Some(b) => {
                let c = match b {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    _ => return Err(Reason::Escape),
                };
                self.bump(1);
                c
            }
            None => return Err(Reason::Unterminated),
        };
        if let Some(out) = out {
            out.push(c);
        }
        Ok(())
    }

    /// After `\u`: the character of the escape, U+FFFD for a lone surrogate; a high surrogate
    /// directly followed by an escaped low one is combined with it.
    fn unicode(&mut self) -> Result<char, Reason> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            let save = self.pos;
            if self.peek() == Some(b'\\') && self.bytes.get(self.pos.saturating_add(1)) == Some(&b'u') {
                self.bump(2);
                match self.hex4() {
                    Ok(second) if (0xDC00..0xE000).contains(&second) => {
                        let bits = (u32::from(first & 0x3FF) << 10) | u32::from(second & 0x3FF);
                        return Ok(char::from_u32(bits.wrapping_add(0x10000)).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                    _ => self.pos = save,
                }
            }
        }
        Ok(char::from_u32(u32::from(first)).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Result<u16, Reason> {
        let start = self.pos;
        let end = start.saturating_add(4);
        let digits = self.bytes.get(start..end).unwrap_or(&[]);
        let mut value = 0u16;
        for d in digits {
            if !d.is_ascii_hexdigit() {
                break;
            }
            // '0'..'9' keep their low nibble; 'a'..'f' and 'A'..'F' (bit 6 set) add 9 to it.
            value = value.wrapping_shl(4) | u16::from((d & 0xF).wrapping_add((d >> 6).wrapping_mul(9)));
            self.bump(1);
        }
        if self.pos != end {
            self.pos = start;
            return Err(Reason::Hex);
        }
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump(1);
        }
        self.pos.saturating_sub(start)
    }

    fn number(&mut self) -> Result<(), Reason> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.bump(1);
        }
        match self.peek() {
            Some(b'0') => {
                self.bump(1);
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(Reason::LeadingZero);
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Reason::Digit),
        }
        let mut plain = true;
        if self.peek() == Some(b'.') {
            self.bump(1);
            if self.digits() == 0 {
                return Err(Reason::Fraction);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            plain = false;
            self.bump(1);
            if let Some(b'+' | b'-') = self.peek() {
                self.bump(1);
            }
            if self.digits() == 0 {
                return Err(Reason::Exponent);
            }
        }
        // Without an exponent a number overflows only past ~308 digits; check those and any
        // with an exponent.
        if !plain || self.pos.saturating_sub(start) > 300 {
            match number_bytes(self.bytes.get(start..self.pos).unwrap_or(&[])) {
                Some(n) if n.is_finite() => {}
                _ => {
                    self.pos = start;
                    return Err(Reason::Range);
                }
            }
        }
        Ok(())
    }
}

/// The value of a number already validated against the JSON grammar, correctly rounded (as
/// `str::parse::<f64>` and JavaScript's `Number()` give it).
///
/// An integer of at most 15 digits (what a `google.rpc.Code`, an HTTP status or a count is) is
/// exact in an `f64` and is read here; any other number goes to [`slow_number`], the platform's
/// own correctly rounded parser, which keeps the float-parsing tables out of the wasm. The
/// shipped module asks for a number's value only for a status code and for the range check of
/// a number with an exponent: a fraction or an exponent is rare where it is asked.
///
/// It takes the number's bytes: they are ASCII, so there are no character boundaries to check.
// One copy for `as_i64` and the parser's range check, rather than one inlined in each.
#[inline(never)]
fn number_bytes(text: &[u8]) -> Option<f64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if digits.len() > 15 {
        return slow_number(text);
    }
    let mut n: u64 = 0;
    for b in digits {
        if !b.is_ascii_digit() {
            return slow_number(text);
        }
        // At most 15 digits: below 10^15, no overflow.
        n = n.wrapping_mul(10).wrapping_add(u64::from(b.wrapping_sub(b'0')));
    }
    let value = n as f64;
    Some(if negative { -value } else { value })
}

/// [`number_bytes`] of a text, for the tests.
#[cfg(test)]
fn number_value(text: &str) -> Option<f64> {
    number_bytes(text.as_bytes())
}

/// A number other than a short integer, by the platform's correctly rounded parser.
#[cfg(not(target_arch = "wasm32"))]
fn slow_number(text: &[u8]) -> Option<f64> {
    core::str::from_utf8(text).ok()?.parse::<f64>().ok()
}

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
fn slow_number(text: &[u8]) -> Option<f64> {
    Some(js_number(text))
}

#[cfg(all(target_arch = "wasm32", feature = "std"))]
fn slow_number(text: &[u8]) -> Option<f64> {
    Some(js_number(core::str::from_utf8(text).ok()?))
}

/// The shipped build (without std) imports `lro.number(ptr, len)`, which the package's loader
/// (`src/js/index.js`) provides as `Number` of the UTF-8 at `ptr`: a raw import, so that the
/// module needs no wasm-bindgen glue.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
fn js_number(text: &[u8]) -> f64 {
    #[link(wasm_import_module = "lro")]
    extern "C" {
        fn number(ptr: *const u8, len: usize) -> f64;
    }
    // SAFETY: the import reads `len` bytes at `ptr`, which `text` holds, and keeps nothing.
    unsafe { number(text.as_ptr(), text.len()) }
}

/// With std (native builds and the browser tests), through wasm-bindgen.
#[cfg(all(target_arch = "wasm32", feature = "std"))]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// JavaScript's `Number(text)`: correctly rounded for JSON number syntax.
    #[wasm_bindgen(js_name = Number)]
    fn js_number(text: &str) -> f64;
}

/// Appends `value` to `out` as compact JSON text. Non-finite numbers (which [`parse`] never
/// produces) are written as `null`, as `JSON.stringify` does. `parse` of the output gives back
/// an equal value (numbers use Rust's shortest round-trip formatting).
pub fn write_json(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Number(n) => write_number(*n, out),
        Json::String(s) => write_string(s, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

/// `value` as compact JSON text (see [`write_json`]).
pub fn to_string(value: &Json) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_number(n: f64, out: &mut String) {
    use fmt::Write as _;
    if !n.is_finite() {
        out.push_str("null");
    } else if n == 0.0 || (1e-6..1e21).contains(&n.abs()) {
        let _ = write!(out, "{n}");
    } else {
        let _ = write!(out, "{n:e}");
    }
}

fn write_string(s: &str, out: &mut String) {
    use fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Objects serialize as maps in member order (through `json_compatible()` a later duplicate key
/// overwrites an earlier one, as in `JSON.parse`); numbers as `f64`; `null` as unit.
impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => s.serialize_f64(*n),
            Json::String(v) => s.serialize_str(v),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (key, item) in members {
                    map.serialize_entry(key, item)?;
                }
                map.end()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Serialize → Json, with the data model of serde_wasm_bindgen's json_compatible() serializer.

/// Why [`to_json`] failed (a map key that is not a string, an integer outside ±(2^53 − 1), …).
#[derive(Clone, Debug, PartialEq)]
pub struct ToJsonError(pub String);

impl fmt::Display for ToJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for ToJsonError {}

impl ser::Error for ToJsonError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ToJsonError(msg.to_string())
    }
}

/// Serializes `value` into a [`Json`] exactly as `serde_wasm_bindgen::Serializer::json_compatible()`
/// would shape the JS value: `None`/unit → `null`, maps and structs → objects (string keys only),
/// skipped fields absent, 64-bit integers as numbers only within ±(2^53 − 1), unit variants as
/// their name, other variants as `{ "Variant": … }`, bytes as arrays of numbers.
pub fn to_json<T: ?Sized + Serialize>(value: &T) -> Result<Json, ToJsonError> {
    value.serialize(ToJson)
}

const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

struct ToJson;

/// Builds arrays (seq, tuple, tuple struct) and, with `variant`, `{variant: [...]}`.
#[doc(hidden)]
pub struct SeqBuilder {
    variant: Option<&'static str>,
    items: Vec<Json>,
}

/// Builds objects (map, struct) and, with `variant`, `{variant: {...}}`.
#[doc(hidden)]
pub struct MapBuilder {
    variant: Option<&'static str>,
    members: Vec<(String, Json)>,
    key: Option<String>,
}

fn wrap(variant: Option<&'static str>, value: Json) -> Json {
    match variant {
        Some(v) => Json::Object(vec![(v.to_owned(), value)]),
        None => value,
    }
}

impl Serializer for ToJson {
    type Ok = Json;
    type Error = ToJsonError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = MapBuilder;

    fn serialize_bool(self, v: bool) -> Result<Json, ToJsonError> {
        Ok(Json::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Json, ToJsonError> {
        if v.unsigned_abs() <= MAX_SAFE_INTEGER {
            Ok(Json::Number(v as f64))
        } else {
            Err(ToJsonError(format!("{v} can't be represented as a JavaScript number")))
        }
    }
    fn serialize_u8(self, v: u8) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Json, ToJsonError> {
        if v <= MAX_SAFE_INTEGER {
            Ok(Json::Number(v as f64))
        } else {
            Err(ToJsonError(format!("{v} can't be represented as a JavaScript number")))
        }
    }
    fn serialize_f32(self, v: f32) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Json, ToJsonError> {
        Ok(Json::Number(v))
    }
    fn serialize_char(self, v: char) -> Result<Json, ToJsonError> {
        Ok(Json::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Json, ToJsonError> {
        Ok(Json::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Json, ToJsonError> {
        Ok(Json::Array(v.iter().map(|b| Json::Number(f64::from(*b))).collect()))
    }
    fn serialize_none(self) -> Result<Json, ToJsonError> {
        Ok(Json::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Json, ToJsonError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Json, ToJsonError> {
        Ok(Json::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Json, ToJsonError> {
        Ok(Json::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Json, ToJsonError> {
        Ok(Json::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Json, ToJsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Json, ToJsonError> {
        Ok(wrap(Some(variant), value.serialize(self)?))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqBuilder, ToJsonError> {
        Ok(SeqBuilder { variant: None, items: Vec::new() })
    }
    fn serialize_tuple(self, _len: usize) -> Result<SeqBuilder, ToJsonError> {
        Ok(SeqBuilder { variant: None, items: Vec::new() })
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<SeqBuilder, ToJsonError> {
        Ok(SeqBuilder { variant: None, items: Vec::new() })
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<SeqBuilder, ToJsonError> {
        Ok(SeqBuilder { variant: Some(variant), items: Vec::new() })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapBuilder, ToJsonError> {
        Ok(MapBuilder { variant: None, members: Vec::new(), key: None })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapBuilder, ToJsonError> {
        Ok(MapBuilder { variant: None, members: Vec::new(), key: None })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapBuilder, ToJsonError> {
        Ok(MapBuilder { variant: Some(variant), members: Vec::new(), key: None })
    }
}

impl SeqBuilder {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToJsonError> {
        self.items.push(value.serialize(ToJson)?);
        Ok(())
    }
    fn finish(self) -> Result<Json, ToJsonError> {
        Ok(wrap(self.variant, Json::Array(self.items)))
    }
}

/// The four sequence traits of serde's data model differ only in the name of their element
/// method; each pushes onto the same array.
macro_rules! seq_builder {
    ($($tr:ident :: $method:ident),*) => {$(
        impl ser::$tr for SeqBuilder {
            type Ok = Json;
            type Error = ToJsonError;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToJsonError> {
                self.push(value)
            }
            fn end(self) -> Result<Json, ToJsonError> {
                self.finish()
            }
        }
    )*};
}

seq_builder!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl MapBuilder {
    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), ToJsonError> {
        self.members.push((key.to_owned(), value.serialize(ToJson)?));
        Ok(())
    }
    fn finish(self) -> Result<Json, ToJsonError> {
        Ok(wrap(self.variant, Json::Object(self.members)))
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Json;
    type Error = ToJsonError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), ToJsonError> {
        match key.serialize(ToJson)? {
            Json::String(k) => {
                self.key = Some(k);
                Ok(())
            }
            _ => Err(ToJsonError("Map key is not a string and cannot be an object key".to_owned())),
        }
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToJsonError> {
        let key = self.key.take().ok_or_else(|| ToJsonError("map value without a key".to_owned()))?;
        self.members.push((key, value.serialize(ToJson)?));
        Ok(())
    }
    fn end(self) -> Result<Json, ToJsonError> {
        self.finish()
    }
}

/// Struct fields, plain or in an enum variant, are object members.
macro_rules! struct_builder {
    ($($tr:ident),*) => {$(
        impl ser::$tr for MapBuilder {
            type Ok = Json;
            type Error = ToJsonError;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), ToJsonError> {
                self.field(key, value)
            }
            fn end(self) -> Result<Json, ToJsonError> {
                self.finish()
            }
        }
    )*};
}

struct_builder!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    /// The integer path agrees bit for bit with `str::parse::<f64>` (which the slow path is).
    #[test]
    fn number_value_is_correctly_rounded() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300_000 {
            let r = next();
            let int = next() % 10u64.pow((r % 17) as u32 + 1);
            let frac_digits = (r >> 8) % 12;
            let frac = next() % 10u64.pow(frac_digits as u32 + 1);
            let mut t = String::new();
            if r & 1 == 1 {
                t.push('-');
            }
            t.push_str(&int.to_string());
            if frac_digits > 0 {
                t.push('.');
                t.push_str(&format!("{frac:0width$}", width = frac_digits as usize));
            }
            if (r >> 20) % 3 == 0 {
                t.push_str(&format!("e{}", ((r >> 24) % 60) as i64 - 30));
            }
            let want: f64 = t.parse().unwrap();
            assert_eq!(number_value(&t).map(f64::to_bits), Some(want.to_bits()), "{t}");
        }
    }

    use super::*;

    fn ok(text: &str) -> Json {
        match parse(text) {
            Ok(v) => v,
            Err(e) => panic!("{text:?} should parse: {e}"),
        }
    }

    fn err(text: &str) -> JsonError {
        match parse(text) {
            Ok(v) => panic!("{text:?} should not parse, got {v:?}"),
            Err(e) => e,
        }
    }

    fn s(v: &str) -> Json {
        Json::String(v.to_owned())
    }

    #[test]
    fn scalars() {
        assert_eq!(ok("null"), Json::Null);
        assert_eq!(ok(" true "), Json::Bool(true));
        assert_eq!(ok("\t\r\nfalse\n"), Json::Bool(false));
        assert_eq!(ok("0"), Json::Number(0.0));
        assert_eq!(ok("-0"), Json::Number(0.0));
        assert_eq!(ok("12.5e2"), Json::Number(1250.0));
        assert_eq!(ok("-1E-2"), Json::Number(-0.01));
        assert_eq!(ok("1e+2"), Json::Number(100.0));
        assert_eq!(ok("\"hi\""), s("hi"));
        assert_eq!(ok("1.7976931348623157e308"), Json::Number(f64::MAX));
        assert_eq!(ok("5e-324"), Json::Number(5e-324));
        assert_eq!(ok("1e-400"), Json::Number(0.0));
        // Exponents with more digits than an i64 holds: capped, then the platform's parser.
        assert_eq!(ok("1e-99999999999999999999999999"), Json::Number(0.0));
        assert_eq!(ok("1e00000000000000000000000000001"), Json::Number(10.0));
        assert_eq!(ok("-25e-00000000000000000000000000001"), Json::Number(-2.5));
        assert!(parse("1e99999999999999999999999999").is_err());
    }

    #[test]
    fn containers_keep_order_and_duplicates() {
        let v = ok(r#"{"b": [1, {"c": null}], "a": "x", "b": 2}"#);
        let members = v.as_object().unwrap_or(&[]);
        assert_eq!(members.len(), 3);
        assert_eq!(members.first().map(|(k, _)| k.as_str()), Some("b"));
        assert_eq!(v.get("b"), Some(&Json::Number(2.0)), "last duplicate wins");
        assert_eq!(v.get("a").and_then(Json::as_str), Some("x"));
        assert_eq!(v.get("zz"), None);
        assert_eq!(ok("[]"), Json::Array(vec![]));
        assert_eq!(ok("{ }"), Json::Object(vec![]));
        assert_eq!(ok("[[],[[]]]").as_array().map(<[Json]>::len), Some(2));
        assert_eq!(s("x").get("a"), None);
    }

    /// The eight-byte scan stops where a byte-at-a-time scan stops: at the first `"`, `\\` or
    /// control character, for each of them and their neighbours in value, at every position of
    /// a run long enough to take several words, with and without multi-byte characters before.
    #[test]
    fn plain_run_scan_stops_at_the_first_special_byte() {
        let first_special = |t: &str| t.bytes().position(|b| b == b'"' || b == b'\\' || b < 0x20);
        let mut checked = 0;
        for prefix in ["", "é", "😀ab", "\u{7f}\u{80}"] {
            for stop in ["\"", "\\", "\u{0}", "\u{1f}", "\n"] {
                for filler in [" ", "!", "#", "[", "]", "\u{7f}", "é"] {
                    for at in 0..20 {
                        let text = format!("{prefix}{}{stop}{}", filler.repeat(at), filler.repeat(9));
                        let mut p = Parser { src: &text, bytes: text.as_bytes(), pos: 0, nodes: Vec::new() };
                        p.skip_plain();
                        assert_eq!(Some(p.pos), first_special(&text), "{text:?}");
                        checked += 1;
                    }
                }
            }
        }
        // No special byte at all: the scan ends at the end of the text.
        let text = "x".repeat(19);
        let mut p = Parser { src: &text, bytes: text.as_bytes(), pos: 3, nodes: Vec::new() };
        p.skip_plain();
        assert_eq!(p.pos, 19);
        assert_eq!(checked, 4 * 5 * 7 * 20);
    }

    #[test]
    fn escapes_and_unicode() {
        assert_eq!(ok(r#""a\"b\\c\/d\b\f\n\r\t""#), s("a\"b\\c/d\u{8}\u{c}\n\r\t"));
        assert_eq!(ok(r#""\u00e9\u4e2D""#), s("é中"));
        assert_eq!(ok(r#""\ud83d\ude00""#), s("😀"));
        assert_eq!(ok(r#""\ud83d""#), s("\u{FFFD}"));
        assert_eq!(ok(r#""\ude00x""#), s("\u{FFFD}x"));
        assert_eq!(ok(r#""\ud83d\u0041""#), s("\u{FFFD}A"));
        assert_eq!(ok(r#""\ud83d\ud83d\ude00""#), s("\u{FFFD}😀"));
        assert_eq!(ok(r#""\ud83d\n""#), s("\u{FFFD}\n"));
        assert_eq!(ok("\"héllo 😀\""), s("héllo 😀"));
        assert_eq!(ok("\u{FEFF}{\"a\":1}").get("a"), Some(&Json::Number(1.0)));
    }

    #[test]
    fn rejects_invalid_text() {
        let cases = [
            ("", 0, "unexpected end of input, expected a value"),
            ("   ", 3, "unexpected end of input, expected a value"),
            ("nul", 0, "invalid literal, expected true, false or null"),
            ("True", 0, "unexpected character, expected a value"),
            ("01", 1, "leading zeros are not allowed in numbers"),
            ("-", 1, "invalid number, expected a digit"),
            ("1.", 2, "invalid number, expected a digit after '.'"),
            (".5", 0, "unexpected character, expected a value"),
            ("1e", 2, "invalid number, expected a digit in the exponent"),
            ("+1", 0, "unexpected character, expected a value"),
            ("1e400", 0, "number out of range"),
            ("-1e400", 0, "number out of range"),
            ("NaN", 0, "unexpected character, expected a value"),
            ("[1,]", 3, "unexpected character, expected a value"),
            ("[1 2]", 3, "expected ',' or ']' in an array"),
            ("{\"a\" 1}", 5, "expected ':' after an object key"),
            ("{\"a\":1 \"b\":2}", 7, "expected ',' or '}' in an object"),
            ("{\"a\":1,}", 7, "expected a string key in an object"),
            ("{'a':1}", 1, "expected a string key in an object"),
            ("{\"a\":1", 6, "unexpected end of input in an object"),
            ("[1", 2, "unexpected end of input in an array"),
            ("\"abc", 4, "unterminated string"),
            ("\"a\\", 3, "unterminated string"),
            ("\"\\x\"", 2, "invalid escape sequence"),
            ("\"\\u12\"", 3, "invalid \\u escape, expected four hex digits"),
            ("\"\\u+123\"", 3, "invalid \\u escape, expected four hex digits"),
            ("\"a\nb\"", 2, "unescaped control character in a string"),
            ("1 2", 2, "trailing characters after the JSON value"),
            ("{} x", 3, "trailing characters after the JSON value"),
            ("\u{FEFF}\u{FEFF}1", 3, "unexpected character, expected a value"),
            ("// c\n1", 0, "unexpected character, expected a value"),
        ];
        for (text, offset, reason) in cases {
            assert_eq!(err(text), JsonError { offset, reason }, "{text:?}");
        }
    }

    #[test]
    fn depth_limit() {
        let ok_text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok_text).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(err(&deep).reason, "nesting deeper than 128 levels");
        let objs = "{\"a\":".repeat(100_000);
        assert_eq!(err(&objs).reason, "nesting deeper than 128 levels");
        assert_eq!(err(&"[".repeat(1_000_000)).offset, MAX_DEPTH);
    }

    #[test]
    fn large_inputs_are_linear() {
        let big = format!("{{\"m\":\"{}\",\"a\":[{}0]}}", "x".repeat(4_000_000), "1,".repeat(500_000));
        let v = ok(&big);
        assert_eq!(v.get("m").and_then(Json::as_str).map(str::len), Some(4_000_000));
        assert_eq!(v.get("a").and_then(Json::as_array).map(<[Json]>::len), Some(500_001));
        let escapes = format!("\"{}\"", "\\n".repeat(1_000_000));
        assert_eq!(ok(&escapes).as_str().map(str::len), Some(1_000_000));
    }

    #[test]
    fn writes_compact_json() {
        let v = ok(r#"{ "a" : [ 1 , 2.5, -0.001, 1e21, 1.5e-7, true, null ], "s": "q\"\\\n\u0001é" }"#);
        assert_eq!(to_string(&v), r#"{"a":[1,2.5,-0.001,1e21,1.5e-7,true,null],"s":"q\"\\\n\u0001é"}"#);
        assert_eq!(parse(&to_string(&v)), Ok(v));
        assert_eq!(to_string(&Json::Number(f64::NAN)), "null");
        assert_eq!(to_string(&Json::Number(123_456_789.0)), "123456789");
    }

    #[test]
    fn accessors() {
        assert_eq!(ok("3").as_i64(), Some(3));
        assert_eq!(ok("-3").as_i64(), Some(-3));
        assert_eq!(ok("3.5").as_i64(), None);
        assert_eq!(ok("1e19").as_i64(), None);
        assert_eq!(ok("\"3\"").as_i64(), None);
        assert_eq!(ok("true").as_bool(), Some(true));
        assert_eq!(ok("1").as_bool(), None);
        assert_eq!(ok("[]").as_object(), None);
        assert_eq!(ok("{}").as_array(), None);
        assert_eq!(ok("null").kind(), "null");
        assert!(ok("null").is_null());
    }

    #[test]
    fn serialize_matches_json_compatible_model() {
        let v = ok(r#"{"a":[1,"x",null,false],"b":{"c":2}}"#);
        assert_eq!(to_json(&v), Ok(v.clone()));
        assert_eq!(to_json(&Some(5u64)), Ok(Json::Number(5.0)));
        assert_eq!(to_json(&None::<u8>), Ok(Json::Null));
        assert!(to_json(&u64::MAX).is_err());
        assert!(to_json(&i64::MIN).is_err());
        assert_eq!(to_json(&(1u8, 'c')), Ok(ok(r#"[1,"c"]"#)));
        let mut m = std::collections::BTreeMap::new();
        m.insert(1u8, 2u8);
        assert!(to_json(&m).is_err(), "non-string keys are refused");
    }
}
