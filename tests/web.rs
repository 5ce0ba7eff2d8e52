//! Browser tests of the JavaScript API, run in headless Chromium by
//! `wasm-pack test --headless --chrome`, against the fake Google server
//! (tests/fake-server/server.mjs) that scripts/test.sh starts on `LRO_FAKE_URL`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use lro_cancel::bindings::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FAKE: &str = match option_env!("LRO_FAKE_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:18787",
};
const TOKEN: &str = "test-token";

#[wasm_bindgen(inline_js = r#"
export async function control(base, method, path, body) {
  const r = await fetch(base + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}
export function js(src) { return (0, eval)('(' + src + ')'); }
export function now() { return performance.now(); }
export function abortAfter(ms) { const c = new AbortController(); setTimeout(() => c.abort(), ms); return c.signal; }
export function isInstance(e, name) { return e instanceof globalThis[name]; }
export function lroErrorClass(e) { return e instanceof Error && e.constructor.name === 'LroError' && e.name === 'LroError'; }
export function text(e) { return String(e) + '\n' + e.stack + '\n' + JSON.stringify(e); }
"#)]
extern "C" {
    async fn control(base: &str, method: &str, path: &str, body: JsValue) -> JsValue;
    fn js(src: &str) -> JsValue;
    fn now() -> f64;
    #[wasm_bindgen(js_name = abortAfter)]
    fn abort_after(ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = lroErrorClass)]
    fn lro_error_class(e: &JsValue) -> bool;
    fn text(e: &JsValue) -> String;
}

/// A network call's Promise, awaited.
async fn settle(p: JsValue) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p)).await
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}
fn s(v: &JsValue, k: &str) -> String {
    get(v, k).as_string().unwrap_or_else(|| panic!("{k} is not a string in {}", text(v)))
}
fn n(v: &JsValue, k: &str) -> f64 {
    get(v, k).as_f64().unwrap_or_else(|| panic!("{k} is not a number in {}", text(v)))
}
fn obj(src: &str) -> JsValue {
    js(src)
}
fn set(o: &JsValue, k: &str, v: impl Into<JsValue>) {
    Reflect::set(o, &k.into(), &v.into()).unwrap();
}

/// Options for a call to the fake with the test token.
fn call_opts(service: &str, name: &str) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "service", service);
    set(&o, "name", name);
    set(&o, "endpoint", FAKE);
    set(&o, "accessToken", TOKEN);
    o
}

async fn seed(op: &str) {
    control(FAKE, "POST", "/_fake/operations", obj(op)).await;
}
async fn faults(name: &str, list: &str) {
    control(FAKE, "POST", "/_fake/faults", obj(&format!("{{ name: {name:?}, faults: {list} }}"))).await;
}
async fn state(name: &str) -> JsValue {
    control(FAKE, "GET", &format!("/_fake/operations/{name}"), JsValue::UNDEFINED).await
}

/// Asserts an `LroError` with the given code and status name, and that no token leaks.
fn assert_lro(e: &JsValue, code: u8, status: &str) {
    assert!(lro_error_class(e), "not an LroError: {}", text(e));
    assert_eq!(n(e, "code") as u8, code, "{}", text(e));
    assert_eq!(s(e, "status"), status);
    assert!(!s(e, "message").is_empty());
    assert!(!text(e).contains(TOKEN), "token leaked: {}", text(e));
}

fn unique(prefix: &str) -> String {
    format!("projects/p/locations/l/operations/{prefix}-{}", (now() * 1000.0) as u64)
}

// ---------------------------------------------------------------- names → URLs (issue 2)

#[wasm_bindgen_test]
fn services_lists_the_five_seeds() {
    let all = Array::from(&services(JsValue::UNDEFINED));
    let ids: Vec<String> = all.iter().map(|s| s_(&s, "id")).collect();
    for id in ["gkehub", "vault", "clouddeploy", "beyondcorp", "cloudaicompanion"] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    let cac = all.iter().find(|s| s_(s, "id") == "cloudaicompanion").unwrap();
    assert_eq!(s(&cac, "permission"), "cloudaicompanion.operations.cancel");
    assert_eq!(s(&cac, "host"), "cloudaicompanion.googleapis.com");
    let vault = all.iter().find(|s| s_(s, "id") == "vault").unwrap();
    assert_eq!(
        Array::from(&get(&vault, "scopes")).get(0).as_string().unwrap(),
        "https://www.googleapis.com/auth/ediscovery"
    );
    assert_eq!(Array::from(&get(&vault, "templates")).get(0).as_string().unwrap(), "operations/**");
}
fn s_(v: &JsValue, k: &str) -> String {
    s(v, k)
}

#[wasm_bindgen_test]
fn builds_the_cancel_url_of_every_seed_service() {
    let cases = [
        ("gkehub", "projects/p/locations/global/operations/op-1", "https://gkehub.googleapis.com/v1beta/projects/p/locations/global/operations/op-1:cancel"),
        ("vault", "operations/matter/export 1", "https://vault.googleapis.com/v1/operations/matter/export%201:cancel"),
        ("clouddeploy", "projects/my-proj/locations/us-central1/operations/operation-17", "https://clouddeploy.googleapis.com/v1/projects/my-proj/locations/us-central1/operations/operation-17:cancel"),
        ("beyondcorp", "organizations/123/locations/global/operations/o", "https://beyondcorp.googleapis.com/v1/organizations/123/locations/global/operations/o:cancel"),
        ("beyondcorp", "projects/p/locations/us-east1/operations/o", "https://beyondcorp.googleapis.com/v1/projects/p/locations/us-east1/operations/o:cancel"),
        ("cloudaicompanion", "projects/p/locations/global/operations/é", "https://cloudaicompanion.googleapis.com/v1/projects/p/locations/global/operations/%C3%A9:cancel"),
    ];
    for (service, name, url) in cases {
        let o: JsValue = Object::new().into();
        set(&o, "service", service);
        set(&o, "name", name);
        let r = build_cancel_request(o).unwrap_or_else(|e| panic!("{service} {name}: {}", text(&e)));
        assert_eq!(s(&r, "method"), "POST");
        assert_eq!(s(&r, "url"), url);
        assert_eq!(s(&r, "body"), "");
    }
}

#[wasm_bindgen_test]
fn custom_services_and_endpoints() {
    let r = build_cancel_request(obj(r#"{ service: "POST https://aiplatform.googleapis.com/v1/{name=projects/*/locations/*/operations/*}:cancel", name: "projects/p/locations/l/operations/1" }"#)).unwrap();
    assert_eq!(s(&r, "url"), "https://aiplatform.googleapis.com/v1/projects/p/locations/l/operations/1:cancel");
    let r = build_cancel_request(obj(r#"{ service: { host: "example.googleapis.com", version: "v2", templates: ["things/*/operations/*"] }, name: "things/t/operations/o" }"#)).unwrap();
    assert_eq!(s(&r, "url"), "https://example.googleapis.com/v2/things/t/operations/o:cancel");
    let r = build_cancel_request(obj(
        r#"{ service: "gkehub", name: "projects/p/locations/l/operations/o", endpoint: "http://127.0.0.1:9/" }"#,
    ))
    .unwrap();
    assert_eq!(s(&r, "url"), "http://127.0.0.1:9/v1beta/projects/p/locations/l/operations/o:cancel");
}

#[wasm_bindgen_test]
fn every_refusal_is_an_lro_error_code_3() {
    let bad = [
        r#"{ service: "gkehub", name: "projects/p/regions/r/operations/o" }"#,
        r#"{ service: "gkehub", name: "projects/p/locations/l/operations/" }"#,
        r#"{ service: "gkehub", name: "/projects/p/locations/l/operations/o" }"#,
        r#"{ service: "gkehub", name: "projects/../locations/l/operations/o" }"#,
        r#"{ service: "vault", name: "operations/a/./b" }"#,
        r#"{ service: "vault", name: "operations" }"#,
        r#"{ service: "nope", name: "operations/x" }"#,
        r#"{ service: "gkehub", name: 42 }"#,
        r#"{ service: "gkehub", name: null }"#,
        r#"{ service: "gkehub" }"#,
        r#"{ service: 7, name: "operations/x" }"#,
        r#"{ service: "gkehub", name: "projects/p/locations/l/operations/o", endpoint: "http://evil.example" }"#,
        r#"{ service: "gkehub", name: "projects/p/locations/l/operations/o", endpoint: "https://user:pw@googleapis.com" }"#,
        r#"{ service: "gkehub", name: "projects/p/locations/l/operations/o", endpoint: "javascript:alert(1)" }"#,
        r#"{ service: "gkehub", name: "projects/p/locations/l/operations/o", endpoint: "https://evil.example\\@googleapis.com" }"#,
        r#"{ service: "POST https://x.googleapis.com/v1/{name=projects/*:cancel", name: "projects/p" }"#,
        "null",
        "undefined",
        "42",
        "[]",
    ];
    for src in bad {
        let e = build_cancel_request(obj(src)).expect_err(src);
        assert_lro(&e, 3, "INVALID_ARGUMENT");
    }
    let e =
        build_cancel_request(obj(r#"{ service: "gkehub", name: "projects/p/regions/r/operations/o" }"#)).unwrap_err();
    assert_eq!(
        s(&e, "message"),
        r#"name "projects/p/regions/r/operations/o" does not match projects/*/locations/*/operations/* (segment 3 is "regions", expected "locations")"#
    );
}

// ---------------------------------------------------------------- decoding (issue 3)

#[wasm_bindgen_test]
fn decode_error_lifts_error_info_and_retry_info() {
    let body = r#"{"error":{"code":429,"message":"Quota exceeded for quota metric 'Requests'.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com","metadata":{"service":"gkehub.googleapis.com","quota_limit":"DefaultRequestsPerMinutePerProject"}},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Request a higher quota limit.","url":"https://cloud.google.com/docs/quotas/help/request_increase"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s"}]}}"#;
    let e = decode_error(429.into(), body.into());
    assert_lro(&e, 8, "RESOURCE_EXHAUSTED");
    assert_eq!(n(&e, "httpStatus"), 429.0);
    assert_eq!(s(&e, "reason"), "RATE_LIMIT_EXCEEDED");
    assert_eq!(s(&e, "domain"), "googleapis.com");
    assert_eq!(s(&get(&e, "metadata"), "service"), "gkehub.googleapis.com");
    assert_eq!(n(&e, "retryDelayMs"), 1500.0);
    let details = Array::from(&get(&e, "details"));
    assert_eq!(details.length(), 3);
    assert_eq!(s(&details.get(1), "@type"), "type.googleapis.com/google.rpc.Help");
    // Plain objects: JSON.stringify works and sees every field.
    let json = JSON::stringify(&details).unwrap().as_string().unwrap();
    assert!(json.contains("request_increase"), "{json}");
}

#[wasm_bindgen_test]
fn decode_error_odd_bodies() {
    let e = decode_error(502.into(), "<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title></html>".into());
    assert_lro(&e, 13, "INTERNAL");
    assert!(s(&e, "message").contains("502"), "{}", text(&e));
    let e = decode_error(503.into(), "".into());
    assert_lro(&e, 14, "UNAVAILABLE");
    let e = decode_error(400.into(), r#"{"error":"invalid_grant","error_description":"Bad Request"}"#.into());
    assert_lro(&e, 3, "INVALID_ARGUMENT");
    assert!(s(&e, "message").contains("invalid_grant"));
    let e = decode_error(404.into(), r#"[{"error":{"code":404,"message":"gone","status":"NOT_FOUND"}}]"#.into());
    assert_lro(&e, 5, "NOT_FOUND");
    assert_eq!(s(&e, "message"), "gone");
    let e = decode_error(500.into(), r#"{"error":{"code":500,"mess"#.into());
    assert_lro(&e, 13, "INTERNAL");
    // Wrong JS types are refusals, not TypeErrors.
    assert_lro(&decode_error("x".into(), "".into()), 3, "INVALID_ARGUMENT");
    assert_lro(&decode_error(404.into(), 5.into()), 3, "INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
fn decode_operation_shapes() {
    let op = decode_operation(
        r#"{"name":"operations/x","metadata":{"@type":"type.googleapis.com/M","verb":"update"}}"#.into(),
    )
    .unwrap();
    assert_eq!(s(&op, "name"), "operations/x");
    assert_eq!(get(&op, "done").as_bool(), Some(false));
    assert_eq!(s(&get(&op, "metadata"), "verb"), "update");
    let op = decode_operation(obj(
        r#"{ name: "operations/x", done: true, error: { code: 1, message: "Operation was cancelled." } }"#,
    ))
    .unwrap();
    assert_eq!(get(&op, "done").as_bool(), Some(true));
    let err = get(&op, "error");
    assert_eq!(n(&err, "code"), 1.0);
    assert_eq!(s(&err, "status"), "CANCELLED");
    let op = decode_operation(r#"{"name":"operations/x","done":true}"#.into()).unwrap();
    assert!(get(&op, "error").is_undefined() && get(&op, "response").is_undefined());
    for bad in [r#"[1]"#, r#"{"done":"yes"}"#, "{", "null"] {
        assert_lro(&decode_operation(bad.into()).unwrap_err(), 3, "INVALID_ARGUMENT");
    }
    assert_lro(&decode_operation(JsValue::from(5)).unwrap_err(), 3, "INVALID_ARGUMENT");
}

// ---------------------------------------------------------------- the network (issue 4)

async fn cancel(opts: JsValue) -> Result<JsValue, JsValue> {
    settle(cancel_operation(opts)).await
}

#[wasm_bindgen_test]
async fn cancel_succeeds_and_the_server_sees_one_cancel() {
    let name = unique("ok");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    cancel(call_opts("gkehub", &name)).await.unwrap();
    let st = state(&name).await;
    assert_eq!(n(&st, "cancelCount"), 1.0, "{}", text(&st));
}

#[wasm_bindgen_test]
async fn token_as_async_function_and_user_project() {
    let name = unique("fn");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    let o = call_opts("clouddeploy", &name);
    set(&o, "accessToken", js("async () => 'test-token'"));
    set(&o, "userProject", "billing-project");
    cancel(o).await.unwrap();
    assert_eq!(n(&state(&name).await, "cancelCount"), 1.0);
}

#[wasm_bindgen_test]
async fn http_errors_are_decoded() {
    // Unknown operation → 404 NOT_FOUND.
    let e = cancel(call_opts("gkehub", &unique("missing"))).await.unwrap_err();
    assert_lro(&e, 5, "NOT_FOUND");
    assert_eq!(n(&e, "httpStatus"), 404.0);
    // Wrong token → 401 UNAUTHENTICATED, token not echoed.
    let name = unique("auth");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    let o = call_opts("gkehub", &name);
    set(&o, "accessToken", "wrong-token");
    let e = cancel(o).await.unwrap_err();
    assert_lro(&e, 16, "UNAUTHENTICATED");
    assert!(!text(&e).contains("wrong-token"));
    // No cancel support → UNIMPLEMENTED, said so.
    let name = unique("unimpl");
    seed(&format!("{{ operations: [{{ name: {name:?}, unimplemented: true }}] }}")).await;
    let e = cancel(call_opts("gkehub", &name)).await.unwrap_err();
    assert_lro(&e, 12, "UNIMPLEMENTED");
    assert!(s(&e, "message").contains("does not support cancelling"), "{}", text(&e));
}

#[wasm_bindgen_test]
async fn invalid_input_is_refused_before_any_request() {
    let name = unique("refused");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    for (k, v) in [
        ("accessToken", JsValue::from(5)),
        ("timeoutMs", JsValue::from(-1)),
        ("retry", JsValue::from("often")),
        ("signal", JsValue::from(3)),
    ] {
        let o = call_opts("gkehub", &name);
        set(&o, k, v);
        assert_lro(&cancel(o).await.unwrap_err(), 3, "INVALID_ARGUMENT");
    }
    let o = call_opts("gkehub", &name);
    set(&o, "accessToken", "ya29.abc\r\nX-Evil: 1");
    let e = cancel(o).await.unwrap_err();
    assert_lro(&e, 3, "INVALID_ARGUMENT");
    assert!(!text(&e).contains("ya29.abc"));
    assert_lro(&cancel(JsValue::UNDEFINED).await.unwrap_err(), 3, "INVALID_ARGUMENT");
    assert_eq!(n(&state(&name).await, "cancelCount"), 0.0);
}

#[wasm_bindgen_test]
async fn retries_unavailable_and_counts_at_the_server() {
    let name = unique("retry503");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    faults(&name, r#"[{ kind: "status", status: 503 }, { kind: "status", status: 503 }]"#).await;
    let o = call_opts("gkehub", &name);
    set(&o, "retry", obj("{ initialDelayMs: 10, maxDelayMs: 50 }"));
    cancel(o).await.unwrap();
    let log = control(FAKE, "GET", &format!("/_fake/requests?name={name}"), JsValue::UNDEFINED).await;
    let posts = Array::from(&log).iter().filter(|r| s(r, "method") == "POST").count();
    assert_eq!(posts, 3, "{}", text(&log));
}

#[wasm_bindgen_test]
async fn retry_info_delay_is_honoured() {
    let name = unique("retry429");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    faults(&name, r#"[{ kind: "status", status: 429, retryDelay: "0.400s" }]"#).await;
    let t0 = now();
    cancel(call_opts("gkehub", &name)).await.unwrap();
    let took = now() - t0;
    assert!(took >= 400.0, "retried after {took} ms, before the server's 400 ms RetryInfo");
    assert_eq!(n(&state(&name).await, "cancelCount"), 1.0);
}

#[wasm_bindgen_test]
async fn no_retry_on_400_or_when_disabled() {
    let name = unique("r400");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    faults(&name, r#"[{ kind: "status", status: 400 }, { kind: "status", status: 503 }]"#).await;
    assert_lro(&cancel(call_opts("gkehub", &name)).await.unwrap_err(), 3, "INVALID_ARGUMENT");
    let o = call_opts("gkehub", &name);
    set(&o, "retry", false);
    let e = cancel(o).await.unwrap_err();
    assert_lro(&e, 14, "UNAVAILABLE");
    assert_eq!(n(&e, "httpStatus"), 503.0);
    let log = control(FAKE, "GET", &format!("/_fake/requests?name={name}"), JsValue::UNDEFINED).await;
    assert_eq!(Array::from(&log).iter().filter(|r| s(r, "method") == "POST").count(), 2);
}

#[wasm_bindgen_test]
async fn deadline_settles_promptly() {
    let name = unique("hang");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    faults(&name, r#"[{ kind: "hang" }]"#).await;
    let o = call_opts("gkehub", &name);
    set(&o, "timeoutMs", 300);
    let t0 = now();
    let e = cancel(o).await.unwrap_err();
    let took = now() - t0;
    assert_lro(&e, 4, "DEADLINE_EXCEEDED");
    assert!((300.0..1300.0).contains(&took), "settled after {took} ms for a 300 ms deadline");
}

#[wasm_bindgen_test]
async fn abort_signal_settles_promptly() {
    let name = unique("abort");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    faults(&name, r#"[{ kind: "hang" }]"#).await;
    let o = call_opts("gkehub", &name);
    set(&o, "signal", abort_after(200.0));
    let t0 = now();
    let e = cancel(o).await.unwrap_err();
    let took = now() - t0;
    assert_lro(&e, 1, "CANCELLED");
    assert!(took < 1200.0, "settled after {took} ms");
    // An already-aborted signal: no request at all.
    let o = call_opts("gkehub", &name);
    set(&o, "signal", js("AbortSignal.abort()"));
    assert_lro(&cancel(o).await.unwrap_err(), 1, "CANCELLED");
}

#[wasm_bindgen_test]
async fn network_failure_is_unavailable() {
    let o = call_opts("gkehub", "projects/p/locations/l/operations/o");
    set(&o, "endpoint", "http://127.0.0.1:9");
    set(&o, "retry", false);
    let e = cancel(o).await.unwrap_err();
    assert_lro(&e, 14, "UNAVAILABLE");
    assert!(s(&e, "message").contains("http://127.0.0.1:9"), "{}", text(&e));
}

#[wasm_bindgen_test]
async fn html_502_and_drop() {
    let name = unique("html");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    // Chromium silently resends a request whose connection closed before any answer, so the
    // drop is armed for its own tries as well.
    faults(&name, r#"[{ kind: "html", status: 502 }, { kind: "drop", times: 10 }]"#).await;
    let o = call_opts("gkehub", &name);
    set(&o, "retry", false);
    let e = cancel(o.clone()).await.unwrap_err();
    assert_lro(&e, 13, "INTERNAL");
    assert!(s(&e, "message").contains("502"), "{}", text(&e));
    let e = cancel(o).await.unwrap_err();
    assert_lro(&e, 14, "UNAVAILABLE");
}

#[wasm_bindgen_test]
async fn a_redirect_is_never_followed() {
    let name = unique("redirect");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    faults(&name, r#"[{ kind: "redirect", to: "cross-origin" }]"#).await;
    let e = cancel(call_opts("gkehub", &name)).await.unwrap_err();
    assert_lro(&e, 9, "FAILED_PRECONDITION");
    assert!(s(&e, "message").contains("redirect"), "{}", text(&e));
    let log = control(FAKE, "GET", "/_fake/redirect-target/requests", JsValue::UNDEFINED).await;
    let reached = Array::from(&log).iter().filter(|r| s(r, "path").contains(&name)).count();
    assert_eq!(reached, 0, "the redirect target was reached: {}", text(&log));
}

#[wasm_bindgen_test]
async fn get_operation_returns_the_operation() {
    let name = unique("get");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    let o = call_opts("gkehub", &name);
    let op = settle(get_operation(o)).await.unwrap();
    assert_eq!(s(&op, "name"), name);
    assert_eq!(get(&op, "done").as_bool(), Some(false));
    assert!(s(&get(&op, "metadata"), "@type").starts_with("type.googleapis.com/"));
}

async fn wait(name: &str, extra: &str) -> Result<JsValue, JsValue> {
    let o = call_opts("gkehub", name);
    set(&o, "pollIntervalMs", 20);
    let more = obj(if extra.is_empty() { "{}" } else { extra });
    for k in Object::keys(more.unchecked_ref::<Object>()).iter() {
        let k = k.as_string().unwrap();
        set(&o, &k, get(&more, &k));
    }
    settle(cancel_and_wait(o)).await
}

#[wasm_bindgen_test]
async fn cancel_and_wait_reaches_each_outcome() {
    for (on_cancel, outcome) in
        [("cancelled", "cancelled"), ("completed", "completed"), ("failed", "failed"), ("done-empty", "completed")]
    {
        let name = unique(on_cancel);
        seed(&format!("{{ operations: [{{ name: {name:?}, onCancel: {on_cancel:?}, pollsUntilDone: 2 }}] }}")).await;
        let r = wait(&name, "").await.unwrap_or_else(|e| panic!("{on_cancel}: {}", text(&e)));
        assert_eq!(s(&r, "outcome"), outcome, "{}", text(&r));
        let op = get(&r, "operation");
        assert_eq!(get(&op, "done").as_bool(), Some(true));
        assert_eq!(s(&op, "name"), name);
        let st = state(&name).await;
        assert_eq!(n(&st, "cancelCount"), 1.0);
        assert_eq!(n(&st, "getCount"), 2.0, "{}", text(&st));
    }
    let name = unique("never");
    seed(&format!("{{ operations: [{{ name: {name:?}, onCancel: \"never\" }}] }}")).await;
    let r = wait(&name, "{ maxWaitMs: 300 }").await.unwrap();
    assert_eq!(s(&r, "outcome"), "timeout");
    assert_eq!(get(&get(&r, "operation"), "done").as_bool(), Some(false));
    let name = unique("wait-unimpl");
    seed(&format!("{{ operations: [{{ name: {name:?}, unimplemented: true }}] }}")).await;
    let e = wait(&name, "").await.unwrap_err();
    assert_lro(&e, 12, "UNIMPLEMENTED");
    assert_eq!(n(&state(&name).await, "getCount"), 0.0);
}

#[wasm_bindgen_test]
async fn cancel_and_wait_reports_polls_and_aborts() {
    let name = unique("polls");
    seed(&format!("{{ operations: [{{ name: {name:?}, pollsUntilDone: 3 }}] }}")).await;
    let seen = Array::new();
    let o = call_opts("gkehub", &name);
    set(&o, "pollIntervalMs", 10);
    let push = js("(a) => (e) => a.push(e.poll)");
    let cb = js_sys::Function::from(push).call1(&JsValue::NULL, &seen).unwrap();
    set(&o, "onPoll", cb);
    let r = settle(cancel_and_wait(o)).await.unwrap();
    assert_eq!(s(&r, "outcome"), "cancelled");
    assert_eq!(seen.length(), 2, "onPoll runs for each poll that is not final");
    let name = unique("wait-abort");
    seed(&format!("{{ operations: [{{ name: {name:?}, onCancel: \"never\" }}] }}")).await;
    let o = call_opts("gkehub", &name);
    set(&o, "signal", abort_after(150.0));
    let t0 = now();
    assert_lro(&settle(cancel_and_wait(o)).await.unwrap_err(), 1, "CANCELLED");
    assert!(now() - t0 < 1200.0);
}

#[wasm_bindgen_test]
async fn the_module_still_works_after_failures() {
    for src in ["null", "{ service: 1 }", "{ service: \"gkehub\", name: \"\\u0000\" }"] {
        let _ = build_cancel_request(obj(src));
        let _ = cancel(obj(src)).await;
    }
    let _ = decode_error(0.into(), "\u{0}".repeat(100_000).into());
    assert!(Array::from(&services(JsValue::UNDEFINED)).length() >= 5);
    let name = unique("after");
    seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
    cancel(call_opts("gkehub", &name)).await.unwrap();
}

// ---------------------------------------------------------------- faults at scale (reliability)

#[wasm_bindgen(inline_js = r#"
export async function settleAll(promises) {
  const r = await Promise.allSettled(promises);
  return r.map((x) => x.status === 'fulfilled' ? null : x.reason);
}
export function memoryBytes(m) { return m.buffer.byteLength; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = settleAll)]
    async fn settle_all(promises: Array) -> JsValue;
    #[wasm_bindgen(js_name = memoryBytes)]
    fn memory_bytes(m: &JsValue) -> f64;
}

fn cancel_promise(opts: JsValue) -> js_sys::Promise {
    js_sys::Promise::from(cancel_operation(opts))
}

/// 200 concurrent cancels, each operation with its own fault script, interleaved: every promise
/// settles as its script says, and the server saw no cancel lost or duplicated beyond the retries.
#[wasm_bindgen_test]
async fn two_hundred_concurrent_cancels_under_interleaved_faults() {
    let run = (now() * 1000.0) as u64;
    // (fault script, expected rejection code or None for success, POSTs the server must see)
    let scripts: [(&str, Option<u8>, usize); 8] = [
        ("[]", None, 1),
        (r#"[{ kind: "status", status: 503 }]"#, None, 2),
        (r#"[{ kind: "status", status: 429, retryDelay: "0.050s" }]"#, None, 2),
        (r#"[{ kind: "status", status: 503, retryAfter: "0" }, { kind: "status", status: 503 }]"#, None, 3),
        (r#"[{ kind: "html", status: 502 }]"#, Some(13), 1),
        (r#"[{ kind: "status", status: 400 }]"#, Some(3), 1),
        (r#"[{ kind: "delay", ms: 50 }]"#, None, 1),
        (r#"[{ kind: "hang" }]"#, Some(4), 1),
    ];
    let names: Vec<String> = (0..200).map(|i| format!("projects/p/locations/l/operations/conc-{run}-{i}-op")).collect();
    let ops = names.iter().map(|n| format!("{{ name: {n:?} }}")).collect::<Vec<_>>().join(",");
    seed(&format!("{{ operations: [{ops}] }}")).await;
    for (i, name) in names.iter().enumerate() {
        faults(name, scripts[i % scripts.len()].0).await;
    }
    let promises = Array::new();
    for (i, name) in names.iter().enumerate() {
        let o = call_opts("gkehub", name);
        // A browser opens at most 6 connections to one origin and queues the rest, so only the
        // hanging calls get a short deadline; a hung call may even expire while still queued.
        let hangs = scripts[i % scripts.len()].0.contains("hang");
        set(&o, "timeoutMs", if hangs { 1500 } else { 60_000 });
        set(&o, "retry", obj("{ initialDelayMs: 5, maxDelayMs: 40 }"));
        promises.push(&cancel_promise(o));
    }
    let results = Array::from(&settle_all(promises).await);
    assert_eq!(results.length(), 200, "every promise settled");
    let log =
        Array::from(&control(FAKE, "GET", &format!("/_fake/requests?name=conc-{run}-"), JsValue::UNDEFINED).await);
    for (i, name) in names.iter().enumerate() {
        let (script, expected, posts) = scripts[i % scripts.len()];
        let r = results.get(i as u32);
        match expected {
            None => assert!(r.is_null(), "{name} ({script}) failed: {}", text(&r)),
            Some(code) => assert_eq!(n(&r, "code") as u8, code, "{name} ({script}): {}", text(&r)),
        }
        let seen = log
            .iter()
            .filter(|e| s(e, "method") == "POST" && s(e, "path").ends_with(&format!("{name}:cancel")))
            .count();
        if script.contains("hang") {
            assert!(seen <= posts, "{name} ({script}): {seen} POSTs at the server");
        } else {
            assert_eq!(seen, posts, "{name} ({script}): POSTs at the server");
        }
        let st = state(name).await;
        let cancels = if expected.is_none() { 1.0 } else { 0.0 };
        assert_eq!(n(&st, "cancelCount"), cancels, "{name} ({script}): cancels that reached the state machine");
    }
    // The module still answers.
    assert!(Array::from(&services(JsValue::UNDEFINED)).length() >= 5);
}

/// 10,000 calls: wasm linear memory stops growing once warm (a leak would grow it linearly).
#[wasm_bindgen_test]
async fn memory_does_not_grow_across_ten_thousand_calls() {
    let memory = wasm_bindgen::memory();
    let missing = call_opts("gkehub", "projects/p/locations/l/operations/memory-probe-missing");
    set(&missing, "retry", false);
    let body = r#"{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com","metadata":{"service":"gkehub.googleapis.com"}},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s"}]}}"#;
    let mut after_warmup = 0.0;
    for batch in 0..100 {
        let promises = Array::new();
        for i in 0..100 {
            let valid = obj(&format!("{{ service: 'vault', name: 'operations/m/{batch}/{i}' }}"));
            let _ = build_cancel_request(valid);
            let _ = build_cancel_request(obj("{ service: 'gkehub', name: 'projects/x' }"));
            let _ = decode_error(429.into(), body.into());
            promises.push(&cancel_promise(missing.clone()));
        }
        let results = Array::from(&settle_all(promises).await);
        assert!(results.iter().all(|r| n(&r, "code") as u8 == 5), "each call is a 404 NOT_FOUND");
        if batch == 9 {
            after_warmup = memory_bytes(&memory);
        }
    }
    let end = memory_bytes(&memory);
    assert!(
        end <= after_warmup + 1024.0 * 1024.0,
        "linear memory grew from {after_warmup} to {end} bytes over 9,000 calls"
    );
}

// ---------------------------------------------------------------- the adversarial table, in Chromium

/// Each input gives a URL on the intended host, or an LroError code 3; never a trap.
#[wasm_bindgen_test]
fn adversarial_inputs_in_the_browser() {
    // (service, name, endpoint) → Some(expected origin) when it must be accepted.
    let names: Vec<(String, Option<&str>)> = vec![
        ("projects/p/locations/l/operations/o\u{202e}gpj.exe".into(), Some("https://gkehub.googleapis.com")),
        ("projects/p/locations/l/operations/%2E%2E".into(), Some("https://gkehub.googleapis.com")),
        ("projects/p/locations/l/operations/a\u{0}b".into(), Some("https://gkehub.googleapis.com")),
        ("projects/p/locations/l/operations/..".into(), None),
        ("projects/./locations/l/operations/o".into(), None),
        ("projects/p/locations/l/operations/o/".into(), None),
        (format!("projects/p/locations/l/operations/{}", "a".repeat(1 << 20)), None),
        ("operations/x".into(), None),
    ];
    for (name, want) in &names {
        let o: JsValue = Object::new().into();
        set(&o, "service", "gkehub");
        set(&o, "name", name.as_str());
        match (build_cancel_request(o), want) {
            (Ok(r), Some(origin)) => {
                assert!(s(&r, "url").starts_with(&format!("{origin}/v1beta/projects/p/")), "{}", s(&r, "url"))
            }
            (Err(e), None) => assert_lro(&e, 3, "INVALID_ARGUMENT"),
            (Ok(r), None) => panic!("accepted {:.80}: {}", name, s(&r, "url")),
            (Err(e), Some(_)) => panic!("refused {name:?}: {}", text(&e)),
        }
    }
    // Lone surrogates exist in JS strings only: refused, not replaced by U+FFFD.
    let e = build_cancel_request(obj(r#"{ service: "gkehub", name: "projects/p/locations/l/operations/\uD800" }"#))
        .unwrap_err();
    assert_lro(&e, 3, "INVALID_ARGUMENT");
    assert!(s(&e, "message").contains("surrogate"), "{}", text(&e));
    let endpoints = [
        ("https://googleapis.com.evil.example", Some("https://googleapis.com.evil.example/")),
        ("http://[::1]:9000/", Some("http://[::1]:9000/")),
        ("https://evil.example\\@googleapis.com", None),
        ("https://user@googleapis.com", None),
        ("http://googleapis.com", None),
        ("data:text/plain,x", None),
        ("javascript:alert(1)", None),
        ("https://googleapis.com/x?y#z", None),
        ("http://2130706433", None),
    ];
    for (endpoint, want) in endpoints {
        let o = obj(r#"{ service: "vault", name: "operations/o" }"#);
        set(&o, "endpoint", endpoint);
        match (build_cancel_request(o), want) {
            (Ok(r), Some(prefix)) => assert_eq!(s(&r, "url"), format!("{prefix}v1/operations/o:cancel")),
            (Err(e), None) => assert_lro(&e, 3, "INVALID_ARGUMENT"),
            (r, _) => panic!("{endpoint}: {:?}", r.map(|v| text(&v)).map_err(|e| text(&e))),
        }
    }
}

// ---------------------------------------------------------------- every API, list and bulk cancel

#[wasm_bindgen_test]
fn the_catalogue_names_as_pasted_and_search() {
    let n = register_catalogue(include_str!("../data/catalogue.tsv").into()).unwrap();
    assert!(n >= 175.0, "{n}");
    let hits = Array::from(&services("deploy".into()));
    assert!(hits.iter().any(|s| s_(&s, "id") == "clouddeploy.v1"));
    let r =
        resolve_name(obj(r#"{ name: "//aiplatform.googleapis.com/projects/p/locations/l/operations/1" }"#)).unwrap();
    assert_eq!(s(&get(&r, "service"), "id"), "aiplatform.v1");
    assert_eq!(s(&r, "url"), "https://aiplatform.googleapis.com/v1/projects/p/locations/l/operations/1:cancel");
    let r = resolve_name(obj(
        r#"{ name: "https://gkehub.googleapis.com/v1beta/projects/p/locations/l/operations/o:cancel" }"#,
    ))
    .unwrap();
    assert_eq!(s(&get(&r, "service"), "id"), "gkehub");
    let e = resolve_name(obj(r#"{ name: "https://gkehub.googleapis.com/v1beta/folders/f" }"#)).unwrap_err();
    assert_lro(&e, 3, "INVALID_ARGUMENT");
    assert!(s(&e, "message").contains("candidates"), "{}", text(&e));
    // The call functions take the pasted forms without a service.
    let r = build_cancel_request(obj(r#"{ name: "//vault.googleapis.com/operations/a/b" }"#)).unwrap();
    assert_eq!(s(&r, "url"), "https://vault.googleapis.com/v1/operations/a/b:cancel");
    // A regional endpoint's URL keeps its host.
    let r = build_cancel_request(obj(
        r#"{ name: "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/operations/9" }"#,
    ))
    .unwrap();
    assert_eq!(
        s(&r, "url"),
        "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/operations/9:cancel"
    );
}

#[wasm_bindgen_test]
async fn list_operations_pages_and_filters() {
    let parent = format!("projects/list-{}/locations/l", (now() * 1000.0) as u64);
    control(
        FAKE,
        "POST",
        "/_fake/operations",
        obj(&format!("{{ seed: {{ parent: {parent:?}, count: 25, prefix: 'op-', doneEvery: 5 }} }}")),
    )
    .await;
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let o = call_opts("gkehub", &parent);
        set(&o, "pageSize", 10);
        if let Some(t) = &token {
            set(&o, "pageToken", t.as_str());
        }
        let page = settle(list_operations(o)).await.unwrap_or_else(|e| panic!("{}", text(&e)));
        pages += 1;
        for op in Array::from(&get(&page, "operations")).iter() {
            names.push(s(&op, "name"));
        }
        token = get(&page, "nextPageToken").as_string();
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(names.len(), 25);
    let o = call_opts("gkehub", &parent);
    set(&o, "filter", "done=false");
    let running = Array::from(&get(&settle(list_operations(o)).await.unwrap(), "operations"));
    assert_eq!(running.length(), 20, "every fifth is done");
    assert!(running.iter().all(|op| get(&op, "done").as_bool() == Some(false)));
    assert_lro(&settle(list_operations(call_opts("gkehub", "folders/f"))).await.unwrap_err(), 3, "INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
async fn cancel_many_two_hundred_under_faults_reports_each_once_in_order() {
    let run = (now() * 1000.0) as u64;
    let parent = format!("projects/many-{run}/locations/l");
    control(
        FAKE,
        "POST",
        "/_fake/operations",
        obj(&format!("{{ seed: {{ parent: {parent:?}, count: 200, prefix: 'm-' }} }}")),
    )
    .await;
    let list = control(FAKE, "GET", "/_fake/operations", JsValue::UNDEFINED).await;
    let mut names: Vec<String> = Array::from(&get(&list, "names"))
        .iter()
        .filter_map(|n| n.as_string())
        .filter(|n| n.starts_with(&parent))
        .collect();
    names.sort();
    assert_eq!(names.len(), 200);
    // Faults: a 503 that retries on every 10th, a 400 on every 25th; one name is not a name.
    for (i, n) in names.iter().enumerate() {
        if i % 25 == 0 {
            faults(n, r#"[{ kind: "status", status: 400 }]"#).await;
        } else if i % 10 == 0 {
            faults(n, r#"[{ kind: "status", status: 503 }]"#).await;
        }
    }
    names[7] = "projects/bad/regions/r/operations/o".into();
    let o = call_opts("gkehub", "unused");
    let list = Array::new();
    for n in &names {
        list.push(&JsValue::from_str(n));
    }
    set(&o, "names", list);
    set(&o, "concurrency", 8);
    set(&o, "retry", obj("{ initialDelayMs: 5, maxDelayMs: 20 }"));
    let progress = Array::new();
    let push = js("(a) => (e) => a.push(e.done)");
    set(&o, "onProgress", js_sys::Function::from(push).call1(&JsValue::NULL, &progress).unwrap());
    let results = Array::from(&settle(cancel_many(o)).await.unwrap());
    assert_eq!(results.length(), 200);
    assert_eq!(progress.length(), 200);
    assert_eq!(progress.get(199).as_f64(), Some(200.0));
    for (i, n) in names.iter().enumerate() {
        let r = results.get(i as u32);
        assert_eq!(&s(&r, "name"), n, "input order");
        let ok = get(&r, "ok").as_bool().unwrap();
        if i == 7 || i % 25 == 0 {
            assert!(!ok, "{n}");
            assert_lro(&get(&r, "error"), 3, "INVALID_ARGUMENT");
        } else {
            assert!(ok, "{n}: {}", text(&r));
            assert_eq!(n_(&state(n).await, "cancelCount"), 1.0, "{n} cancelled exactly once");
        }
    }
}
fn n_(v: &JsValue, k: &str) -> f64 {
    n(v, k)
}

#[wasm_bindgen_test]
async fn cancel_many_stops_on_abort() {
    let run = (now() * 1000.0) as u64;
    let names = Array::new();
    for i in 0..40 {
        let name = format!("projects/abort-{run}/locations/l/operations/a{i}-op");
        seed(&format!("{{ operations: [{{ name: {name:?} }}] }}")).await;
        faults(&name, r#"[{ kind: "delay", ms: 100 }]"#).await;
        names.push(&JsValue::from_str(&name));
    }
    let o = call_opts("gkehub", "unused");
    set(&o, "names", names);
    set(&o, "concurrency", 2);
    set(&o, "signal", abort_after(250.0));
    let t0 = now();
    let results = Array::from(&settle(cancel_many(o)).await.unwrap());
    assert!(now() - t0 < 2000.0, "settled promptly after the abort");
    assert_eq!(results.length(), 40);
    let cancelled = results.iter().filter(|r| get(r, "ok").as_bool() == Some(false)).count();
    assert!(cancelled >= 30, "only {cancelled} of 40 reported CANCELLED after the abort");
    for r in results.iter().filter(|r| get(r, "ok").as_bool() == Some(false)) {
        assert_lro(&get(&r, "error"), 1, "CANCELLED");
    }
}
