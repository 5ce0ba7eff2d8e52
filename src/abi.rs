//! The numeric edge between `src/js/api.js` and the core. Measured in `bench/run.mjs`, a
//! `#[wasm_bindgen]` call that takes and returns JS values spends most of its time crossing the
//! boundary (a TextDecoder per string, a `Reflect` call per property), and its glue and
//! future-to-Promise machinery were most of the module's bytes. Here each call crosses once: JS
//! writes its strings into one input area of wasm memory (`TextEncoder.encodeInto`), calls an
//! export with numbers, and reads one result record, the tape, as `f64`s. Strings come back as
//! references, never copies, where possible:
//!
//! | kind | meaning | JS |
//! |---|---|---|
//! | 0 | absent | `undefined` |
//! | 1 | `[a, b)` of the JS string passed in, verbatim | `src.slice(a, b)` |
//! | 2 | `[a, b)` of the JS string passed in, a JSON value | `JSON.parse(src.slice(a, b))` |
//! | 3 | `[a, b)` of the text area, UTF-8 made here | `TextDecoder` |
//!
//! Offsets into the JS string are UTF-16 code units, as `slice` counts them.
//!
//! Every tape starts with the text area's address, then the call's status code (0 = OK). A
//! failure continues with a status record: the message, the details (kind 2 or 0), the index of
//! the `ErrorInfo` to lift (−1: none), the count and `(index, ms)` pairs of `RetryInfo` details,
//! and the HTTP status (−1: none). What follows an OK code is each export's own.
//!
//! JS owns only what needs the platform (fetch, timers, the caller's callbacks); every decision
//! (which service, whether a name fits, the URL, what a body means, whether to retry and when)
//! is made here, by the pure modules, so that it is tested natively.

use crate::prelude::*;
use core::cell::{Cell, RefCell};

use crate::single::Local;

use crate::catalogue::{self, Service};
use crate::code::Code;
use crate::endpoint::parse_endpoint;
use crate::json::Value;
use crate::operation::{with_operation, with_page, OperationRef, ResultRef};
use crate::retry::{parse_retry_after, GiveUp, Next, RetryPolicy};
use crate::status::{with_http_error, Error, Message, Refusal, Status, StatusRef};
use crate::wait::Outcome;

struct Io {
    input: Vec<u8>,
    tape: Vec<f64>,
    text: Vec<u8>,
    /// The last service made from a rule or a `{ host, version, templates }` object (handle −1).
    scratch: Option<Service>,
}

/// Runs `f` with the module's I/O state. `None` only if the state is in use, which cannot
/// happen: the module has one thread and no export calls another (`try_borrow_mut` rather than
/// `borrow_mut` keeps the panic path out of the module).
fn with_state<R>(f: impl FnOnce(&mut Io) -> R) -> Option<R> {
    IO.0.try_borrow_mut().ok().map(|mut io| f(&mut io))
}

static IO: Local<RefCell<Io>> =
    Local(RefCell::new(Io { input: Vec::new(), tape: Vec::new(), text: Vec::new(), scratch: None }));

/// Positions in the JS string the input came from.
struct Source<'a> {
    bytes: &'a [u8],
    ascii: bool,
    /// The last position converted and its UTF-16 offset: references are written mostly in
    /// order, so converting each one from there keeps a long page linear, not quadratic.
    last: Cell<(usize, usize)>,
}

impl<'a> Source<'a> {
    fn new(bytes: &'a [u8], ascii: bool) -> Source<'a> {
        Source { bytes, ascii, last: Cell::new((0, 0)) }
    }

    /// The UTF-16 offset of byte `pos`.
    fn utf16(&self, pos: usize) -> f64 {
        if self.ascii {
            return pos as f64;
        }
        let (mut from, mut units) = self.last.get();
        if from > pos {
            (from, units) = (0, 0);
        }
        // Every byte but continuation bytes starts a character; 4-byte ones are two units.
        for b in self.bytes.get(from..pos).unwrap_or(&[]) {
            units = units.wrapping_add(usize::from(b & 0xC0 != 0x80)).wrapping_add(usize::from(*b >= 0xF0));
        }
        self.last.set((pos, units));
        units as f64
    }
}

/// The result record being written.
struct Tape<'a> {
    nums: &'a mut Vec<f64>,
    text: &'a mut Vec<u8>,
}

impl Tape<'_> {
    /// Writes one number. Every number goes through here, one call each: `extend_from_slice`
    /// with arrays of them was larger in the module. Always inlined: the URL bench was slower
    /// with it as a call (see the README's Performance section).
    #[inline(always)]
    fn num(&mut self, n: f64) {
        self.nums.push(n);
    }

    fn flag(&mut self, b: bool) {
        self.num(f64::from(u8::from(b)));
    }

    fn none(&mut self) {
        self.num(0.0);
        self.num(0.0);
        self.num(0.0);
    }

    fn text(&mut self, s: &str) {
        self.text_of(&[s]);
    }

    fn opt_text(&mut self, s: &Option<String>) {
        match s {
            Some(s) => self.text(s),
            None => self.none(),
        }
    }

    /// A text reference to the concatenation of `parts`.
    fn text_of(&mut self, parts: &[&str]) {
        let a = self.text.len() as f64;
        for p in parts {
            self.text.extend_from_slice(p.as_bytes());
        }
        self.num(3.0);
        self.num(a);
        self.num(self.text.len() as f64);
    }

    fn slice(&mut self, src: &Source, kind: f64, (a, b): (usize, usize)) {
        self.num(kind);
        self.num(src.utf16(a));
        self.num(src.utf16(b));
    }

    /// A JSON string of the input: a verbatim slice when it has no escapes, else for JSON.parse.
    /// `offset`: where the text `v` was parsed from starts in the input.
    ///
    /// The arithmetic cannot wrap: `offset` plus a span of the text stays within the input, and
    /// a string without escapes spans its two quotes at least.
    fn string(&mut self, src: &Source, v: Value, offset: usize) {
        let (a, b) = v.span();
        let (a, b) = (a.wrapping_add(offset), b.wrapping_add(offset));
        match v.verbatim_str() {
            Some(_) => self.slice(src, 1.0, (a.wrapping_add(1), b.wrapping_sub(1))),
            None => self.slice(src, 2.0, (a, b)),
        }
    }

    /// [`Tape::string`] of a value parsed from the whole input, or an absent reference.
    fn opt_string(&mut self, src: &Source, v: Option<Value>) {
        match v {
            Some(v) => self.string(src, v, 0),
            None => self.none(),
        }
    }

    /// A JSON value of the input, for JSON.parse.
    fn json(&mut self, src: &Source, v: Option<Value>) {
        self.json_at(src, v, 0);
    }

    /// [`Tape::json`] of a value parsed from the input at `offset` (the spans stay within the
    /// input, as in `string`).
    fn json_at(&mut self, src: &Source, v: Option<Value>, offset: usize) {
        match v {
            Some(v) => {
                let (a, b) = v.span();
                self.slice(src, 2.0, (a.wrapping_add(offset), b.wrapping_add(offset)));
            }
            None => self.none(),
        }
    }

    /// A failed call: a refusal made here (no details, no HTTP status).
    fn status(&mut self, st: &Refusal) {
        self.num(f64::from(st.code.number()));
        self.text(&st.message);
        // No details (an absent reference), no ErrorInfo (−1), no RetryInfo (0), no HTTP status (−1).
        self.none();
        self.num(-1.0);
        self.num(0.0);
        self.num(-1.0);
    }

    /// A status read in place (its code first); its spans are offsets into the input at
    /// `e.offset`. `http` < 0: none.
    fn status_ref(&mut self, src: &Source, e: &StatusRef, http: f64) {
        self.num(f64::from(e.code.number()));
        match &e.message {
            Message::Body(v) => self.string(src, *v, e.offset),
            Message::Text(t) => self.text(t),
        }
        self.json_at(src, e.details, e.offset);
        let (info, delays) = e.lifted();
        self.num(info.map_or(-1.0, |i| i as f64));
        self.num(delays.len() as f64);
        for (i, ms) in &delays {
            self.num(*i as f64);
            self.num(*ms as f64);
        }
        self.num(http);
    }

    /// `id, title?, host, version, templates (count, each), scopes (count, each), permission?`.
    fn service(&mut self, s: &Service) {
        self.text(&s.id);
        self.opt_text(&s.title);
        self.text(&s.host);
        self.text(&s.version);
        self.num(s.templates.len() as f64);
        for t in &s.templates {
            self.text(t.as_str());
        }
        self.num(s.scopes.len() as f64);
        for t in &s.scopes {
            self.text(t);
        }
        self.opt_text(&s.permission);
    }

    /// `name?, done, outcome (see Outcome::number), metadata?, response?, has error, [error's
    /// status record]`.
    fn operation(&mut self, src: &Source, op: &OperationRef) {
        self.opt_string(src, op.name);
        self.flag(op.done);
        self.num(f64::from(Outcome::number(Outcome::from_state(op.done, op.error_code()))));
        self.json(src, op.metadata);
        // The response (or none), whether there is an error, and its status record.
        match &op.result {
            Some(ResultRef::Error(e)) => {
                self.none();
                self.flag(true);
                self.status_ref(src, e, -1.0);
            }
            Some(ResultRef::Response(r)) => {
                self.json(src, Some(*r));
                self.flag(false);
            }
            None => {
                self.none();
                self.flag(false);
            }
        }
    }
}

/// Runs `f` with the input (its first `len` bytes) and a fresh tape; returns the tape's address.
fn with_io(len: u32, f: impl FnOnce(&[u8], &mut Tape, &mut Option<Service>)) -> *const f64 {
    with_state(|io| {
        let Io { input, tape, text, scratch } = io;
        tape.clear();
        text.clear();
        tape.push(0.0);
        let bytes = input.get(..len as usize).unwrap_or(&[]);
        f(bytes, &mut Tape { nums: tape, text }, scratch);
        let base = text.as_ptr() as usize as f64;
        if let Some(first) = tape.first_mut() {
            *first = base;
        }
        tape.as_ptr()
    })
    .unwrap_or(core::ptr::null())
}

/// Runs `f` with the input as text; an `Err` becomes the tape's status.
fn with_text(len: u32, f: impl FnOnce(&str, &mut Tape, &mut Option<Service>) -> Result<(), Error>) -> *const f64 {
    with_io(len, |bytes, tape, scratch| {
        if let Err(e) = f(utf8(bytes), tape, scratch) {
            tape.status(&e);
        }
    })
}

/// UTF-8 the JS side wrote with `encodeInto`, which never writes anything else.
fn utf8(bytes: &[u8]) -> &str {
    crate::text::utf8(bytes).unwrap_or("")
}

/// The next string of the input, `len` bytes long (negative: absent), taken off `bytes`.
fn take<'a>(bytes: &mut &'a [u8], len: i32) -> Option<&'a str> {
    let n = usize::try_from(len).ok()?;
    let (head, rest) = bytes.split_at(bytes.len().min(n));
    *bytes = rest;
    Some(utf8(head))
}

fn total(lens: &[i32]) -> u32 {
    lens.iter().fold(0u32, |t, l| t.saturating_add(u32::try_from(*l).unwrap_or(0)))
}

/// Makes room for `cap` bytes of input and returns the input area's address. The address stays
/// valid until the next call that asks for more room.
#[no_mangle]
pub extern "C" fn lro_input(cap: u32) -> *mut u8 {
    with_state(|io| {
        // Zeros appended this way become one `memory.fill`; `resize` wrote them one by one.
        if let Some(more) = (cap as usize).checked_sub(io.input.len()) {
            io.input.extend(core::iter::repeat(0).take(more));
        }
        io.input.as_mut_ptr()
    })
    .unwrap_or(core::ptr::null_mut())
}

/// `options.service` from the input: `custom == 0`, a catalogue id or an HTTP rule; `custom ==
/// 1`, the JSON array `[host, version, ...templates]`. Tape: the status, then for OK the handle
/// (the id's position in the catalogue, stable for the module's life, or −1 for the scratch
/// service that lasts until the next such call).
#[no_mangle]
pub extern "C" fn lro_service(len: u32, custom: u32) -> *const f64 {
    with_text(len, |text, tape, scratch| {
        let made = if custom == 1 {
            custom_service(text)?
        } else {
            let s = text.trim();
            if s.bytes().any(|b| b == b'/' || b == b' ') {
                catalogue::from_rule(s)?
            } else {
                let (i, _) = catalogue::position(s)?;
                tape.num(0.0);
                tape.num(i as f64);
                return Ok(());
            }
        };
        *scratch = Some(made);
        tape.num(0.0);
        tape.num(-1.0);
        Ok(())
    })
}

fn custom_service(json: &str) -> Result<Service, Error> {
    let doc = crate::json::Doc::parse(json).map_err(|_| Status::invalid_argument("options.service is malformed"))?;
    let mut parts: Vec<Cow<str>> = Vec::new();
    for v in doc.root().items() {
        if let Some(s) = v.as_str() {
            parts.push(s);
        }
    }
    let (host, version, templates) = match parts.as_slice() {
        [host, version, templates @ ..] => (host, version, templates),
        _ => return Err(Status::invalid_argument("options.service needs host, version and templates")),
    };
    let mut names: Vec<&str> = Vec::with_capacity(templates.len());
    for t in templates {
        names.push(t);
    }
    catalogue::custom(host, version, &names)
}

/// The service at `handle` (−1: the scratch one, −2: none given).
fn service_at(handle: i32, scratch: &Option<Service>) -> Option<&Service> {
    match handle {
        -1 => scratch.as_ref(),
        h => usize::try_from(h).ok().and_then(catalogue::at),
    }
}

/// The URL of the operation named by the input's first `name_len` bytes (then `endpoint_len`
/// bytes of endpoint, or none when negative), at service `handle` (−2: none given). `flags`:
/// 2, the `GetOperation` URL, else the cancel URL; 4, JS has the prefix of `handle` cached (then
/// it is not written again); 8, resolve (the service and the plain name follow). Tape: the status, then for OK `whole` (1:
/// the name reference is the entire URL), the prefix's cache key (the handle, or −1), the prefix
/// `{origin}/{version}/` and the escaped name; the URL is prefix + name + `:cancel` (or nothing
/// for get). With flag 8, then the plain name and the service record.
#[no_mangle]
pub extern "C" fn lro_url(handle: i32, name_len: i32, endpoint_len: i32, flags: u32) -> *const f64 {
    let (get, cached, resolve) = (flags & 2 != 0, flags & 4 != 0, flags & 8 != 0);
    with_io(total(&[name_len, endpoint_len]), |bytes, tape, scratch| {
        let cut = usize::try_from(name_len).unwrap_or(0).min(bytes.len());
        let name = bytes.get(..cut).unwrap_or(&[]);
        let given = service_at(handle, scratch);
        // The hottest path: a plain name that needs no escaping, for a known service, at its own
        // origin. Its bytes are all unreserved ASCII, so they need no UTF-8 decoding, and the
        // name comes back as the caller's own string (UTF-16 offsets = byte offsets). The other
        // forms (`//…`, `https://…`, `http://…`; see `resolve::form`) all start with `/` or `h`.
        if let (Some(s), true, false) = (given, endpoint_len < 0, resolve) {
            if !matches!(name.first(), Some(b'/' | b'h')) && matches!(s.match_name(name), Some((_, true))) {
                // OK, not whole, the prefix's cache key.
                tape.num(0.0);
                tape.num(0.0);
                tape.num(if handle >= 0 { f64::from(handle) } else { -1.0 });
                // The prefix `{origin}/{version}/` is written unless JS holds it already.
                if cached && handle >= 0 {
                    tape.none();
                } else {
                    tape.text_of(&s.prefix(s.made_origin()));
                }
                // The name: all of the caller's string.
                tape.num(1.0);
                tape.num(0.0);
                tape.num(name.len() as f64);
                return;
            }
        }
        let endpoint = usize::try_from(endpoint_len).ok().map(|_| utf8(bytes.get(cut..).unwrap_or(&[])));
        if let Err(e) = url(tape, utf8(name), given, endpoint, get, resolve) {
            tape.status(&e);
        }
    })
}

/// `lro_url` past its fast path: the name in any form, checked against the service it
/// designates, at the endpoint given or the service's own origin; the whole URL comes back.
fn url(
    tape: &mut Tape,
    raw: &str,
    given: Option<&Service>,
    endpoint: Option<&str>,
    get: bool,
    resolve: bool,
) -> Result<(), Error> {
    // The name's form is read before the endpoint, so a malformed name is what is reported.
    let form = crate::resolve::form(raw)?;
    let endpoint = endpoint.map(parse_endpoint).transpose()?;
    let t = crate::resolve::target(given, raw, form, endpoint)?;
    let url = t.service.url(&t.origin, &t.name, !get)?;
    // OK, whole, no cache key, no prefix.
    tape.num(0.0);
    tape.num(1.0);
    tape.num(-1.0);
    tape.none();
    tape.text(&url);
    if resolve {
        tape.text(&t.name);
        tape.service(t.service);
    }
    Ok(())
}

/// The `ListOperations` URL: the input holds the parent, the filter, the page token and the
/// endpoint (byte lengths given, negative: absent); `page_size` 0: absent. Tape: the status,
/// then for OK the URL.
#[no_mangle]
pub extern "C" fn lro_list_url(
    handle: i32,
    parent: i32,
    filter: i32,
    token: i32,
    endpoint: i32,
    page_size: u32,
) -> *const f64 {
    let lens = [parent, filter, token, endpoint];
    with_text(total(&lens), |text, tape, scratch| {
        let mut bytes = text.as_bytes();
        let parent = take(&mut bytes, parent);
        let filter = take(&mut bytes, filter);
        let token = take(&mut bytes, token);
        let endpoint = take(&mut bytes, endpoint);
        let Some(service) = service_at(handle, scratch) else {
            return Err(Status::invalid_argument("options.service must be the service whose operations to list"));
        };
        let origin = match endpoint {
            Some(e) => parse_endpoint(e)?,
            None => service.origin()?,
        };
        let size = (page_size > 0).then_some(page_size as usize);
        let query = catalogue::list_query(filter, size, token);
        let url = service.list_url(&origin, parent.unwrap_or(""), &query)?;
        tape.num(0.0);
        tape.text(&url);
        Ok(())
    })
}

/// Checks the endpoint in the input (`endpoint::parse_endpoint`). Tape: the status.
#[no_mangle]
pub extern "C" fn lro_endpoint(len: u32) -> *const f64 {
    with_text(len, |endpoint, tape, _| {
        parse_endpoint(endpoint)?;
        tape.num(0.0);
        Ok(())
    })
}

/// Decodes the HTTP error whose body is the input's first `len` bytes (`status::decode_http_error`).
/// Tape: the status record, with spans into the body.
#[no_mangle]
pub extern "C" fn lro_decode_error(http: u32, len: u32, ascii: u32) -> *const f64 {
    let http = u16::try_from(http).unwrap_or(0);
    with_io(len, |bytes, tape, _| {
        let src = Source::new(bytes, ascii == 1);
        with_http_error(http, utf8(bytes), |e| tape.status_ref(&src, e, f64::from(http)));
    })
}

/// Decodes the input's first `len` bytes as an `Operation` (`list == 0`) or a
/// `ListOperationsResponse` (`list == 1`). Tape: the status, then for OK the operation record
/// (see `Tape::operation`), or for a page the count of operations, each record, the next page
/// token (or none) and the count and references of the unreachable resources.
#[no_mangle]
pub extern "C" fn lro_operation(len: u32, ascii: u32, list: u32) -> *const f64 {
    with_io(len, |bytes, tape, _| {
        let src = Source::new(bytes, ascii == 1);
        let text = utf8(bytes);
        let written: Result<(), Error> = if list == 1 {
            with_page(text, |page| {
                let p = page?;
                tape.num(0.0);
                tape.num(p.operations.len() as f64);
                for op in &p.operations {
                    tape.operation(&src, op);
                }
                tape.opt_string(&src, p.next_page_token);
                tape.num(p.unreachable.len() as f64);
                for u in &p.unreachable {
                    tape.string(&src, *u, 0);
                }
                Ok(())
            })
        } else {
            with_operation(text, |op| {
                tape.num(0.0);
                tape.operation(&src, &op?);
                Ok(())
            })
        };
        if let Err(e) = written {
            tape.nums.truncate(1);
            tape.status(&e);
        }
    })
}

/// The catalogue entries whose id, title or host contains the input (see `catalogue::search`).
/// Tape: OK, the count, each service record.
#[no_mangle]
pub extern "C" fn lro_services(len: u32) -> *const f64 {
    with_text(len, |query, tape, _| {
        let found = catalogue::search(query);
        tape.num(0.0);
        tape.num(found.len() as f64);
        for s in &found {
            tape.service(s);
        }
        Ok(())
    })
}

/// Registers the catalogue table in the input (`catalogue::register`). Tape: the status, then
/// for OK how many services are known.
#[no_mangle]
pub extern "C" fn lro_register(len: u32) -> *const f64 {
    with_text(len, |table, tape, _| {
        let n = catalogue::register(table)?;
        tape.num(0.0);
        tape.num(n as f64);
        Ok(())
    })
}

/// What to do after the `attempt`-th failure with `code` (`RetryPolicy::next`): `hint` is the
/// server's RetryInfo delay (NaN: none), else the input's first `header` bytes are its
/// `Retry-After` header (negative: none); `remaining` is the time left before the deadline
/// (NaN: none). Returns the delay to wait (≥ 0), −1 not retryable, −2 attempts exhausted, or
/// −3 − d when the next attempt, `d` ms away, would pass the deadline.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub extern "C" fn lro_retry(
    attempt: u32,
    code: u32,
    random: f64,
    hint: f64,
    header: i32,
    remaining: f64,
    max_attempts: u32,
    initial_delay_ms: f64,
    max_delay_ms: f64,
    multiplier: f64,
) -> f64 {
    // NaN (or 0 attempts): the default.
    let d = RetryPolicy::default();
    let or = |v: f64, default: f64| if v.is_nan() { default } else { v };
    let policy = RetryPolicy {
        max_attempts: if max_attempts == 0 { d.max_attempts } else { max_attempts },
        initial_delay_ms: or(initial_delay_ms, d.initial_delay_ms),
        max_delay_ms: or(max_delay_ms, d.max_delay_ms),
        multiplier: or(multiplier, d.multiplier),
    };
    let code = i64::from(code);
    let code = Code::from_number(code).unwrap_or(Code::Unknown);
    let hint = if hint.is_nan() {
        with_state(|io| take(&mut io.input.as_slice(), header).and_then(parse_retry_after)).flatten()
    } else {
        Some(hint)
    };
    let remaining = (!remaining.is_nan()).then_some(remaining);
    match policy.next(attempt, code, random, hint, remaining) {
        Next::RetryAfter(ms) => ms,
        Next::GiveUp(GiveUp::NotRetryable) => -1.0,
        Next::GiveUp(GiveUp::AttemptsExhausted) => -2.0,
        Next::GiveUp(GiveUp::Deadline { delay_ms }) => -3.0 - delay_ms,
    }
}

/// The wait before poll number `n` of `cancelAndWait` (`PollSchedule::delay_ms`), starting at
/// `initial_ms`.
#[no_mangle]
pub extern "C" fn lro_poll_delay(initial_ms: f64, n: u32) -> f64 {
    crate::wait::PollSchedule { initial_ms, ..Default::default() }.delay_ms(n)
}

/// The google.rpc.Code names, comma-separated in number order, as text (kind 3).
#[no_mangle]
pub extern "C" fn lro_code_names() -> *const f64 {
    with_io(0, |_, tape, _| {
        tape.num(0.0);
        tape.text(crate::code::NAMES);
    })
}
