//! `google.rpc.Status` (`google/rpc/status.proto`) and decoding the HTTP error bodies of
//! Google's REST surface.
//!
//! Two JSON shapes carry a status and they differ in what `code` means:
//! * inside a `google.longrunning.Operation` (`"error"`), `code` **is** the `google.rpc.Code`
//!   number (`google/rpc/code.proto`) — see [`Status::from_rpc_json`];
//! * in an HTTP error response, `{"error": {"code": 404, "message": …, "status": "NOT_FOUND",
//!   "details": […]}}`, `code` is the **HTTP status** and the rpc code is named by `status` —
//!   see [`decode_http_error`], which also copes with everything else a browser may receive
//!   (OAuth errors, proxy HTML pages, empty or truncated bodies).

use crate::code::Code;
use crate::prelude::*;

use crate::details::{decode_detail, is_error_info, retry_delay_ms, type_url, Detail, ErrorInfo, HelpLink};
use crate::json::{Doc, Json, Value};
use crate::text::{after_last, concat, find_byte, split_byte};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A `google.rpc.Status`: the error model of Google APIs.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub code: Code,
    pub message: String,
    /// `repeated google.protobuf.Any details`, decoded by [`decode_detail`].
    pub details: Vec<Detail>,
}

/// A refusal of this crate: what was wrong with an input and what was expected, with its
/// `google.rpc.Code`. Unlike a [`Status`] it never has details: those come only from servers.
/// Without them, dropping a refusal never reaches the drop code of every detail type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: Code,
    pub message: String,
}

/// What every refusal here is: a [`Refusal`] behind one pointer. `Result<T, Error>` is then at
/// most a pointer wider than `T`, so `?` moves a pointer rather than several words; across the
/// crate that is 3.8 KB of the wasm's code (1.7 KB gzip). The box is allocated only on the error
/// path. Fields read through it (`e.code`, `e.message`).
pub type Error = Box<Refusal>;

impl From<Refusal> for Status {
    fn from(r: Refusal) -> Status {
        Status { code: r.code, message: r.message, details: Vec::new() }
    }
}

/// Server messages longer than this many characters are cut (with "…") by [`decode_http_error`].
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// The longest body excerpt, in characters, quoted when a body carries no usable message.
pub const MAX_EXCERPT_CHARS: usize = 200;

impl Status {
    pub fn new(code: Code, message: impl Into<String>) -> Status {
        Status { code, message: message.into(), details: Vec::new() }
    }

    /// The error every refused input gets: code 3, `INVALID_ARGUMENT`, boxed (see [`Error`]).
    pub fn invalid_argument(message: impl Into<String>) -> Error {
        invalid_argument(message.into())
    }

    /// The first `google.rpc.ErrorInfo` detail, if any.
    pub fn error_info(&self) -> Option<&ErrorInfo> {
        self.details.iter().find_map(|d| match d {
            Detail::ErrorInfo(info) => Some(info),
            _ => None,
        })
    }

    /// The delay of the first `google.rpc.RetryInfo` detail whose `retryDelay` parsed, in
    /// milliseconds (rounded up).
    pub fn retry_delay_ms(&self) -> Option<u64> {
        self.details.iter().find_map(|d| match d {
            Detail::RetryInfo(info) => info.retry_delay_ms,
            _ => None,
        })
    }

    /// Every link of every `google.rpc.Help` detail, in order.
    pub fn help_links(&self) -> impl Iterator<Item = &HelpLink> + '_ {
        self.details
            .iter()
            .filter_map(|d| match d {
                Detail::Help(help) => Some(help.links.iter()),
                _ => None,
            })
            .flatten()
    }

    /// Decodes a `google.rpc.Status` JSON object in which `"code"` is the rpc code, as in
    /// `google.longrunning.Operation.error`; see [`read_rpc_status`], which reads it in place.
    pub fn from_rpc_json(value: &Json) -> Result<Status, String> {
        let text = crate::json::to_string(value);
        let doc = Doc::parse(&text).map_err(|_| String::from("a google.rpc.Status must be a JSON object"))?;
        read_rpc_status(doc.root()).map(|s| s.to_status())
    }
}

/// Reads a `google.rpc.Status` JSON object in which `"code"` is the rpc code, as in
/// `google.longrunning.Operation.error`, where it lies.
///
/// * `code`: an integer (a JSON number, or a decimal string as proto3 JSON allows for
///   `int32`); absent or `null` → 0 (`OK`); a number outside 0–16 → `UNKNOWN`.
/// * `message`: a string; absent or `null` → `""`.
/// * `details`: an array; absent or `null` → empty; each element through [`decode_detail`]
///   (never fails; odd elements are kept as `Detail::Other`).
/// * other members are ignored.
///
/// `Err` says what was wrong (not an object, or a member of the wrong JSON type).
pub fn read_rpc_status(value: Value<'_>) -> Result<StatusRef<'_>, String> {
    if !value.is_object() {
        return Err(got("a google.rpc.Status must be a JSON object, got ", value));
    }
    let code = match value.get("code").filter(|v| !v.is_null()) {
        None => Code::Ok,
        Some(c) => {
            let n = match c.as_str() {
                Some(s) => crate::details::parse_int64(&s),
                None => c.as_i64(),
            };
            let n = n.ok_or_else(|| got("\"code\" must be an integer google.rpc.Code (0-16), got ", c))?;
            Code::from_number(n).unwrap_or(Code::Unknown)
        }
    };
    let message = match member_of(value, "message", "a string")? {
        None => Message::Text(String::new()),
        Some(m) => Message::Body(m),
    };
    let details = member_of(value, "details", "an array")?;
    Ok(StatusRef { code, message, details, offset: 0 })
}

/// `what` (ending in "got ") and the kind of `v`: a refusal of a value of the wrong kind.
pub(crate) fn got(what: &str, v: Value<'_>) -> String {
    concat(&[what, v.kind()])
}

/// [`Status::invalid_argument`] once for every type of message.
fn invalid_argument(message: String) -> Error {
    Box::new(Refusal { code: Code::InvalidArgument, message })
}

/// The member `key` of the object `obj`, `None` when absent or `null` (as proto3 JSON has it).
/// `expected` says what it must be and starts with the [`Value::kind`] it must have ("a string",
/// "a boolean", "an array", "an object"), e.g. `"a boolean (true or false)"`; a member of
/// another kind is refused with `"key" must be {expected}, got {its kind}`.
pub(crate) fn member_of<'d>(obj: Value<'d>, key: &str, expected: &str) -> Result<Option<Value<'d>>, String> {
    match obj.get(key) {
        Some(v) if !v.is_null() => {
            if expected.starts_with(v.kind()) {
                Ok(Some(v))
            } else {
                Err(concat(&["\"", key, "\" must be ", expected, ", got ", v.kind()]))
            }
        }
        _ => Ok(None),
    }
}

/// `NOT_FOUND: Operation "…" not found.`: how a status and a refusal print.
fn show(code: Code, message: &str, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
    write!(f, "{}: {}", code.name(), message)
}

impl core::fmt::Display for Status {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        show(self.code, &self.message, f)
    }
}

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        show(self.code, &self.message, f)
    }
}

/// `{ code: <number>, status: "NOT_FOUND", message: "…", details: [ … ] }` — every field always
/// present; each detail as the server sent it (see `Detail`'s `Serialize`).
impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Status", 4)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("status", self.code.name())?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("details", &self.details)?;
        st.end()
    }
}

/// The standard reason phrase of common HTTP statuses (RFC 9110, plus 429 from RFC 6585 and
/// the 499 that Google's `code.proto` maps to `CANCELLED`).
pub fn http_reason_phrase(status: u16) -> Option<&'static str> {
    let mut code = String::new();
    crate::text::push_usize(&mut code, usize::from(status));
    split_byte(REASONS, b'|').find_map(|entry| entry.strip_prefix(code.as_str())?.strip_prefix(' '))
}

/// `status phrase` entries, `|`-separated: a text rather than a table of (number, pointer,
/// length) rows, which takes more bytes of the wasm than the phrases themselves.
const REASONS: &str = "400 Bad Request|401 Unauthorized|403 Forbidden|404 Not Found|405 Method Not Allowed|\
    408 Request Timeout|409 Conflict|412 Precondition Failed|413 Content Too Large|416 Range Not Satisfiable|\
    429 Too Many Requests|499 Client Closed Request|500 Internal Server Error|501 Not Implemented|\
    502 Bad Gateway|503 Service Unavailable|504 Gateway Timeout";

/// Decodes an HTTP error response as Google's REST surface sends it. Never fails, never panics;
/// time is linear in the body and the message is bounded.
///
/// * Google's shape `{"error": {"code": <HTTP status>, "message", "status", "details"}}`, also
///   wrapped in an array (`[{"error": …}]`, the first element counts). The rpc code is the
///   `status` name when it is a valid `google.rpc.Code` name, otherwise
///   [`Code::from_http_status`]`(http_status)`; `error.code` is never taken as an rpc code.
///   Members of the wrong JSON type (`"message": 5`, `"details": {}`) are ignored, the rest is
///   kept. The message is kept verbatim up to [`MAX_MESSAGE_CHARS`] characters.
/// * A bare status object without `"error"` (ESPv2 / grpc-gateway: `{"code": 16, "message": …}`):
///   the same, except that a `code` in 1–16 is taken as the rpc code when `status` is absent.
/// * OAuth 2.0 errors (RFC 6749 §5.2), `{"error": "invalid_grant", "error_description": "…"}` →
///   message `invalid_grant: …`.
/// * Anything without a usable (non-blank) message: `HTTP 502 Bad Gateway`, followed for a
///   non-empty body that is not a Google error by a sanitized excerpt (at most
///   [`MAX_EXCERPT_CHARS`] characters; for HTML the `<title>`, else the text without tags), e.g.
///   `HTTP 502 Bad Gateway: "Error 502 (Server Error)!!1"`; JSON that does not parse is called
///   out as `malformed JSON`.
pub fn decode_http_error(http_status: u16, body: &str) -> Status {
    with_http_error(http_status, body, |e| e.to_status())
}

/// Where a decoded error's message comes from.
pub enum Message<'d> {
    /// A JSON string of the body, used as is (it is not blank and not over the limit).
    Body(Value<'d>),
    /// A message made here: the fallback, an OAuth pair, or a capped server message.
    Text(String),
}

/// A `google.rpc.Status` read where it lies: an HTTP error body ([`decode_http_error`]'s
/// contract) or an operation's `error` ([`read_rpc_status`]). The parts a caller may copy
/// verbatim (the message, `details`) stay spans of the text, nothing is allocated for them, and
/// the JS edge hands those spans to `JSON.parse`.
pub struct StatusRef<'d> {
    pub code: Code,
    pub message: Message<'d>,
    /// `details`, when it is an array.
    pub details: Option<Value<'d>>,
    /// Where the parsed text starts in the body (after a BOM and whitespace): the spans of the
    /// values above are relative to it.
    pub offset: usize,
}

impl StatusRef<'_> {
    /// The message text. Always inlined: smaller than the calls binaryen's inlining limits leave.
    #[inline(always)]
    pub fn message(&self) -> Cow<'_, str> {
        match &self.message {
            Message::Body(v) => v.as_str().unwrap_or_default(),
            Message::Text(t) => Cow::Borrowed(t),
        }
    }

    /// The index of the first valid `ErrorInfo` detail (the one [`Status::error_info`] lifts),
    /// and the index and delay of each `RetryInfo` whose `retryDelay` parsed.
    /// Always inlined into its one caller, the JS edge, as binaryen no longer does.
    #[inline(always)]
    pub fn lifted(&self) -> (Option<usize>, Vec<(usize, u64)>) {
        let (mut info, mut delays) = (None, Vec::new());
        let Some(details) = self.details else { return (info, delays) };
        for (i, item) in details.items().enumerate() {
            // The rules of `decode_detail`, read in place.
            let url = type_url(&item);
            match url.as_deref().map(|url| after_last(url, b'/')) {
                Some("google.rpc.ErrorInfo") if info.is_none() && is_error_info(item) => info = Some(i),
                Some("google.rpc.RetryInfo") => {
                    if let Some(ms) = retry_delay_ms(item) {
                        delays.push((i, ms));
                    }
                }
                _ => {}
            }
        }
        (info, delays)
    }

    /// The owned `Status`, every detail decoded.
    pub fn to_status(&self) -> Status {
        let details = self.details.iter().flat_map(|d| d.items()).map(|v| decode_detail(&v.to_json())).collect();
        Status { code: self.code, message: self.message().into_owned(), details }
    }
}

/// Decodes an HTTP error body (see [`decode_http_error`]) and hands the result to `f` while the
/// body's tape is alive.
pub fn with_http_error<R>(http_status: u16, body: &str, f: impl FnOnce(&StatusRef<'_>) -> R) -> R {
    let text = body_text(body);
    let doc = if matches!(text.as_bytes().first(), Some(b'{' | b'[')) { Some(Doc::parse(text)) } else { None };
    let offset = (text.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    let mut e = StatusRef {
        code: Code::from_http_status(http_status),
        message: Message::Text(String::new()),
        details: None,
        offset,
    };
    // What to put before a quoted excerpt of the body; `None`: quote nothing.
    let mut note = if text.is_empty() { None } else { Some("") };
    match &doc {
        Some(Ok(doc)) => {
            let root = doc.root();
            let value = if root.is_array() { root.items().next() } else { Some(root) };
            if let Some(value) = value {
                match value.get("error") {
                    Some(err) if err.is_object() => {
                        read_google_error(err, false, &mut e);
                        note = None;
                    }
                    Some(err) => {
                        // OAuth 2.0 (RFC 6749 §5.2).
                        if let Some(error) = err.as_str() {
                            let description =
                                value.get("error_description").and_then(|d| d.as_str()).unwrap_or_default();
                            let description = description.trim();
                            let colon = if description.is_empty() { "" } else { ": " };
                            e.message = Message::Text(concat(&[error.trim(), colon, description]));
                            note = None;
                        }
                    }
                    None => {
                        if value.get("message").is_some() || value.get("status").is_some() {
                            read_google_error(value, true, &mut e);
                            note = None;
                        }
                    }
                }
            }
        }
        Some(Err(_)) => note = Some("malformed JSON: "),
        None => {}
    }
    let message = e.message();
    if message.trim().is_empty() {
        let mut m = String::from("HTTP ");
        crate::text::push_usize(&mut m, usize::from(http_status));
        if let Some(phrase) = http_reason_phrase(http_status) {
            m.push(' ');
            m.push_str(phrase);
        }
        if let Some(note) = note {
            let excerpt = excerpt(text);
            if !excerpt.is_empty() {
                m.push_str(": ");
                m.push_str(note);
                m.push('"');
                m.push_str(&excerpt);
                m.push('"');
            }
        }
        e.message = Message::Text(m);
    } else if let Some(end) = cut(&message, MAX_MESSAGE_CHARS) {
        e.message = Message::Text(concat(&[message.get(..end).unwrap_or_default(), "…"]));
    }
    f(&e)
}

/// `body` without its byte order marks and surrounding whitespace.
pub(crate) fn body_text(body: &str) -> &str {
    let mut text = body;
    while let Some(rest) = text.strip_prefix("\u{FEFF}") {
        text = rest;
    }
    text.trim()
}

/// Fills `e` from a Google error object, ignoring members of the wrong type.
fn read_google_error<'d>(err: Value<'d>, bare: bool, e: &mut StatusRef<'d>) {
    if let Some(code) = err.get("status").and_then(|s| s.as_str()).and_then(|s| Code::from_name(&s)) {
        e.code = code;
    } else if bare {
        if let Some(code) = err.get("code").and_then(|c| c.as_i64()).and_then(Code::from_number) {
            if code != Code::Ok {
                e.code = code;
            }
        }
    }
    if let Some(message) = err.get("message").filter(|m| m.as_str().is_some()) {
        e.message = Message::Body(message);
    }
    e.details = err.get("details").filter(Value::is_array);
}

/// Where `s` must be cut to keep `max` characters: the byte offset of character `max`, if any.
fn cut(s: &str, max: usize) -> Option<usize> {
    // A character is at least one byte: a text of `max` bytes or fewer is never cut, and every
    // usual message is decided without walking its characters.
    if s.len() <= max {
        return None;
    }
    s.char_indices().nth(max).map(|(end, _)| end)
}

/// `s` cut to `max` characters, with "…" when something was cut.
#[cfg(test)]
fn cap_chars(s: &str, max: usize) -> String {
    match cut(s, max) {
        Some(end) => concat(&[s.get(..end).unwrap_or(s), "…"]),
        None => s.to_owned(),
    }
}

/// Collects visible text: whitespace runs collapse to one space, control characters are
/// dropped, and at most [`MAX_EXCERPT_CHARS`] characters are kept ("…" marks a cut, after which
/// nothing more is taken: [`Excerpt::full`]).
struct Excerpt {
    out: String,
    /// The characters kept, `usize::MAX` once the excerpt is cut.
    chars: usize,
    space: bool,
}

impl Excerpt {
    fn new() -> Excerpt {
        Excerpt { out: String::new(), chars: 0, space: false }
    }

    fn full(&self) -> bool {
        self.chars > MAX_EXCERPT_CHARS
    }

    /// Adds the characters of `s`, with the few HTML character references error pages use
    /// decoded when `html`; stops once the excerpt is full.
    fn push_text(&mut self, s: &str, html: bool) {
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if self.full() {
                return;
            }
            let entity = if html && c == '&' { split_byte(ENTITIES, b'|').find_map(|e| entity(rest, e)) } else { None };
            let (c, len) = entity.unwrap_or((c, c.len_utf8()));
            rest = rest.get(len..).unwrap_or("");
            if c.is_whitespace() {
                self.space = !self.out.is_empty();
            } else if !c.is_control() {
                let needed = if self.space { 2 } else { 1 };
                if self.chars.saturating_add(needed) > MAX_EXCERPT_CHARS {
                    self.out.push('…');
                    self.chars = usize::MAX;
                    return;
                }
                if self.space {
                    self.out.push(' ');
                    self.space = false;
                }
                self.out.push(c);
                self.chars = self.chars.saturating_add(needed);
            }
        }
    }

    fn finish(self) -> String {
        self.out
    }
}

/// The character references [`Excerpt::push_text`] decodes, `|`-separated: each reference
/// followed by its (ASCII) character. A text takes fewer bytes of the wasm than a table.
const ENTITIES: &str = "&amp;&|&lt;<|&gt;>|&quot;\"|&#39;'|&#x27;'|&apos;'|&nbsp; ";

/// The character of the reference `entry` (an [`ENTITIES`] entry) and the reference's length,
/// when `text` starts with it.
fn entity(text: &str, entry: &str) -> Option<(char, usize)> {
    let (&c, name) = entry.as_bytes().split_last()?;
    text.as_bytes().starts_with(name).then_some((char::from(c), name.len()))
}

/// Whether `hay` has `needle` (ASCII, case-insensitive) at byte `at`.
fn starts_with_ci(hay: &str, at: usize, needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.as_bytes().get(at..at.saturating_add(n.len())).is_some_and(|w| w.eq_ignore_ascii_case(n))
}

/// The position of `needle` (ASCII, case-insensitive) in `hay` at or after `from`.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    (from..hay.len()).find(|&i| starts_with_ci(hay, i, needle))
}

/// A short, sanitized excerpt of a body that is not a Google error (see [`decode_http_error`]).
fn excerpt(text: &str) -> String {
    if text.starts_with('<') {
        if let Some(title) = html_title(text) {
            return title;
        }
        return html_text(text);
    }
    let mut e = Excerpt::new();
    e.push_text(text, false);
    e.finish()
}

/// The text of the first `<title>` element, if it has any: the first tag (outside comments,
/// scripts and styles) named `title`, to its closing or the end of the document.
fn html_title(html: &str) -> Option<String> {
    let mut pos = 0;
    let start = loop {
        let (tag, end) = next_tag(html, pos)?;
        let end = end?;
        if opens(html, tag, "<title") {
            break end;
        }
        pos = end;
    };
    let end = find_ci(html, start, "</title").unwrap_or(html.len());
    let mut e = Excerpt::new();
    e.push_text(html.get(start..end)?, true);
    Some(e.finish()).filter(|t| !t.is_empty())
}

/// What [`next_tag`] skips whole: a comment, a script or a style, from its opening to the `>`
/// at or after its closing.
const SKIPPED: [(&str, &str); 3] = [("<!--", "-->"), ("<script", "</script"), ("<style", "</style")];

/// Whether the tag at byte `tag` of `html` is `open` (ASCII, case-insensitive). An opening that
/// ends in a letter must also end the tag's name (`<scripts>` is not `<script`).
fn opens(html: &str, tag: usize, open: &str) -> bool {
    let name = |at: Option<&u8>| at.is_some_and(u8::is_ascii_alphanumeric);
    starts_with_ci(html, tag, open)
        && !(name(open.as_bytes().last()) && name(html.as_bytes().get(tag.saturating_add(open.len()))))
}

/// The first tag at or after byte `pos` of `html`: where its `<` is, and where the text after it
/// starts (past the `>` that ends it, or for a comment, script or style, past the `>` at or
/// after its closing); `None` for the second when it never ends.
fn next_tag(html: &str, pos: usize) -> Option<(usize, Option<usize>)> {
    let tag = pos.saturating_add(find_byte(html.get(pos..)?, b'<')?);
    let from = match SKIPPED.iter().find(|(open, _)| opens(html, tag, open)) {
        Some((_, close)) => find_ci(html, tag, close),
        None => Some(tag),
    };
    let end = from.and_then(|f| Some(f.saturating_add(find_byte(html.get(f..)?, b'>')?).saturating_add(1)));
    Some((tag, end))
}

/// The text of an HTML (or XML) document: tags, comments, scripts and styles removed, each tag
/// counting as a space.
fn html_text(html: &str) -> String {
    let mut e = Excerpt::new();
    let mut pos = 0;
    loop {
        let next = next_tag(html, pos);
        e.push_text(html.get(pos..next.map_or(html.len(), |(tag, _)| tag)).unwrap_or(""), true);
        // A tag that never ends ends the text.
        let Some((_, Some(end))) = next else { break };
        e.push_text(" ", false);
        if e.full() {
            break;
        }
        pos = end;
    }
    e.finish()
}

#[cfg(test)]
mod tests {
    /// The in-place reading the JS bindings use (`lifted`) agrees with the owned decode.
    #[test]
    fn lifted_agrees_with_decoded_details() {
        let info =
            |extra: &str| concat(&[r#"{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"R""#, extra, "}"]);
        let retry = |d: &str| concat(&[r#"{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"#, d, "}"]);
        let cases = [
            vec![info(""), retry("\"1.5s\"")],
            vec![info(r#","metadata":{"a":1}"#), info(r#","domain":"d""#), retry("5")],
            vec![info(r#","reason":7"#), retry("\"x\""), retry("\"2s\""), retry("null")],
            vec![
                String::from("3"),
                String::from("{}"),
                info(r#","metadata":null,"domain":null"#),
                retry("\"0.0001s\""),
            ],
        ];
        for details in cases {
            let body = concat(&[r#"{"error":{"code":429,"message":"m","details":["#, &details.join(","), "]}}"]);
            with_http_error(429, &body, |e| {
                let st = e.to_status();
                let first_info = st.details.iter().position(|d| matches!(d, Detail::ErrorInfo(_)));
                let delays: Vec<(usize, u64)> = st
                    .details
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| match d {
                        Detail::RetryInfo(r) => r.retry_delay_ms.map(|ms| (i, ms)),
                        _ => None,
                    })
                    .collect();
                assert_eq!(e.lifted(), (first_info, delays), "{body}");
            });
        }
    }

    use super::*;
    use crate::json::{parse, to_json};

    fn json(text: &str) -> Json {
        parse(text).unwrap_or_else(|e| panic!("bad test JSON {text:?}: {e}"))
    }

    #[test]
    fn rpc_json() {
        let s = Status::from_rpc_json(&json(r#"{"code": 1, "message": "Operation was cancelled."}"#));
        assert_eq!(s, Ok(Status::new(Code::Cancelled, "Operation was cancelled.")));
        assert_eq!(Status::from_rpc_json(&json("{}")), Ok(Status::new(Code::Ok, "")));
        assert_eq!(Status::from_rpc_json(&json(r#"{"code": 99}"#)).map(|s| s.code), Ok(Code::Unknown));
        assert_eq!(Status::from_rpc_json(&json(r#"{"code": -1}"#)).map(|s| s.code), Ok(Code::Unknown));
        assert_eq!(Status::from_rpc_json(&json(r#"{"code": "5"}"#)).map(|s| s.code), Ok(Code::NotFound));
        assert_eq!(
            Status::from_rpc_json(&json(r#"{"code": null, "message": null, "details": null}"#)),
            Ok(Status::new(Code::Ok, ""))
        );
        let errs = [
            ("[]", "a google.rpc.Status must be a JSON object, got an array"),
            (r#"{"code": 1.5}"#, "\"code\" must be an integer google.rpc.Code (0-16), got a number"),
            (r#"{"code": "NOT_FOUND"}"#, "\"code\" must be an integer google.rpc.Code (0-16), got a string"),
            (r#"{"code": 5, "message": 5}"#, "\"message\" must be a string, got a number"),
            (r#"{"code": 5, "details": {}}"#, "\"details\" must be an array, got an object"),
        ];
        for (text, message) in errs {
            assert_eq!(Status::from_rpc_json(&json(text)), Err(message.to_owned()), "{text}");
        }
    }

    #[test]
    fn serializes_shape() {
        let mut s = Status::new(Code::NotFound, "gone");
        s.details.push(Detail::Other(json(r#"{"@type":"x/y","a":1}"#)));
        assert_eq!(
            to_json(&s),
            Ok(json(r#"{"code":5,"status":"NOT_FOUND","message":"gone","details":[{"@type":"x/y","a":1}]}"#))
        );
        assert_eq!(s.to_string(), "NOT_FOUND: gone");
    }

    #[test]
    fn excerpts() {
        assert_eq!(excerpt("  a \n\t b\u{0}c  "), "a bc");
        assert_eq!(excerpt("<html><title> Error &amp; 502 </title></html>"), "Error & 502");
        assert_eq!(excerpt("<html><head><TITLE></TITLE><style>p{x}</style><script>var a='<b>'</script></head><body><!-- <p>no</p> --><p>Hello</p><p>world &lt;3</p></body></html>"), "Hello world <3");
        assert_eq!(
            excerpt(
                "<?xml version='1.0'?><Error><Code>NoSuchKey</Code><Message>The key does not exist.</Message></Error>"
            ),
            "NoSuchKey The key does not exist."
        );
        assert_eq!(excerpt("<p>unclosed <b"), "unclosed");
        assert_eq!(excerpt("<script>never closed"), "");
        assert_eq!(excerpt("<title>unclosed title"), "unclosed title");
        // Only a real title element counts: not one in a comment or a script, not <titles>.
        assert_eq!(excerpt("<html><!-- <title>old</title> --><title>Bad Gateway</title>"), "Bad Gateway");
        assert_eq!(excerpt("<script>x='<title>no</title>'</script><title>Quota</title>"), "Quota");
        assert_eq!(excerpt("<html><titles>list</titles><p>Not found</p></html>"), "list Not found");
        assert_eq!(excerpt("<html><TITLE >Upper</TITLE></html>"), "Upper");
        assert_eq!(excerpt("<p>&bogus; &amp</p>"), "&bogus; &amp");
        let long = "x".repeat(1000);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), MAX_EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt(&"y".repeat(MAX_EXCERPT_CHARS)), "y".repeat(MAX_EXCERPT_CHARS));
    }

    #[test]
    fn body_text_strips_leading_boms_and_whitespace() {
        assert_eq!(body_text("\u{FEFF}\u{FEFF} {} \n"), "{}");
        assert_eq!(body_text(" \u{FEFF}x"), "\u{FEFF}x");
        assert_eq!(body_text("\u{FEFF}"), "");
    }

    #[test]
    fn every_character_reference() {
        assert_eq!(excerpt("<p>&amp;&lt;&gt;&quot;&#39;&#x27;&apos;a&nbsp;b&nbsp;</p>"), "&<>\"'''a b");
        assert_eq!(excerpt("&amp; &lt;"), "&amp; &lt;");
        assert_eq!(excerpt("<p>&&amp;amp;&</p>"), "&&amp;&");
    }

    #[test]
    fn reason_phrases() {
        let known = [
            (400, "Bad Request"),
            (413, "Content Too Large"),
            (499, "Client Closed Request"),
            (504, "Gateway Timeout"),
        ];
        for (status, phrase) in known {
            assert_eq!(http_reason_phrase(status), Some(phrase));
        }
        assert_eq!(REASONS.split('|').count(), 17);
        for status in [0, 40, 200, 4000, 4001, 5040, 505, u16::MAX] {
            assert_eq!(http_reason_phrase(status), None, "{status}");
        }
    }

    #[test]
    fn caps() {
        assert_eq!(cap_chars("héllo", 3), "hél…");
        assert_eq!(cap_chars("héllo", 5), "héllo");
        assert_eq!(cap_chars("", 0), "");
    }
}
