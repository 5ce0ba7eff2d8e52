//! The JavaScript API: `#[wasm_bindgen]` exports, option parsing, `LroError`. Business rules
//! live in the core modules; this layer only converts.
//!
//! Every export takes `JsValue`s so that a wrong JS type (a number, `null`, a missing field, no
//! options object at all) becomes an `LroError` with code 3, never a wasm-bindgen TypeError and
//! never a trap. Values cross the boundary once each way: options are read field by field with
//! `Reflect::get`, results are built as plain objects with `obj[key] = value` (what a
//! JSON-compatible serializer does, without serde-wasm-bindgen's ~14 KB).

use std::borrow::Cow;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::catalogue::{self, Service};
use crate::code::Code;
use crate::details::{Detail, RetryInfo};
use crate::endpoint::{parse_endpoint, Origin};
use crate::json::Json;
use crate::operation::{decode_operation as decode_op, Operation, OperationResult};
use crate::resolve::Target;
use crate::retry::RetryPolicy;
use crate::status::Status;
use crate::text::{concat, push_usize};
use crate::transport::{self, push_number, Call, Failure, Request};
use crate::wait::{Outcome, PollSchedule};

#[wasm_bindgen(module = "/src/js/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = lroError)]
    fn lro_error(fields: &JsValue) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// A plain object, written with `obj[key] = value` (what a JSON-compatible serializer does).
    #[wasm_bindgen(extends = js_sys::Object)]
    type Plain;
    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Plain, key: &str, value: &JsValue);
    #[wasm_bindgen(method, indexing_setter)]
    fn set_value(this: &Plain, key: &JsValue, value: &JsValue);
}

/// `o[key] = value` for one of our own keys, using the cached JS string (see `js_key`).
fn put(o: &Plain, key: &'static str, value: &JsValue) {
    o.set_value(&js_key(key), value);
}

fn plain() -> Plain {
    js_sys::Object::new().unchecked_into()
}

/// A decoded JSON value as `JSON.parse` would give it.
fn json_js(v: &Json) -> JsValue {
    match v {
        Json::Null => JsValue::NULL,
        Json::Bool(b) => JsValue::from_bool(*b),
        Json::Number(n) => JsValue::from_f64(*n),
        Json::String(s) => JsValue::from_str(s),
        Json::Array(items) => {
            let a = js_sys::Array::new();
            for item in items {
                a.push(&json_js(item));
            }
            a.into()
        }
        Json::Object(members) => {
            let o = plain();
            for (k, item) in members {
                o.set(k, &json_js(item));
            }
            o.into()
        }
    }
}

/// A detail as the server sent it; a `RetryInfo` whose delay parsed also gets `retryDelayMs`
/// (last, replacing any member of that name), as `Detail`'s `Serialize` has it.
fn detail_js(d: &Detail) -> JsValue {
    match (d, d.raw()) {
        (Detail::RetryInfo(RetryInfo { retry_delay_ms: Some(ms), .. }), Json::Object(members)) => {
            let o = plain();
            for (k, item) in members.iter().filter(|(k, _)| k != "retryDelayMs") {
                o.set(k, &json_js(item));
            }
            put(&o, "retryDelayMs", &JsValue::from_f64(*ms as f64));
            o.into()
        }
        (_, raw) => json_js(raw),
    }
}

/// `code`, `status`, `message`, `details` onto `o`, as `Status`'s `Serialize` writes them.
fn status_fields(o: &Plain, st: &Status) {
    put(o, "code", &JsValue::from_f64(f64::from(st.code.number())));
    put(o, "status", &JsValue::from_str(st.code.name()));
    put(o, "message", &JsValue::from_str(&st.message));
    let details = js_sys::Array::new();
    for d in &st.details {
        details.push(&detail_js(d));
    }
    put(o, "details", &details);
}

/// `{ name, done, metadata?, error?, response? }`, as `Operation`'s `Serialize` writes it.
fn operation_js(op: &Operation) -> JsValue {
    let o = plain();
    put(&o, "name", &JsValue::from_str(&op.name));
    put(&o, "done", &JsValue::from_bool(op.done));
    if let Some(m) = &op.metadata {
        put(&o, "metadata", &json_js(m));
    }
    match &op.result {
        Some(OperationResult::Error(st)) => {
            let e = plain();
            status_fields(&e, st);
            put(&o, "error", &e);
        }
        Some(OperationResult::Response(r)) => put(&o, "response", &json_js(r)),
        None => {}
    }
    o.into()
}

/// The `LroError` for a failure: `{ code, status, message, details, httpStatus?, reason?,
/// domain?, metadata?, retryDelayMs? }`, the last four lifted from ErrorInfo and RetryInfo.
pub fn error_value(st: &Status, http_status: Option<u16>) -> JsValue {
    let o = plain();
    status_fields(&o, st);
    if let Some(h) = http_status {
        put(&o, "httpStatus", &JsValue::from_f64(f64::from(h)));
    }
    if let Some(info) = st.error_info() {
        put(&o, "reason", &JsValue::from_str(&info.reason));
        put(&o, "domain", &JsValue::from_str(&info.domain));
        let m = plain();
        for (k, v) in &info.metadata {
            m.set(k, &JsValue::from_str(v));
        }
        put(&o, "metadata", &m);
    }
    if let Some(ms) = st.retry_delay_ms() {
        put(&o, "retryDelayMs", &JsValue::from_f64(ms as f64));
    }
    lro_error(&o)
}

fn fail(f: Failure) -> JsValue {
    error_value(&f.status, f.http_status)
}

fn invalid(message: String) -> JsValue {
    error_value(&Status::invalid_argument(message), None)
}

fn strings_js<'a>(items: impl Iterator<Item = &'a str>) -> JsValue {
    let a = js_sys::Array::new();
    for s in items {
        a.push(&JsValue::from_str(s));
    }
    a.into()
}

/// A catalogue entry as JS sees it: `{ id, title?, host, version, templates, scopes, permission? }`.
fn service_js(sv: &Service) -> JsValue {
    let o = plain();
    put(&o, "id", &JsValue::from_str(&sv.id));
    if let Some(t) = &sv.title {
        put(&o, "title", &JsValue::from_str(t));
    }
    put(&o, "host", &JsValue::from_str(&sv.host));
    put(&o, "version", &JsValue::from_str(&sv.version));
    put(&o, "templates", &strings_js(sv.templates.iter().map(|t| t.as_str())));
    put(&o, "scopes", &strings_js(sv.scopes.iter().map(String::as_str)));
    if let Some(p) = &sv.permission {
        put(&o, "permission", &JsValue::from_str(p));
    }
    o.into()
}

/// What a JS value is, for messages: "a number", "null", …
fn describe(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.as_string().is_some() {
        "a string"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if js_sys::Array::is_array(v) {
        "an array"
    } else if v.is_function() {
        "a function"
    } else if v.is_bigint() {
        "a bigint"
    } else if v.is_symbol() {
        "a symbol"
    } else {
        "an object"
    }
}

/// `options.{key} must be {expected}, got {what v is}`.
fn must_be(key: &str, expected: &str, v: &JsValue) -> Status {
    Status::invalid_argument(concat(&["options.", key, " must be ", expected, ", got ", describe(v)]))
}

/// A JS string option as UTF-8. A lone UTF-16 surrogate (possible in JS strings, not in UTF-8)
/// is refused rather than silently replaced by U+FFFD, which would target another name.
fn text_of(key: &str, expected: &str, v: &JsValue) -> Result<String, Status> {
    let text = v.as_string().ok_or_else(|| must_be(key, expected, v))?;
    // The conversion turns a lone surrogate into U+FFFD; only then is the JS string examined
    // (code unit by code unit, which is slow, so not on every call).
    let lone = crate::text::find(&text, "\u{FFFD}").is_some()
        && v.dyn_ref::<js_sys::JsString>().is_some_and(|s| !s.is_valid_utf16());
    if lone {
        return Err(Status::invalid_argument(concat(&[
            "options.",
            key,
            " contains a lone UTF-16 surrogate, which no URL can carry; expected ",
            expected,
        ])));
    }
    Ok(text)
}

std::thread_local! {
    /// Option names as JS strings, made once: decoding a key from UTF-8 on every read was
    /// most of the time a short call took (measured with bench/run.mjs).
    static KEYS: std::cell::RefCell<Vec<(&'static str, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn js_key(key: &'static str) -> JsValue {
    KEYS.with(|keys| {
        if let Some((_, v)) = keys.borrow().iter().find(|(k, _)| *k == key) {
            return v.clone();
        }
        let v = JsValue::from_str(key);
        keys.borrow_mut().push((key, v.clone()));
        v
    })
}

/// An options object, read one field at a time.
struct Options<'a> {
    obj: &'a JsValue,
}

impl<'a> Options<'a> {
    fn new(obj: &'a JsValue, function: &str, shape: &str) -> Result<Self, Status> {
        if obj.is_object() && !js_sys::Array::is_array(obj) && !obj.is_function() {
            Ok(Options { obj })
        } else {
            Err(Status::invalid_argument(concat(&[
                function,
                " expects an options object like ",
                shape,
                ", got ",
                describe(obj),
            ])))
        }
    }

    fn get(&self, key: &'static str) -> Result<JsValue, Status> {
        Reflect::get(self.obj, &js_key(key))
            .map_err(|_| Status::invalid_argument(concat(&["options.", key, " could not be read"])))
    }

    /// `undefined` and `null` both mean "not given".
    fn opt(&self, key: &'static str) -> Result<Option<JsValue>, Status> {
        let v = self.get(key)?;
        Ok(if v.is_undefined() || v.is_null() { None } else { Some(v) })
    }

    fn string(&self, key: &'static str, expected: &str) -> Result<String, Status> {
        let v = self.get(key)?;
        text_of(key, expected, &v)
    }

    fn opt_string(&self, key: &'static str, expected: &str) -> Result<Option<String>, Status> {
        match self.opt(key)? {
            None => Ok(None),
            Some(v) => text_of(key, expected, &v).map(Some),
        }
    }

    /// A number in `min..=max` milliseconds (or a count), or `default` when not given.
    fn number(&self, key: &'static str, default: f64, min: f64, max: f64) -> Result<f64, Status> {
        match self.opt(key)? {
            None => Ok(default),
            Some(v) => match v.as_f64() {
                Some(n) if n >= min && n <= max => Ok(n),
                _ => {
                    let mut m = concat(&["options.", key, " must be a number from "]);
                    push_number(&mut m, min);
                    m.push_str(" to ");
                    push_number(&mut m, max);
                    m.push_str(", got ");
                    match v.as_f64() {
                        Some(n) => push_number(&mut m, n),
                        None => m.push_str(describe(&v)),
                    }
                    Err(Status::invalid_argument(m))
                }
            },
        }
    }
}

/// `setTimeout`'s largest delay.
const MAX_MS: f64 = 2_147_483_647.0;

/// `options.service`: a catalogue id, an HTTP rule string, or `{ host, version, templates }`.
/// `options.service` when given (`undefined`/`null`: not given).
fn service_of(opts: &Options) -> Result<Option<Cow<'static, Service>>, Status> {
    const EXPECTED: &str = "a service id such as \"gkehub\", an HTTP rule such as \"POST \
        https://host/v1/{name=projects/*/operations/*}:cancel\", or { host, version, templates }";
    let Some(v) = opts.opt("service")? else { return Ok(None) };
    if let Some(s) = v.as_string() {
        let s = s.trim();
        return if s.contains('/') || s.contains(' ') {
            catalogue::from_rule(s).map(|s| Some(Cow::Owned(s)))
        } else {
            catalogue::find(s).map(|s| Some(Cow::Borrowed(s)))
        };
    }
    if !v.is_object() || js_sys::Array::is_array(&v) || v.is_function() {
        return Err(must_be("service", EXPECTED, &v));
    }
    let custom = Options { obj: &v };
    let host = custom.string("host", "a host name such as \"gkehub.googleapis.com\"")?;
    let version = custom.string("version", "an API version such as \"v1\"")?;
    let t = custom.get("templates")?;
    let templates: Vec<String> = if let Some(one) = t.as_string() {
        vec![one]
    } else if js_sys::Array::is_array(&t) {
        js_sys::Array::from(&t)
            .iter()
            .map(|x| x.as_string())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Status::invalid_argument("options.service.templates must hold only strings"))?
    } else {
        return Err(must_be(
            "service.templates",
            "an array of name templates such as [\"projects/*/locations/*/operations/*\"]",
            &t,
        ));
    };
    let refs: Vec<&str> = templates.iter().map(String::as_str).collect();
    catalogue::custom(&host, &version, &refs).map(|s| Some(Cow::Owned(s)))
}

const NAME: &str = "an operation name such as \"projects/p/locations/l/operations/o\", a full resource name \
    \"//host/name\" or an operation URL \"https://host/version/name\"";

/// `options.endpoint`, parsed, when given.
fn endpoint_of(opts: &Options) -> Result<Option<Origin>, Status> {
    opts.opt_string("endpoint", "a URL such as \"https://us-central1-aiplatform.googleapis.com\"")?
        .map(|e| parse_endpoint(&e))
        .transpose()
}

/// The target of a call from its options: `service`, `name`, `endpoint`.
fn target_of(opts: &Options) -> Result<Target, Status> {
    let given = service_of(opts)?;
    let raw = opts.string("name", NAME)?;
    crate::resolve::target(given, &raw, endpoint_of(opts)?)
}

/// The service catalogue: `[{ id, title?, host, version, templates, scopes, permission? }]`;
/// with a query, only the services whose id, title or host contains it (ignoring case).
#[wasm_bindgen(js_name = services, unchecked_return_type = "ServiceInfo[]")]
pub fn services(query: JsValue) -> JsValue {
    let q = query.as_string().unwrap_or_default();
    let a = js_sys::Array::new();
    for sv in catalogue::search(&q) {
        a.push(&service_js(sv));
    }
    a.into()
}

/// Adds the generated catalogue (the `lro-cancel/catalogue` entry) and returns how many
/// services are known.
#[wasm_bindgen(js_name = registerCatalogue)]
pub fn register_catalogue(table: JsValue) -> Result<f64, JsValue> {
    let text = table.as_string().ok_or_else(|| {
        invalid(concat(&[
            "registerCatalogue expects the catalogue text from lro-cancel/catalogue, got ",
            describe(&table),
        ]))
    })?;
    catalogue::register(&text).map(|n| n as f64).map_err(|s| error_value(&s, None))
}

/// `{ service?, name, endpoint? }` → `{ service, name, url }`: which service a pasted name (plain,
/// `//host/name` or an operation URL) designates, the plain name, and the cancel URL.
#[wasm_bindgen(js_name = resolveName, unchecked_return_type = "ResolvedName")]
pub fn resolve_name(options: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Status> {
        let opts = Options::new(&options, "resolveName", "{ service?, name }")?;
        let t = target_of(&opts)?;
        let url = t.service.cancel_url(&t.origin, &t.name)?;
        let o = plain();
        put(&o, "service", &service_js(&t.service));
        put(&o, "name", &JsValue::from_str(&t.name));
        put(&o, "url", &JsValue::from_str(&url));
        Ok(o.into())
    };
    run().map_err(|s| error_value(&s, None))
}

#[wasm_bindgen(module = "/src/js/api.js")]
extern "C" {
    #[wasm_bindgen(js_name = buildCancelRequest, catch)]
    fn js_build_cancel_request(options: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = decodeError)]
    fn js_decode_error(http_status: JsValue, body: JsValue) -> JsValue;
}

/// `buildCancelRequest` (src/js/api.js), for Rust callers (the browser tests, whose runner
/// does not run the module's start function, hence `ensure_installed`).
pub fn build_cancel_request(options: JsValue) -> Result<JsValue, JsValue> {
    crate::abi::ensure_installed();
    js_build_cancel_request(options)
}

/// `decodeError` (src/js/api.js), for Rust callers (see `build_cancel_request`).
pub fn decode_error(http_status: JsValue, body: JsValue) -> JsValue {
    crate::abi::ensure_installed();
    js_decode_error(http_status, body)
}

/// Decodes a `google.longrunning.Operation` from JSON text or a parsed object.
#[wasm_bindgen(js_name = decodeOperation, unchecked_return_type = "Operation")]
pub fn decode_operation(input: JsValue) -> Result<JsValue, JsValue> {
    let text = if let Some(s) = input.as_string() {
        s
    } else if input.is_object() {
        js_sys::JSON::stringify(&input)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| invalid(String::from("decodeOperation could not serialize its argument to JSON")))?
    } else {
        return Err(invalid(concat(&["decodeOperation expects JSON text or an object, got ", describe(&input)])));
    };
    decode_op(&text).map(|op| operation_js(&op)).map_err(|s| error_value(&s, None))
}

/// The call options shared by `cancelOperation`, `getOperation` and `cancelAndWait`.
struct CallOptions {
    token: String,
    user_project: Option<String>,
    timeout_ms: Option<f64>,
    signal: JsValue,
    retry: RetryPolicy,
}

impl CallOptions {
    async fn from(opts: &Options<'_>) -> Result<CallOptions, Status> {
        let user_project = opts.opt_string("userProject", "a project id")?;
        if let Some(p) = &user_project {
            if p.is_empty() || !p.bytes().all(|b| (0x21..0x7f).contains(&b)) {
                return Err(Status::invalid_argument(
                    "options.userProject must be a project id or number (visible ASCII, no spaces)",
                ));
            }
        }
        let timeout_ms = Some(opts.number("timeoutMs", 60_000.0, 1.0, MAX_MS)?);
        let signal = opts.opt("signal")?.unwrap_or(JsValue::UNDEFINED);
        if !signal.is_undefined() {
            let listens = Reflect::get(&signal, &JsValue::from_str("addEventListener")).map(|f| f.is_function());
            if !signal.is_object() || listens != Ok(true) {
                return Err(must_be("signal", "an AbortSignal", &signal));
            }
        }
        let retry = retry_of(opts)?;
        let token = token_of(opts).await?;
        Ok(CallOptions { token, user_project, timeout_ms, signal, retry })
    }

    fn request<'a>(&'a self, method: &'static str, url: &'a str) -> Request<'a> {
        Request {
            method,
            url,
            token: Some(&self.token),
            user_project: self.user_project.as_deref(),
            timeout_ms: self.timeout_ms,
            signal: &self.signal,
            retry: self.retry,
        }
    }
}

fn retry_of(opts: &Options) -> Result<RetryPolicy, Status> {
    let Some(v) = opts.opt("retry")? else { return Ok(RetryPolicy::default()) };
    match v.as_bool() {
        Some(true) => return Ok(RetryPolicy::default()),
        Some(false) => return Ok(RetryPolicy::NONE),
        None => {}
    }
    if !v.is_object() {
        return Err(must_be("retry", "false, true or { maxAttempts, initialDelayMs, maxDelayMs, multiplier }", &v));
    }
    let r = Options { obj: &v };
    let d = RetryPolicy::default();
    let attempts = r.number("maxAttempts", f64::from(d.max_attempts), 1.0, 100.0)?;
    Ok(RetryPolicy {
        max_attempts: attempts as u32,
        initial_delay_ms: r.number("initialDelayMs", d.initial_delay_ms, 0.0, MAX_MS)?,
        max_delay_ms: r.number("maxDelayMs", d.max_delay_ms, 0.0, MAX_MS)?,
        multiplier: r.number("multiplier", d.multiplier, 1.0, 100.0)?,
    })
}

/// `accessToken`: a string, or a function returning a string or a Promise of one.
async fn token_of(opts: &Options<'_>) -> Result<String, Status> {
    const EXPECTED: &str = "an OAuth 2 access token string, or a function returning one (or a Promise of one)";
    let v = opts.get("accessToken")?;
    let v = if let Some(f) = v.dyn_ref::<Function>() {
        let called = f.call0(&JsValue::UNDEFINED).map_err(|_| {
            Status::new(Code::Unauthenticated, "options.accessToken function threw instead of returning a token")
        })?;
        JsFuture::from(Promise::resolve(&called))
            .await
            .map_err(|_| Status::new(Code::Unauthenticated, "options.accessToken function's Promise was rejected"))?
    } else {
        v
    };
    let token = v.as_string().ok_or_else(|| must_be("accessToken", EXPECTED, &v))?;
    let token = token.trim();
    if token.is_empty() {
        return Err(Status::new(Code::Unauthenticated, concat(&["options.accessToken is empty; expected ", EXPECTED])));
    }
    if let Some(at) = token.bytes().position(|b| !(0x21..0x7f).contains(&b)) {
        let mut m =
            String::from("options.accessToken has a character that cannot be sent in an HTTP header at position ");
        push_usize(&mut m, at);
        m.push_str("; expected a bare token without \"Bearer \", spaces or line breaks");
        return Err(Status::invalid_argument(m));
    }
    Ok(String::from(token))
}

async fn cancel_inner(options: &JsValue) -> Result<(), Failure> {
    let opts = Options::new(options, "cancelOperation", "{ service, name, accessToken }")?;
    let t = target_of(&opts)?;
    let url = t.service.cancel_url(&t.origin, &t.name)?;
    let call = CallOptions::from(&opts).await?;
    post_cancel(&call, &url).await
}

async fn post_cancel(call: &CallOptions, url: &str) -> Result<(), Failure> {
    let body = transport::send(&call.request("POST", url)).await?;
    let trimmed = body.trim();
    if trimmed.is_empty() || matches!(crate::json::parse(trimmed), Ok(crate::json::Json::Object(_))) {
        Ok(())
    } else {
        Err(Failure {
            status: Status::new(
                Code::Unknown,
                "the cancel call succeeded but its body is neither empty nor a JSON object; is the endpoint a Google API?",
            ),
            http_status: Some(200),
        })
    }
}

async fn get_inner(call: &CallOptions, url: &str) -> Result<Operation, Failure> {
    let body = transport::send(&call.request("GET", url)).await?;
    decode_op(&body).map_err(|s| Failure {
        status: Status::new(
            Code::Unknown,
            concat(&["the server's answer is not a google.longrunning.Operation: ", &s.message]),
        ),
        http_status: Some(200),
    })
}

/// A call that goes over the network, twice: the JS export (`$js`, a Promise) and the same call
/// as a Rust future (`$rust`, for the browser tests), both through `run`.
macro_rules! network_export {
    ($(#[$doc:meta])* $js:ident, $ret:literal, $export:ident, $rust:ident, $api:expr) => {
        $(#[$doc])*
        #[wasm_bindgen(js_name = $js, unchecked_return_type = $ret)]
        pub fn $export(options: JsValue) -> Promise {
            wasm_bindgen_futures::future_to_promise(run($api, options))
        }

        #[doc = concat!("`", stringify!($js), "` for Rust callers (the browser tests): the same call, as a future.")]
        pub async fn $rust(options: JsValue) -> Result<JsValue, JsValue> {
            run($api, options).await
        }
    };
}

network_export!(
    /// `cancelOperation({ service, name, accessToken, endpoint?, userProject?, timeoutMs?, signal?, retry? })`.
    cancelOperation, "Promise<void>", cancel_operation_js, cancel_operation, Api::Cancel
);

/// The calls that go over the network. One `async fn` serves them all, so the wasm holds
/// one future-to-Promise adapter rather than one per export.
#[derive(Clone, Copy)]
enum Api {
    Cancel,
    Get,
    Wait,
    List,
    Many,
}

async fn run(api: Api, options: JsValue) -> Result<JsValue, JsValue> {
    match api {
        Api::Cancel => cancel_inner(&options).await.map(|()| JsValue::UNDEFINED),
        Api::Get => get_flow(&options).await.map(|op| operation_js(&op)),
        Api::Wait => wait_inner(&options).await,
        Api::List => list_flow(&options).await,
        Api::Many => many_flow(&options).await,
    }
    .map_err(fail)
}

network_export!(
    /// `listOperations({ service, name: parent, filter?, pageSize?, pageToken?, accessToken, ... })` →
    /// `{ operations, nextPageToken?, unreachable? }` (operations.proto `ListOperations`, AIP-158
    /// paging, AIP-217 unreachable locations).
    listOperations, "Promise<ListOperationsResult>", list_operations_js, list_operations, Api::List
);

async fn list_flow(options: &JsValue) -> Result<JsValue, Failure> {
    let opts = Options::new(options, "listOperations", "{ service, name: parent, accessToken }")?;
    let service = service_of(&opts)?
        .ok_or_else(|| must_be("service", "the service whose operations to list", &JsValue::UNDEFINED))?;
    let parent = opts.opt_string("name", "the parent such as \"projects/p/locations/l\"")?.unwrap_or_default();
    let mut query = String::new();
    let mut param = |key: &str, value: &str| {
        query.push_str(if query.is_empty() { "" } else { "&" });
        query.push_str(key);
        query.push('=');
        crate::template::escape_into(value, false, &mut query);
    };
    if let Some(f) = opts.opt_string("filter", "a filter such as \"done=false\"")? {
        param("filter", &f);
    }
    if opts.opt("pageSize")?.is_some() {
        param("pageSize", &crate::text::dec(opts.number("pageSize", 0.0, 1.0, 1000.0)? as usize));
    }
    if let Some(t) = opts.opt_string("pageToken", "the nextPageToken of the previous page")? {
        param("pageToken", &t);
    }
    let origin = match endpoint_of(&opts)? {
        Some(o) => o,
        None => service.origin()?,
    };
    let url = service.list_url(&origin, &parent, &query)?;
    let call = CallOptions::from(&opts).await?;
    let body = transport::send(&call.request("GET", &url)).await?;
    let (operations, next, unreachable) = crate::operation::decode_list_operations(&body).map_err(|s| Failure {
        status: Status::new(
            Code::Unknown,
            concat(&["the server's answer is not a ListOperationsResponse: ", &s.message]),
        ),
        http_status: Some(200),
    })?;
    let o = plain();
    let list = js_sys::Array::new();
    for op in &operations {
        list.push(&operation_js(op));
    }
    put(&o, "operations", &list);
    if let Some(t) = next {
        put(&o, "nextPageToken", &JsValue::from_str(&t));
    }
    if !unreachable.is_empty() {
        put(&o, "unreachable", &strings_js(unreachable.iter().map(String::as_str)));
    }
    Ok(o.into())
}

network_export!(
    /// `cancelMany({ service?, names, concurrency? = 8, onProgress?, accessToken, ... })` → one
    /// `{ name, ok: true } | { name, ok: false, error }` per name, in input order. One bad name or
    /// failed call never rejects the batch; the caller's signal stops what has not started (those
    /// report CANCELLED) and aborts what is in flight.
    cancelMany, "Promise<CancelManyResult[]>", cancel_many_js, cancel_many, Api::Many
);

/// One batch, shared by its workers.
struct Batch {
    call: CallOptions,
    service: Option<Cow<'static, Service>>,
    endpoint: Option<Origin>,
    names: Vec<JsValue>,
    results: std::cell::RefCell<Vec<JsValue>>,
    next: std::cell::Cell<usize>,
    done: std::cell::Cell<usize>,
    live: std::cell::Cell<usize>,
    on_progress: Option<Function>,
    finished: Function,
}

async fn many_flow(options: &JsValue) -> Result<JsValue, Failure> {
    let opts = Options::new(options, "cancelMany", "{ service?, names, accessToken }")?;
    let names = opts.get("names")?;
    if !js_sys::Array::is_array(&names) {
        return Err(must_be("names", "an array of operation names", &names).into());
    }
    let names: Vec<JsValue> = js_sys::Array::from(&names).iter().collect();
    if names.len() > 10_000 {
        return Err(Status::invalid_argument("options.names has more than 10,000 names; split the batch").into());
    }
    let concurrency = opts.number("concurrency", 8.0, 1.0, 64.0)? as usize;
    let on_progress = match opts.opt("onProgress")? {
        None => None,
        Some(f) => Some(f.dyn_into::<Function>().map_err(|v| must_be("onProgress", "a function", &v))?),
    };
    let service = service_of(&opts)?;
    let endpoint = endpoint_of(&opts)?;
    let call = CallOptions::from(&opts).await?;
    let total = names.len();
    let workers = concurrency.min(total);
    let mut finished = None;
    let all_done = Promise::new(&mut |resolve, _| finished = Some(resolve));
    let Some(finished) = finished else { return Err(Status::new(Code::Internal, "no Promise resolver").into()) };
    let batch = std::rc::Rc::new(Batch {
        call,
        service,
        endpoint,
        results: std::cell::RefCell::new(vec![JsValue::UNDEFINED; total]),
        names,
        next: std::cell::Cell::new(0),
        done: std::cell::Cell::new(0),
        live: std::cell::Cell::new(workers),
        on_progress,
        finished,
    });
    if workers == 0 {
        return Ok(js_sys::Array::new().into());
    }
    for _ in 0..workers {
        wasm_bindgen_futures::spawn_local(worker(batch.clone()));
    }
    let _ = JsFuture::from(all_done).await;
    let out = js_sys::Array::new();
    for r in batch.results.borrow().iter() {
        out.push(r);
    }
    Ok(out.into())
}

/// Takes the next name until none is left; the last worker to stop settles the batch.
async fn worker(b: std::rc::Rc<Batch>) {
    loop {
        let i = b.next.get();
        let Some(raw) = b.names.get(i).cloned() else { break };
        b.next.set(i.saturating_add(1));
        let (name, outcome) = cancel_one(&b, &raw).await;
        let r = plain();
        put(&r, "name", &name);
        put(&r, "ok", &JsValue::from_bool(outcome.is_none()));
        if let Some(e) = &outcome {
            put(&r, "error", e);
        }
        if let Some(slot) = b.results.borrow_mut().get_mut(i) {
            *slot = r.into();
        }
        b.done.set(b.done.get().saturating_add(1));
        if let Some(f) = &b.on_progress {
            let e = plain();
            put(&e, "done", &JsValue::from_f64(b.done.get() as f64));
            put(&e, "total", &JsValue::from_f64(b.names.len() as f64));
            put(&e, "name", &name);
            put(&e, "ok", &JsValue::from_bool(outcome.is_none()));
            if let Some(err) = &outcome {
                put(&e, "error", err);
            }
            // A throwing callback must not break the batch.
            let _ = f.call1(&JsValue::UNDEFINED, &e);
        }
    }
    b.live.set(b.live.get().saturating_sub(1));
    if b.live.get() == 0 {
        let _ = b.finished.call0(&JsValue::UNDEFINED);
    }
}

/// One cancel of the batch: the name as given (for the result) and `None` or the `LroError`.
async fn cancel_one(b: &Batch, raw: &JsValue) -> (JsValue, Option<JsValue>) {
    let run = async {
        let name = text_of("names[]", NAME, raw)?;
        let t = crate::resolve::target(b.service.clone(), &name, b.endpoint.clone())?;
        let url = t.service.cancel_url(&t.origin, &t.name)?;
        post_cancel(&b.call, &url).await
    };
    (raw.clone(), run.await.err().map(fail))
}

async fn get_flow(options: &JsValue) -> Result<Operation, Failure> {
    let opts = Options::new(options, "getOperation", "{ service, name, accessToken }")?;
    let t = target_of(&opts)?;
    let url = t.service.get_url(&t.origin, &t.name)?;
    let call = CallOptions::from(&opts).await?;
    get_inner(&call, &url).await
}

network_export!(
    /// `getOperation(options)` → the `Operation`.
    getOperation, "Promise<Operation>", get_operation_js, get_operation, Api::Get
);

network_export!(
    /// `cancelAndWait(options & { pollIntervalMs?, maxWaitMs?, onPoll? })` →
    /// `{ outcome: 'cancelled' | 'completed' | 'failed' | 'timeout', operation }`.
    cancelAndWait, "Promise<CancelAndWaitResult>", cancel_and_wait_js, cancel_and_wait, Api::Wait
);

async fn wait_inner(options: &JsValue) -> Result<JsValue, Failure> {
    let opts = Options::new(options, "cancelAndWait", "{ service, name, accessToken }")?;
    let t = target_of(&opts)?;
    let cancel_url = t.service.cancel_url(&t.origin, &t.name)?;
    let get_url = t.service.get_url(&t.origin, &t.name)?;
    let schedule =
        PollSchedule { initial_ms: opts.number("pollIntervalMs", 1000.0, 1.0, MAX_MS)?, ..PollSchedule::default() };
    let max_wait = opts.number("maxWaitMs", 300_000.0, 0.0, MAX_MS)?;
    let on_poll = match opts.opt("onPoll")? {
        None => None,
        Some(f) => Some(f.dyn_into::<Function>().map_err(|v| must_be("onPoll", "a function", &v))?),
    };
    let call = CallOptions::from(&opts).await?;
    let started = js_sys::Date::now();
    match post_cancel(&call, &cancel_url).await {
        Ok(()) => {}
        // The operation may have finished already; its state says more than the refusal.
        Err(f) if f.status.code == Code::FailedPrecondition && f.http_status.is_some() => {}
        Err(f) => return Err(f),
    }
    let waiter = Call::new(Some(max_wait), &call.signal);
    let result = poll(&waiter, &call, &get_url, schedule, on_poll.as_ref(), started).await;
    waiter.end();
    result
}

async fn poll(
    waiter: &Call,
    call: &CallOptions,
    url: &str,
    schedule: PollSchedule,
    on_poll: Option<&Function>,
    started: f64,
) -> Result<JsValue, Failure> {
    let mut n: u32 = 0;
    loop {
        n = n.saturating_add(1);
        let delay = schedule.delay_ms(n);
        let _ = JsFuture::from(waiter.sleep(delay)).await;
        let timed_out = match waiter.cause() {
            1 => return Err(transport::stopped(1, None).unwrap_or_else(|| Status::new(Code::Cancelled, "")).into()),
            4 => true,
            _ => false,
        };
        let op = get_inner(call, url).await?;
        let outcome = match Outcome::of(&op) {
            Some(o) => Some(o),
            None if timed_out => Some(Outcome::Timeout),
            None => None,
        };
        if let Some(o) = outcome {
            let r = plain();
            put(&r, "outcome", &JsValue::from_str(o.as_str()));
            put(&r, "operation", &operation_js(&op));
            return Ok(r.into());
        }
        if let Some(f) = on_poll {
            let event = plain();
            put(&event, "poll", &JsValue::from_f64(f64::from(n)));
            put(&event, "operation", &operation_js(&op));
            put(&event, "elapsedMs", &JsValue::from_f64(js_sys::Date::now() - started));
            put(&event, "nextPollMs", &JsValue::from_f64(schedule.delay_ms(n.saturating_add(1))));
            // A throwing callback must not break the wait.
            let _ = f.call1(&JsValue::UNDEFINED, &event);
        }
    }
}
