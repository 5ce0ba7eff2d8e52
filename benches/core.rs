//! Native micro-benchmarks of the core (no JS): the template matcher and URL building, and the
//! error and operation decoders. A plain harness (no criterion, which would earn no bytes in
//! the package but a long build): best of 5 rounds of ~200 ms, in ns per call.
//! `cargo bench --bench core`
use std::hint::black_box;
use std::time::Instant;

use lro_cancel::catalogue;
use lro_cancel::operation::decode_operation;
use lro_cancel::status::decode_http_error;

fn time(label: &str, mut f: impl FnMut(usize)) {
    for i in 0..10_000 {
        f(i);
    }
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t0 = Instant::now();
        let mut n = 0usize;
        while t0.elapsed().as_millis() < 200 {
            for _ in 0..1000 {
                f(n);
                n += 1;
            }
        }
        best = best.min(t0.elapsed().as_nanos() as f64 / n as f64);
    }
    println!("{label:<48} {best:>9.0} ns");
}

const BODY: &str = r#"{"error":{"code":429,"message":"Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'clouddeploy.googleapis.com'.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com","metadata":{"service":"clouddeploy.googleapis.com","quota_metric":"clouddeploy.googleapis.com/read_requests","quota_limit":"ReadRequestsPerMinutePerProject","consumer":"projects/123456789012"}},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Request a higher quota limit.","url":"https://cloud.google.com/docs/quotas/help/request_increase"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s"}]}}"#;

fn main() {
    let names: Vec<String> = (0..1024)
        .map(|i| {
            format!(
                "projects/proj-{i}/locations/us-central{}/operations/operation-{}-62d4f1b2c3a4e",
                i % 7,
                1732350000000u64 + i as u64
            )
        })
        .collect();
    let service = catalogue::find("clouddeploy").unwrap();
    let origin = service.origin().unwrap();
    time("catalogue::find(\"clouddeploy\")", |_| {
        black_box(catalogue::find(black_box("clouddeploy")).unwrap());
    });
    time("Service::origin (host re-validated)", |_| {
        black_box(service.origin().unwrap());
    });
    time("Service::check_name", |i| {
        black_box(service.check_name(&names[i & 1023]).unwrap());
    });
    time("Service::cancel_url (check + escape)", |i| {
        black_box(service.cancel_url(&origin, &names[i & 1023]).unwrap());
    });
    time("resolve::form (plain name)", |i| {
        black_box(lro_cancel::resolve::form(&names[i & 1023]).is_ok());
    });
    time("template::escapes_nothing", |i| {
        black_box(lro_cancel::template::escapes_nothing(&names[i & 1023], true));
    });
    time("str::from_utf8 of a name", |i| {
        black_box(std::str::from_utf8(names[i & 1023].as_bytes()).is_ok());
    });
    time("decode_http_error, 429 with 3 details", |_| {
        black_box(decode_http_error(429, black_box(BODY)));
    });
    time("with_http_error + lifted (what decodeError's wasm does)", |_| {
        black_box(lro_cancel::status::with_http_error(429, black_box(BODY), |e| e.lifted()));
    });
    time("json::Doc::parse alone (validate + tape)", |_| {
        black_box(lro_cancel::json::Doc::parse(black_box(BODY)).is_ok());
    });
    let op = r#"{"name":"projects/p/locations/l/operations/o","metadata":{"@type":"type.googleapis.com/google.cloud.deploy.v1.OperationMetadata","createTime":"2026-11-23T09:00:00Z","verb":"update","requestedCancellation":true},"done":true,"error":{"code":1,"message":"Operation was cancelled."}}"#;
    time("decode_operation, cancelled", |_| {
        black_box(decode_operation(black_box(op)).unwrap());
    });
}
