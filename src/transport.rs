//! One HTTP call through the platform's `fetch`: the token, the deadline, the caller's abort
//! signal and the retry loop. The only module besides `bindings` that touches JS.
//!
//! Contract: every failure is a `Failure` (a `google.rpc.Status` plus the HTTP status when there
//! was one). Network failures are `UNAVAILABLE`, the deadline is `DEADLINE_EXCEEDED`, the
//! caller's signal is `CANCELLED`, HTTP errors are decoded by `status::decode_http_error`, a
//! redirect is refused and never followed. The access token is never part of any message.

use js_sys::{Date, Math, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::code::Code;
use crate::retry::{parse_retry_after, GiveUp, Next, RetryPolicy};
use crate::status::{decode_http_error, Status};

#[wasm_bindgen(module = "/src/js/runtime.js")]
extern "C" {
    /// See `src/js/runtime.js`.
    pub type Call;
    #[wasm_bindgen(constructor)]
    pub fn new(timeout_ms: Option<f64>, signal: &JsValue) -> Call;
    #[wasm_bindgen(method, getter)]
    pub fn cause(this: &Call) -> u8;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Call) -> u16;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Call) -> Option<String>;
    #[wasm_bindgen(method)]
    pub fn end(this: &Call);
    #[wasm_bindgen(method)]
    fn send(this: &Call, method: &str, url: &str, token: Option<&str>, user_project: Option<&str>) -> Promise;
    #[wasm_bindgen(method)]
    pub fn sleep(this: &Call, ms: f64) -> Promise;
}

/// A failed call: the status, and the HTTP status when a response arrived.
#[derive(Debug)]
pub struct Failure {
    pub status: Status,
    pub http_status: Option<u16>,
}

impl From<Status> for Failure {
    fn from(status: Status) -> Self {
        Failure { status, http_status: None }
    }
}

/// What one logical call needs; `token` is already resolved.
pub struct Request<'a> {
    pub method: &'static str,
    pub url: &'a str,
    pub token: Option<&'a str>,
    pub user_project: Option<&'a str>,
    pub timeout_ms: Option<f64>,
    pub signal: &'a JsValue,
    pub retry: RetryPolicy,
}

/// The status a stopped call reports: the caller's signal or the deadline.
pub fn stopped(cause: u8, timeout_ms: Option<f64>) -> Option<Status> {
    match cause {
        1 => Some(Status::new(Code::Cancelled, "the call was cancelled by its AbortSignal")),
        4 => {
            let mut m = String::from("the call did not finish within timeoutMs");
            if let Some(ms) = timeout_ms {
                m.push_str(" (");
                m.push_str(&ms.to_string());
                m.push_str(" ms)");
            }
            Some(Status::new(Code::DeadlineExceeded, m))
        }
        _ => None,
    }
}

/// Sends `req`, retrying as its policy allows; resolves to the 2xx body text.
pub async fn send(req: &Request<'_>) -> Result<String, Failure> {
    let call = Call::new(req.timeout_ms, req.signal);
    let result = attempts(&call, req).await;
    call.end();
    result
}

async fn attempts(call: &Call, req: &Request<'_>) -> Result<String, Failure> {
    let started = Date::now();
    let mut attempt: u32 = 0;
    loop {
        attempt = attempt.saturating_add(1);
        if let Some(s) = stopped(call.cause(), req.timeout_ms) {
            return Err(s.into());
        }
        let sent = JsFuture::from(call.send(req.method, req.url, req.token, req.user_project)).await;
        if let Some(s) = stopped(call.cause(), req.timeout_ms) {
            return Err(s.into());
        }
        let (failure, hint_ms) = match sent {
            Ok(body) => {
                let http = call.status();
                let body = body.as_string().unwrap_or_default();
                if (200..300).contains(&http) {
                    return Ok(body);
                }
                if (300..400).contains(&http) {
                    return Err(Failure { status: redirect_refused(http, req.url), http_status: Some(http) });
                }
                let mut status = decode_http_error(http, &body);
                if status.code == Code::Unimplemented {
                    status.message = unimplemented_message(&status.message);
                }
                let hint = status
                    .retry_delay_ms()
                    .map(|ms| ms as f64)
                    .or_else(|| call.retry_after().as_deref().and_then(parse_retry_after));
                (Failure { status, http_status: Some(http) }, hint)
            }
            Err(e) => (Failure::from(network_failure(req.url, &e)), None),
        };
        let remaining = req.timeout_ms.map(|t| t - (Date::now() - started));
        match req.retry.next(attempt, failure.status.code, Math::random(), hint_ms, remaining) {
            Next::RetryAfter(ms) => {
                let _ = JsFuture::from(call.sleep(ms)).await;
            }
            Next::GiveUp(why) => return Err(give_up(failure, why, attempt, req.token)),
        }
    }
}

/// Replaces every occurrence of `token` in `text` (a server could echo it back).
pub fn redact(text: &mut String, token: &str) {
    if !token.is_empty() && text.contains(token) {
        *text = text.replace(token, "[redacted]");
    }
}

fn give_up(mut f: Failure, why: GiveUp, attempts: u32, token: Option<&str>) -> Failure {
    match why {
        GiveUp::NotRetryable => {}
        GiveUp::AttemptsExhausted if attempts > 1 => {
            f.status.message.push_str(&format!(" (gave up after {attempts} attempts)"));
        }
        GiveUp::AttemptsExhausted => {}
        GiveUp::Deadline { delay_ms } => {
            f.status
                .message
                .push_str(&format!(" (not retried: the next attempt, {delay_ms} ms away, would pass the deadline)"));
        }
    }
    if let Some(t) = token {
        redact(&mut f.status.message, t);
    }
    f
}

fn redirect_refused(http: u16, url: &str) -> Status {
    Status::new(
        Code::FailedPrecondition,
        format!(
            "HTTP {http}: {url} answered with a redirect, which lro-cancel never follows so that the access \
             token cannot reach another origin; check the endpoint"
        ),
    )
}

fn unimplemented_message(server: &str) -> String {
    let mut m = String::from("this server does not support cancelling this operation (UNIMPLEMENTED)");
    if !server.is_empty() {
        m.push_str(": ");
        m.push_str(server);
    }
    m
}

fn network_failure(url: &str, e: &JsValue) -> Status {
    let origin = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    let reason = js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| String::from("unknown error"));
    Status::new(
        Code::Unavailable,
        format!(
            "network error: could not reach {origin} ({reason}); the server may be down or unreachable, or it \
             refused this page's origin (CORS)"
        ),
    )
}
