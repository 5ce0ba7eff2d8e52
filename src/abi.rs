//! The numeric edge between `src/js/api.js` and the core, for the calls that must be fast:
//! which service, the cancel or get URL, and decoding an HTTP error. Measured in
//! `bench/run.mjs`, a `#[wasm_bindgen]` call that takes and returns JS values spends most of its
//! time crossing the boundary (a TextDecoder per string, a `Reflect` call per property). Here
//! each call crosses once: JS writes its strings into one input area of wasm memory
//! (`TextEncoder.encodeInto`), calls an export with numbers, and reads one result record, the
//! tape, as `f64`s. Strings come back as references, never copies, where possible:
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
//! Every tape starts with the text area's address, then a status record: `code` (0 = OK), then
//! for a failure the message, the details (kind 2 or 0), the index of the `ErrorInfo` to lift
//! (−1: none), the `(index, ms)` pairs of `RetryInfo` details, and the HTTP status (−1: none).

use std::borrow::Cow;
use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::catalogue::{self, Service};
use crate::code::Code;
use crate::endpoint::parse_endpoint;
use crate::status::{with_http_error, HttpError, Message, Status};

#[wasm_bindgen(module = "/src/js/api.js")]
extern "C" {
    /// Hands the module's exports and memory to the JS layer.
    fn install(exports: JsValue, memory: JsValue);
}

/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
fn lro_start() {
    // Development builds only: a panic would trap the module for the whole page, and clippy's
    // lints keep every panic out of the library, so one found in development must be loud.
    #[cfg(debug_assertions)]
    {
        #[wasm_bindgen]
        extern "C" {
            #[wasm_bindgen(js_namespace = console, js_name = error)]
            fn console_error(message: &str);
        }
        std::panic::set_hook(Box::new(|info| {
            console_error(&crate::text::concat(&["lro-cancel panicked: ", &info.to_string()]))
        }));
    }
    ensure_installed();
}

thread_local! {
    static INSTALLED: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

/// Hands the exports and memory to `src/js/api.js` once.
pub fn ensure_installed() {
    if !INSTALLED.with(|i| i.replace(true)) {
        install(wasm_bindgen::exports(), wasm_bindgen::memory());
    }
}

#[derive(Default)]
struct Io {
    input: Vec<u8>,
    tape: Vec<f64>,
    text: Vec<u8>,
    /// The last service made from a rule or a `{ host, version, templates }` object (handle −1).
    scratch: Option<Service>,
}

thread_local! {
    static IO: RefCell<Io> = RefCell::new(Io::default());
}

/// Positions in the JS string the input came from.
struct Source<'a> {
    bytes: &'a [u8],
    ascii: bool,
}

impl Source<'_> {
    /// The UTF-16 offset of byte `pos`.
    fn utf16(&self, pos: usize) -> f64 {
        if self.ascii {
            return pos as f64;
        }
        let head = self.bytes.get(..pos).unwrap_or(self.bytes);
        // Every byte but continuation bytes starts a character; 4-byte ones are two units.
        let units = head
            .iter()
            .fold(0usize, |n, b| n.wrapping_add(usize::from(b & 0xC0 != 0x80)).wrapping_add(usize::from(*b >= 0xF0)));
        units as f64
    }
}

/// The result record being written.
struct Tape<'a> {
    nums: &'a mut Vec<f64>,
    text: &'a mut Vec<u8>,
}

impl Tape<'_> {
    fn num(&mut self, n: f64) {
        self.nums.push(n);
    }

    fn none(&mut self) {
        self.nums.extend_from_slice(&[0.0, 0.0, 0.0]);
    }

    fn text(&mut self, s: &str) {
        self.text_of(&[s]);
    }

    /// A text reference to the concatenation of `parts`.
    fn text_of(&mut self, parts: &[&str]) {
        let a = self.text.len() as f64;
        for p in parts {
            self.text.extend_from_slice(p.as_bytes());
        }
        self.nums.extend_from_slice(&[3.0, a, self.text.len() as f64]);
    }

    fn slice(&mut self, src: &Source, kind: f64, (a, b): (usize, usize)) {
        self.nums.extend_from_slice(&[kind, src.utf16(a), src.utf16(b)]);
    }

    /// A status made here (no details, no HTTP status).
    fn status(&mut self, st: &Status) {
        self.num(f64::from(st.code.number()));
        self.text(&st.message);
        self.none();
        self.nums.extend_from_slice(&[-1.0, 0.0, -1.0]);
    }

    /// A decoded HTTP error; its spans are offsets into the body at `offset`.
    fn http_error(&mut self, src: &Source, e: &HttpError, http: u16) {
        self.num(f64::from(e.code.number()));
        let shift = |(a, b): (usize, usize)| (a.saturating_add(e.offset), b.saturating_add(e.offset));
        match &e.message {
            Message::Body(v) => match v.verbatim_str() {
                Some(_) => {
                    let (a, b) = shift(v.span());
                    self.slice(src, 1.0, (a.saturating_add(1), b.saturating_sub(1)));
                }
                None => self.slice(src, 2.0, shift(v.span())),
            },
            Message::Text(t) => self.text(t),
        }
        match e.details {
            Some(d) => self.slice(src, 2.0, shift(d.span())),
            None => self.none(),
        }
        let (info, delays) = e.lifted();
        self.num(info.map_or(-1.0, |i| i as f64));
        self.num(delays.len() as f64);
        for (i, ms) in delays {
            self.num(i as f64);
            self.num(ms as f64);
        }
        self.num(f64::from(http));
    }
}

/// Runs `f` with the input (its first `len` bytes) and a fresh tape; returns the tape's address.
fn with_io(len: u32, f: impl FnOnce(&[u8], &mut Tape, &mut Option<Service>)) -> *const f64 {
    IO.with(|io| {
        let mut io = io.borrow_mut();
        let Io { input, tape, text, scratch } = &mut *io;
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
}

/// UTF-8 the JS side wrote with `encodeInto`, which never writes anything else.
fn utf8(bytes: &[u8]) -> &str {
    core::str::from_utf8(bytes).unwrap_or("")
}

/// Makes room for `cap` bytes of input and returns the input area's address. The address stays
/// valid until the next call that asks for more room.
#[wasm_bindgen]
pub fn lro_input(cap: u32) -> *mut u8 {
    IO.with(|io| {
        let mut io = io.borrow_mut();
        if io.input.len() < cap as usize {
            io.input.resize(cap as usize, 0);
        }
        io.input.as_mut_ptr()
    })
}

/// `options.service` from the input: `custom == 0`, a catalogue id or an HTTP rule; `custom ==
/// 1`, the JSON array `[host, version, ...templates]`. Tape: the status, then for OK the handle
/// (the id's position in the catalogue, stable for the module's life, or −1 for the scratch
/// service that lasts until the next such call).
#[wasm_bindgen]
pub fn lro_service(len: u32, custom: u32) -> *const f64 {
    with_io(len, |bytes, tape, scratch| {
        let text = utf8(bytes);
        let made = if custom == 1 {
            custom_service(text)
        } else {
            let s = text.trim();
            if s.contains('/') || s.contains(' ') {
                catalogue::from_rule(s)
            } else {
                match catalogue::position(s) {
                    Ok((i, _)) => {
                        tape.num(0.0);
                        tape.num(i as f64);
                        return;
                    }
                    Err(e) => Err(e),
                }
            }
        };
        match made {
            Ok(service) => {
                *scratch = Some(service);
                tape.num(0.0);
                tape.num(-1.0);
            }
            Err(e) => tape.status(&e),
        }
    })
}

fn custom_service(json: &str) -> Result<Service, Status> {
    let doc = crate::json::Doc::parse(json).map_err(|_| Status::invalid_argument("options.service is malformed"))?;
    let parts: Vec<Cow<str>> = doc.root().items().filter_map(|v| v.as_str()).collect();
    let (host, version, templates) = match parts.as_slice() {
        [host, version, templates @ ..] => (host, version, templates),
        _ => return Err(Status::invalid_argument("options.service needs host, version and templates")),
    };
    let templates: Vec<&str> = templates.iter().map(|t| t.as_ref()).collect();
    catalogue::custom(host, version, &templates)
}

/// The URL of the operation named by the input's first `name_len` bytes (then `endpoint_len`
/// bytes of endpoint, or none when negative), at service `handle` (−2: none given). `flags`:
/// 1, the name is ASCII; 2, the `GetOperation` URL, else the cancel URL; 4, JS has the prefix of
/// `handle` cached (then it is not written again). Tape: the status, then for OK `whole` (1: the name
/// reference is the entire URL), the prefix's cache key (the handle, or −1), the prefix
/// `{origin}/{version}/` and the escaped name; the URL is prefix + name + `:cancel` (or nothing
/// for get).
#[wasm_bindgen]
pub fn lro_url(handle: i32, name_len: u32, endpoint_len: i32, flags: u32) -> *const f64 {
    let (ascii, get, cached) = (flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
    let total = name_len.saturating_add(u32::try_from(endpoint_len).unwrap_or(0));
    with_io(total, |bytes, tape, scratch| {
        let (name_bytes, endpoint) = bytes.split_at(bytes.len().min(name_len as usize));
        let src = Source { bytes: name_bytes, ascii };
        let raw = utf8(name_bytes);
        let service: Option<&Service> = match handle {
            -1 => scratch.as_ref(),
            h => usize::try_from(h).ok().and_then(catalogue::at),
        };
        let endpoint = (endpoint_len >= 0).then(|| utf8(endpoint));
        if let Err(e) = url(tape, &src, raw, service, endpoint, Ask { handle, get, cached }) {
            tape.status(&e);
        }
    })
}

/// What `lro_url` was asked, besides its strings (see its flags).
struct Ask {
    handle: i32,
    get: bool,
    cached: bool,
}

fn url(
    tape: &mut Tape,
    src: &Source,
    raw: &str,
    service: Option<&Service>,
    endpoint: Option<&str>,
    Ask { handle, get, cached }: Ask,
) -> Result<(), Status> {
    let plain = matches!(crate::resolve::form(raw)?, crate::resolve::Form::Plain(_));
    if let (Some(s), None, true) = (service, endpoint, plain) {
        // The hot path: a plain name for a known service. The name comes back as a slice of the
        // caller's string when escaping changes nothing.
        let keep_slash = s.check_name(raw)?.is_multi_segment();
        let origin = s.origin_ref()?;
        tape.num(0.0);
        tape.num(0.0);
        tape.num(if handle >= 0 { f64::from(handle) } else { -1.0 });
        if cached && handle >= 0 {
            tape.none(); // JS holds this service's prefix already
        } else {
            tape.text_of(&s.prefix(&origin));
        }
        if crate::template::escapes_nothing(raw, keep_slash) {
            tape.slice(src, 1.0, (0, raw.len()));
        } else {
            let mut escaped = String::new();
            crate::template::escape_into(raw, keep_slash, &mut escaped);
            tape.text(&escaped);
        }
        return Ok(());
    }
    let endpoint = endpoint.map(parse_endpoint).transpose()?;
    let t = crate::resolve::target(service.cloned().map(Cow::Owned), raw, endpoint)?;
    let url = if get { t.service.get_url(&t.origin, &t.name)? } else { t.service.cancel_url(&t.origin, &t.name)? };
    tape.num(0.0);
    tape.num(1.0);
    tape.num(-1.0);
    tape.none();
    tape.text(&url);
    Ok(())
}

/// Decodes the HTTP error whose body is the input's first `len` bytes (`status::decode_http_error`).
/// Tape: the status record, with spans into the body.
#[wasm_bindgen]
pub fn lro_decode_error(http: u32, len: u32, ascii: u32) -> *const f64 {
    let http = u16::try_from(http).unwrap_or(0);
    with_io(len, |bytes, tape, _| {
        let src = Source { bytes, ascii: ascii == 1 };
        with_http_error(http, utf8(bytes), |e| tape.http_error(&src, e, http));
    })
}

/// The google.rpc.Code names, comma-separated in number order, as text (kind 3).
#[wasm_bindgen]
pub fn lro_code_names() -> *const f64 {
    with_io(0, |_, tape, _| {
        let names: Vec<&str> = (0..=16).filter_map(Code::from_number).map(Code::name).collect();
        tape.num(0.0);
        tape.text(&names.join(","));
    })
}
