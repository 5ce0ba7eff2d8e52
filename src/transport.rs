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
use crate::text::{concat, push_usize};

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(n)`: the shortest text that reads back as `n`.
    #[wasm_bindgen(js_name = String)]
    fn js_string(n: f64) -> String;
}

/// Appends `n` as JavaScript writes it (for the whole milliseconds used here, the same digits as
/// Rust's `Display`), without linking Rust's float formatting.
pub fn push_number(out: &mut String, n: f64) {
    out.push_str(&js_string(n));
}

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
                push_number(&mut m, ms);
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
    let (t, hay) = (token.as_bytes(), text.as_bytes());
    if t.is_empty() || !hay.windows(t.len()).any(|w| w == t) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let (mut i, mut run) = (0, 0);
    while let Some(rest) = hay.get(i..) {
        if rest.is_empty() {
            break;
        }
        if rest.starts_with(t) {
            // `token` is UTF-8, so a match starts and ends on character boundaries.
            out.push_str(text.get(run..i).unwrap_or(""));
            out.push_str("[redacted]");
            i = i.saturating_add(t.len());
            run = i;
        } else {
            i = i.saturating_add(1);
        }
    }
    out.push_str(text.get(run..).unwrap_or(""));
    *text = out;
}

fn give_up(mut f: Failure, why: GiveUp, attempts: u32, token: Option<&str>) -> Failure {
    match why {
        GiveUp::NotRetryable => {}
        GiveUp::AttemptsExhausted if attempts > 1 => {
            let m = &mut f.status.message;
            m.push_str(" (gave up after ");
            push_usize(m, attempts as usize);
            m.push_str(" attempts)");
        }
        GiveUp::AttemptsExhausted => {}
        GiveUp::Deadline { delay_ms } => {
            let m = &mut f.status.message;
            m.push_str(" (not retried: the next attempt, ");
            push_number(m, delay_ms);
            m.push_str(" ms away, would pass the deadline)");
        }
    }
    if let Some(t) = token {
        redact(&mut f.status.message, t);
    }
    f
}

fn redirect_refused(http: u16, url: &str) -> Status {
    Status::new(Code::FailedPrecondition, {
        let mut m = String::from("HTTP ");
        push_usize(&mut m, usize::from(http));
        m.push_str(": ");
        m.push_str(url);
        m.push_str(
            " answered with a redirect, which lro-cancel never follows so that the access token cannot \
                 reach another origin; check the endpoint",
        );
        m
    })
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
    // Up to the third "/": `scheme://host[:port]`.
    let end = url.bytes().enumerate().filter(|(_, b)| *b == b'/').nth(2).map_or(url.len(), |(i, _)| i);
    let origin = url.get(..end).unwrap_or(url);
    let reason = js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| String::from("unknown error"));
    Status::new(
        Code::Unavailable,
        concat(&[
            "network error: could not reach ",
            origin,
            " (",
            &reason,
            "); the server may be down or unreachable, or it refused this page's origin (CORS)",
        ]),
    )
}
