//! The JavaScript API: `#[wasm_bindgen]` exports, option parsing, `LroError`. Business rules
//! live in the core modules; this layer only converts.
//!
//! Every export takes `JsValue`s so that a wrong JS type (a number, `null`, a missing field, no
//! options object at all) becomes an `LroError` with code 3, never a wasm-bindgen TypeError and
//! never a trap. Values cross the boundary once each way: options are read field by field with
//! `Reflect::get`, results are built by serde-wasm-bindgen's JSON-compatible serializer.

use std::borrow::Cow;

use js_sys::{Function, Promise, Reflect};
use serde::ser::{Serialize, SerializeMap, Serializer};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::catalogue::{self, Service};
use crate::code::Code;
use crate::endpoint::{parse_endpoint, Origin};
use crate::operation::{decode_operation as decode_op, Operation};
use crate::retry::RetryPolicy;
use crate::status::{decode_http_error, Status};
use crate::transport::{self, Call, Failure, Request};
use crate::wait::{Outcome, PollSchedule};

#[wasm_bindgen(module = "/src/js/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = lroError)]
    fn lro_error(fields: &JsValue) -> JsValue;
}

const SER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

fn to_js<T: Serialize + ?Sized>(v: &T) -> JsValue {
    v.serialize(&SER).unwrap_or(JsValue::UNDEFINED)
}

/// The `LroError` for a failure: `{ code, status, message, details, httpStatus?, reason?,
/// domain?, metadata?, retryDelayMs? }`, the last four lifted from ErrorInfo and RetryInfo.
pub fn error_value(status: &Status, http_status: Option<u16>) -> JsValue {
    lro_error(&to_js(&ErrorFields { status, http_status }))
}

fn fail(f: Failure) -> JsValue {
    error_value(&f.status, f.http_status)
}

fn invalid(message: String) -> JsValue {
    error_value(&Status::invalid_argument(message), None)
}

struct ErrorFields<'a> {
    status: &'a Status,
    http_status: Option<u16>,
}

impl Serialize for ErrorFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.status;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", &st.code)?;
        m.serialize_entry("status", st.code.name())?;
        m.serialize_entry("message", &st.message)?;
        m.serialize_entry("details", &st.details)?;
        if let Some(h) = self.http_status {
            m.serialize_entry("httpStatus", &h)?;
        }
        if let Some(info) = st.error_info() {
            m.serialize_entry("reason", &info.reason)?;
            m.serialize_entry("domain", &info.domain)?;
            m.serialize_entry("metadata", &Pairs(&info.metadata))?;
        }
        if let Some(ms) = st.retry_delay_ms() {
            m.serialize_entry("retryDelayMs", &ms)?;
        }
        m.end()
    }
}

/// String pairs as a plain object.
struct Pairs<'a>(&'a [(String, String)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A catalogue entry as JS sees it: `{ id, title?, host, version, templates, scopes, permission? }`.
struct ServiceInfo<'a>(&'a Service);

impl Serialize for ServiceInfo<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sv = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &sv.id)?;
        if let Some(t) = &sv.title {
            m.serialize_entry("title", t)?;
        }
        m.serialize_entry("host", &sv.host)?;
        m.serialize_entry("version", &sv.version)?;
        let templates: Vec<&str> = sv.templates.iter().map(|t| t.as_str()).collect();
        m.serialize_entry("templates", &templates)?;
        m.serialize_entry("scopes", &sv.scopes)?;
        if let Some(p) = &sv.permission {
            m.serialize_entry("permission", p)?;
        }
        m.end()
    }
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

/// An options object, read one field at a time.
struct Options<'a> {
    obj: &'a JsValue,
}

impl<'a> Options<'a> {
    fn new(obj: &'a JsValue, function: &str, shape: &str) -> Result<Self, Status> {
        if obj.is_object() && !js_sys::Array::is_array(obj) && !obj.is_function() {
            Ok(Options { obj })
        } else {
            Err(Status::invalid_argument(format!(
                "{function} expects an options object like {shape}, got {}",
                describe(obj)
            )))
        }
    }

    fn get(&self, key: &str) -> Result<JsValue, Status> {
        Reflect::get(self.obj, &JsValue::from_str(key))
            .map_err(|_| Status::invalid_argument(format!("options.{key} could not be read")))
    }

    /// `undefined` and `null` both mean "not given".
    fn opt(&self, key: &str) -> Result<Option<JsValue>, Status> {
        let v = self.get(key)?;
        Ok(if v.is_undefined() || v.is_null() { None } else { Some(v) })
    }

    fn string(&self, key: &str, expected: &str) -> Result<String, Status> {
        let v = self.get(key)?;
        v.as_string()
            .ok_or_else(|| Status::invalid_argument(format!("options.{key} must be {expected}, got {}", describe(&v))))
    }

    fn opt_string(&self, key: &str, expected: &str) -> Result<Option<String>, Status> {
        match self.opt(key)? {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| {
                Status::invalid_argument(format!("options.{key} must be {expected}, got {}", describe(&v)))
            }),
        }
    }

    /// A number in `min..=max` milliseconds (or a count), or `default` when not given.
    fn number(&self, key: &str, default: f64, min: f64, max: f64) -> Result<f64, Status> {
        match self.opt(key)? {
            None => Ok(default),
            Some(v) => match v.as_f64() {
                Some(n) if n >= min && n <= max => Ok(n),
                _ => Err(Status::invalid_argument(format!(
                    "options.{key} must be a number from {min} to {max}, got {}",
                    v.as_f64().map_or_else(|| String::from(describe(&v)), |n| n.to_string())
                ))),
            },
        }
    }
}

/// `setTimeout`'s largest delay.
const MAX_MS: f64 = 2_147_483_647.0;

/// `options.service`: a catalogue id, an HTTP rule string, or `{ host, version, templates }`.
fn service_of(opts: &Options) -> Result<Cow<'static, Service>, Status> {
    const EXPECTED: &str = "a service id such as \"gkehub\", an HTTP rule such as \"POST \
        https://host/v1/{name=projects/*/operations/*}:cancel\", or { host, version, templates }";
    let v = opts.get("service")?;
    if let Some(s) = v.as_string() {
        let s = s.trim();
        return if s.contains('/') || s.contains(' ') {
            catalogue::from_rule(s).map(Cow::Owned)
        } else {
            catalogue::find(s).map(Cow::Borrowed)
        };
    }
    if !v.is_object() || js_sys::Array::is_array(&v) || v.is_function() {
        return Err(Status::invalid_argument(format!("options.service must be {EXPECTED}, got {}", describe(&v))));
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
        return Err(Status::invalid_argument(format!(
            "options.service.templates must be an array of name templates such as [\"projects/*/locations/*/operations/*\"], got {}",
            describe(&t)
        )));
    };
    let refs: Vec<&str> = templates.iter().map(String::as_str).collect();
    catalogue::custom(&host, &version, &refs).map(Cow::Owned)
}

/// The service, the operation name and the origin a call goes to.
struct Target {
    service: Cow<'static, Service>,
    name: String,
    origin: Origin,
}

impl Target {
    fn from(opts: &Options) -> Result<Target, Status> {
        let service = service_of(opts)?;
        let name = opts.string("name", "an operation name such as \"projects/p/locations/l/operations/o\"")?;
        service.check_name(&name)?;
        let origin =
            match opts.opt_string("endpoint", "a URL such as \"https://us-central1-aiplatform.googleapis.com\"")? {
                Some(e) => parse_endpoint(&e)?,
                None => service.origin()?,
            };
        Ok(Target { service, name, origin })
    }
}

/// The service catalogue: `[{ id, title?, host, version, templates, scopes, permission? }]`.
#[wasm_bindgen(js_name = services, unchecked_return_type = "ServiceInfo[]")]
pub fn services() -> JsValue {
    let all: Vec<ServiceInfo> = catalogue::services().iter().map(ServiceInfo).collect();
    to_js(&all)
}

/// `{ service, name, endpoint? }` → `{ method: 'POST', url, body: '' }`, or throws an `LroError`.
#[wasm_bindgen(js_name = buildCancelRequest, unchecked_return_type = "CancelRequest")]
pub fn build_cancel_request(options: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<String, Status> {
        let opts = Options::new(&options, "buildCancelRequest", "{ service, name, endpoint? }")?;
        let t = Target::from(&opts)?;
        t.service.cancel_url(&t.origin, &t.name)
    };
    let url = run().map_err(|s| error_value(&s, None))?;
    let out = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&out, &JsValue::from_str(k), v);
    let _ = set("method", &JsValue::from_str("POST"));
    let _ = set("url", &JsValue::from_str(&url));
    let _ = set("body", &JsValue::from_str(""));
    Ok(out.into())
}

/// Decodes an HTTP error response into an `LroError` (returned, not thrown).
#[wasm_bindgen(js_name = decodeError, unchecked_return_type = "LroError")]
pub fn decode_error(http_status: JsValue, body: JsValue) -> JsValue {
    let http = match http_status.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=999.0).contains(&n) => n as u16,
        _ => {
            return invalid(format!(
                "decodeError expects an HTTP status from 0 to 999 as its first argument, got {}",
                describe(&http_status)
            ))
        }
    };
    let text = if body.is_undefined() || body.is_null() {
        String::new()
    } else if let Some(s) = body.as_string() {
        s
    } else {
        return invalid(format!("decodeError expects the body text as its second argument, got {}", describe(&body)));
    };
    let status = decode_http_error(http, &text);
    error_value(&status, Some(http))
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
        return Err(invalid(format!("decodeOperation expects JSON text or an object, got {}", describe(&input))));
    };
    decode_op(&text).map(|op| to_js(&op)).map_err(|s| error_value(&s, None))
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
                return Err(Status::invalid_argument(format!(
                    "options.signal must be an AbortSignal, got {}",
                    describe(&signal)
                )));
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
        return Err(Status::invalid_argument(format!(
            "options.retry must be false, true or {{ maxAttempts, initialDelayMs, maxDelayMs, multiplier }}, got {}",
            describe(&v)
        )));
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
    let token = v.as_string().ok_or_else(|| {
        Status::invalid_argument(format!("options.accessToken must be {EXPECTED}, got {}", describe(&v)))
    })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(Status::new(Code::Unauthenticated, format!("options.accessToken is empty; expected {EXPECTED}")));
    }
    if let Some(at) = token.bytes().position(|b| !(0x21..0x7f).contains(&b)) {
        return Err(Status::invalid_argument(format!(
            "options.accessToken has a character that cannot be sent in an HTTP header at position {at}; \
             expected a bare token without \"Bearer \", spaces or line breaks"
        )));
    }
    Ok(String::from(token))
}

async fn cancel_inner(options: &JsValue) -> Result<(), Failure> {
    let opts = Options::new(options, "cancelOperation", "{ service, name, accessToken }")?;
    let t = Target::from(&opts)?;
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
            format!("the server's answer is not a google.longrunning.Operation: {}", s.message),
        ),
        http_status: Some(200),
    })
}

/// `cancelOperation({ service, name, accessToken, endpoint?, userProject?, timeoutMs?, signal?, retry? })`.
#[wasm_bindgen(js_name = cancelOperation, unchecked_return_type = "Promise<void>")]
pub async fn cancel_operation(options: JsValue) -> Result<JsValue, JsValue> {
    cancel_inner(&options).await.map(|()| JsValue::UNDEFINED).map_err(fail)
}

/// `getOperation(options)` → the `Operation`.
#[wasm_bindgen(js_name = getOperation, unchecked_return_type = "Promise<Operation>")]
pub async fn get_operation(options: JsValue) -> Result<JsValue, JsValue> {
    let run = async {
        let opts = Options::new(&options, "getOperation", "{ service, name, accessToken }")?;
        let t = Target::from(&opts)?;
        let url = t.service.get_url(&t.origin, &t.name)?;
        let call = CallOptions::from(&opts).await?;
        get_inner(&call, &url).await
    };
    run.await.map(|op| to_js(&op)).map_err(fail)
}

/// `cancelAndWait(options & { pollIntervalMs?, maxWaitMs?, onPoll? })` →
/// `{ outcome: 'cancelled' | 'completed' | 'failed' | 'timeout', operation }`.
#[wasm_bindgen(js_name = cancelAndWait, unchecked_return_type = "Promise<CancelAndWaitResult>")]
pub async fn cancel_and_wait(options: JsValue) -> Result<JsValue, JsValue> {
    wait_inner(&options).await.map_err(fail)
}

async fn wait_inner(options: &JsValue) -> Result<JsValue, Failure> {
    let opts = Options::new(options, "cancelAndWait", "{ service, name, accessToken }")?;
    let t = Target::from(&opts)?;
    let cancel_url = t.service.cancel_url(&t.origin, &t.name)?;
    let get_url = t.service.get_url(&t.origin, &t.name)?;
    let schedule =
        PollSchedule { initial_ms: opts.number("pollIntervalMs", 1000.0, 1.0, MAX_MS)?, ..PollSchedule::default() };
    let max_wait = opts.number("maxWaitMs", 300_000.0, 0.0, MAX_MS)?;
    let on_poll = match opts.opt("onPoll")? {
        None => None,
        Some(f) => Some(f.dyn_into::<Function>().map_err(|v| {
            Status::invalid_argument(format!("options.onPoll must be a function, got {}", describe(&v)))
        })?),
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
            return Ok(to_js(&WaitResult { outcome: o, operation: &op }));
        }
        if let Some(f) = on_poll {
            let event = to_js(&PollEvent {
                poll: n,
                operation: &op,
                elapsed_ms: js_sys::Date::now() - started,
                next_poll_ms: schedule.delay_ms(n.saturating_add(1)),
            });
            // A throwing callback must not break the wait.
            let _ = f.call1(&JsValue::UNDEFINED, &event);
        }
    }
}

struct WaitResult<'a> {
    outcome: Outcome,
    operation: &'a Operation,
}

impl Serialize for WaitResult<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("outcome", self.outcome.as_str())?;
        m.serialize_entry("operation", self.operation)?;
        m.end()
    }
}

struct PollEvent<'a> {
    poll: u32,
    operation: &'a Operation,
    elapsed_ms: f64,
    next_poll_ms: f64,
}

impl Serialize for PollEvent<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("poll", &self.poll)?;
        m.serialize_entry("operation", self.operation)?;
        m.serialize_entry("elapsedMs", &self.elapsed_ms)?;
        m.serialize_entry("nextPollMs", &self.next_poll_ms)?;
        m.end()
    }
}
