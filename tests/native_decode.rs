#![cfg(not(target_arch = "wasm32"))]
//! Native tests of the decoders: real-looking Google error bodies and operations, every odd body
//! a browser can receive, the JSON shape handed to JavaScript, and property tests (no input
//! panics; JSON round-trips).

use lro_cancel::code::{Code, ALL};
use lro_cancel::details::{decode_detail, parse_duration_ms, Detail, HelpLink};
use lro_cancel::json::{self, parse, to_json, to_string, write_json, Json};
use lro_cancel::operation::{decode_list_operations, decode_operation, operation_from_json, OperationResult};
use lro_cancel::status::{decode_http_error, Status, MAX_EXCERPT_CHARS, MAX_MESSAGE_CHARS};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn j(text: &str) -> Json {
    parse(text).unwrap_or_else(|e| panic!("bad test JSON {text:?}: {e}"))
}

fn google_error(http: u16, status: &str, message: &str, details: &str) -> String {
    let message = to_string(&Json::String(message.to_owned()));
    format!(
        "{{\n  \"error\": {{\n    \"code\": {http},\n    \"message\": {message},\n    \"status\": \"{status}\",\n    \"details\": [{details}]\n  }}\n}}\n"
    )
}

// ---------------------------------------------------------------------------------------------
// One body per google.rpc.Code.

const PER_CODE: [(u16, &str, &str); 17] = [
    (200, "OK", "OK"),
    (499, "CANCELLED", "The operation was cancelled."),
    (500, "UNKNOWN", "An unknown error occurred."),
    (400, "INVALID_ARGUMENT", "Invalid resource field value in the request."),
    (504, "DEADLINE_EXCEEDED", "The request was aborted because it exceeded the deadline."),
    (404, "NOT_FOUND", "Operation \"projects/p/locations/l/operations/o\" not found."),
    (409, "ALREADY_EXISTS", "Resource 'projects/p/locations/us-central1/services/web' already exists."),
    (403, "PERMISSION_DENIED", "Permission 'run.operations.cancel' denied on resource 'projects/p/locations/l/operations/o' (or it may not exist)."),
    (429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'run.googleapis.com' for consumer 'project_number:123456789012'."),
    (400, "FAILED_PRECONDITION", "Operation projects/p/locations/l/operations/o is already done and cannot be cancelled."),
    (409, "ABORTED", "The operation was aborted due to a concurrent modification; retry the request."),
    (400, "OUT_OF_RANGE", "Page token is out of range."),
    (501, "UNIMPLEMENTED", "Operation cancellation is not supported for this operation type."),
    (500, "INTERNAL", "Internal error encountered."),
    (503, "UNAVAILABLE", "The service is currently unavailable."),
    (500, "DATA_LOSS", "Unrecoverable data loss or corruption."),
    (401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."),
];

#[test]
fn every_code_by_status_name() {
    for (i, (http, name, message)) in PER_CODE.iter().enumerate() {
        let body = google_error(*http, name, message, "");
        let status = decode_http_error(*http, &body);
        assert_eq!(Some(status.code), ALL.get(i).copied(), "{name}");
        assert_eq!(status.code.name(), *name);
        assert_eq!(status.message, *message, "{name}: message kept verbatim");
        assert!(status.details.is_empty());
        assert_eq!(
            to_json(&status),
            Ok(Json::Object(vec![
                ("code".into(), Json::Number(i as f64)),
                ("status".into(), Json::String((*name).into())),
                ("message".into(), Json::String((*message).into())),
                ("details".into(), Json::Array(vec![])),
            ]))
        );
    }
}

#[test]
fn error_code_is_the_http_status_not_the_rpc_code() {
    // "code": 5 would be NOT_FOUND as an rpc code; in the HTTP body it is ignored.
    let s = decode_http_error(409, r#"{"error": {"code": 5, "message": "x", "status": "ALREADY_EXISTS"}}"#);
    assert_eq!(s.code, Code::AlreadyExists);
    // No (valid) status name: from the HTTP status, as code.proto maps it (the mapping itself
    // is pinned, value by value, in code.rs's own tests).
    let table = [400, 401, 403, 404, 409, 429, 499, 500, 501, 502, 503, 504].map(|h| (h, Code::from_http_status(h)));
    assert!(table.contains(&(404, Code::NotFound)) && table.contains(&(503, Code::Unavailable)));
    for (http, code) in table {
        for status in ["", r#", "status": "not_found""#, r#", "status": "NOPE""#, r#", "status": 5"#] {
            let body = format!(r#"{{"error": {{"code": 5, "message": "m"{status}}}}}"#);
            let s = decode_http_error(http, &body);
            assert_eq!((s.code, s.message.as_str()), (code, "m"), "{http} {body}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Every detail type.

const RATE_LIMITED: &str = r#"{
  "error": {
    "code": 429,
    "message": "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'run.googleapis.com' for consumer 'project_number:123456789012'.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "RATE_LIMIT_EXCEEDED",
        "domain": "googleapis.com",
        "metadata": {
          "service": "run.googleapis.com",
          "consumer": "projects/123456789012",
          "quota_limit": "ReadRequestsPerMinutePerProject"
        }
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        "links": [
          {
            "description": "Request a higher quota limit.",
            "url": "https://cloud.google.com/docs/quotas/help/request_increase"
          }
        ]
      },
      {
        "@type": "type.googleapis.com/google.rpc.RetryInfo",
        "retryDelay": "1.500s"
      }
    ]
  }
}
"#;

#[test]
fn rate_limited_with_error_info_help_and_retry_info() {
    let s = decode_http_error(429, RATE_LIMITED);
    assert_eq!(s.code, Code::ResourceExhausted);
    assert!(s.message.starts_with("Quota exceeded for quota metric 'Read requests'"));
    assert_eq!(s.details.len(), 3);
    let info = s.error_info().unwrap_or_else(|| panic!("no ErrorInfo in {s:?}"));
    assert_eq!(info.reason, "RATE_LIMIT_EXCEEDED");
    assert_eq!(info.domain, "googleapis.com");
    let meta: Vec<(&str, &str)> = info.metadata.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        meta,
        [
            ("service", "run.googleapis.com"),
            ("consumer", "projects/123456789012"),
            ("quota_limit", "ReadRequestsPerMinutePerProject")
        ]
    );
    assert_eq!(s.retry_delay_ms(), Some(1500));
    let links: Vec<&HelpLink> = s.help_links().collect();
    assert_eq!(
        links,
        [&HelpLink {
            description: "Request a higher quota limit.".into(),
            url: "https://cloud.google.com/docs/quotas/help/request_increase".into()
        }]
    );

    // The JS shape: every detail exactly as sent, plus retryDelayMs.
    let mut expected = j(RATE_LIMITED).get("error").cloned().unwrap_or(Json::Null);
    if let Json::Object(members) = &mut expected {
        members.retain(|(k, _)| k != "code");
        members.insert(0, ("code".into(), Json::Number(8.0)));
        if let Some(Json::Array(details)) = members.iter_mut().find(|(k, _)| k == "details").map(|(_, v)| v) {
            if let Some(Json::Object(retry)) = details.get_mut(2) {
                retry.push(("retryDelayMs".into(), Json::Number(1500.0)));
            }
        }
    }
    let got = to_json(&s).unwrap_or_else(|e| panic!("{e}"));
    for key in ["code", "status", "message", "details"] {
        assert_eq!(got.get(key), expected.get(key), "{key}");
    }
    assert_eq!(got.as_object().map(<[_]>::len), Some(4));
}

#[test]
fn bad_request_field_violations() {
    let details = r#"{
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": [
          {"field": "name", "description": "The operation name must match projects/*/locations/*/operations/*.",
           "reason": "INVALID_NAME_FORMAT",
           "localizedMessage": {"locale": "en-US", "message": "The operation name is malformed."}},
          {"field": "operation.filter", "description": "Unsupported filter."}
        ]
      }"#;
    let body = google_error(400, "INVALID_ARGUMENT", "Invalid operation name.", details);
    let s = decode_http_error(400, &body);
    assert_eq!(s.code, Code::InvalidArgument);
    let Some(Detail::BadRequest(br)) = s.details.first() else { panic!("{s:?}") };
    assert_eq!(br.field_violations.len(), 2);
    let first = br.field_violations.first().unwrap_or_else(|| panic!());
    assert_eq!(first.field, "name");
    assert_eq!(first.reason, "INVALID_NAME_FORMAT");
    assert_eq!(first.localized_message.as_ref().map(|m| m.message.as_str()), Some("The operation name is malformed."));
    let second = br.field_violations.get(1).unwrap_or_else(|| panic!());
    assert_eq!(
        (second.field.as_str(), second.reason.as_str(), &second.localized_message),
        ("operation.filter", "", &None)
    );
    assert_eq!(to_json(&s.details), Ok(Json::Array(vec![j(details)])));
}

#[test]
fn permission_denied_with_precondition_and_quota_failures() {
    let precondition = r#"{"@type": "type.googleapis.com/google.rpc.PreconditionFailure",
        "violations": [{"type": "TOS", "subject": "google.com/cloud", "description": "Terms of service not accepted."}]}"#;
    let quota = r#"{"@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [{"subject": "project:123456789012", "description": "Quota 'CPUS' exceeded. Limit: 24.0 in region us-central1.",
          "apiService": "compute.googleapis.com", "quotaMetric": "compute.googleapis.com/cpus", "quotaId": "CPUS-per-project-region",
          "quotaDimensions": {"region": "us-central1"}, "quotaValue": "24", "futureQuotaValue": 48}]}"#;
    let body = google_error(
        403,
        "PERMISSION_DENIED",
        "The caller does not have permission",
        &format!("{precondition},{quota}"),
    );
    let s = decode_http_error(403, &body);
    assert_eq!(s.code, Code::PermissionDenied);
    let Some(Detail::PreconditionFailure(pf)) = s.details.first() else { panic!("{s:?}") };
    let v = pf.violations.first().unwrap_or_else(|| panic!());
    assert_eq!((v.kind.as_str(), v.subject.as_str()), ("TOS", "google.com/cloud"));
    let Some(Detail::QuotaFailure(qf)) = s.details.get(1) else { panic!("{s:?}") };
    let v = qf.violations.first().unwrap_or_else(|| panic!());
    assert_eq!(v.subject, "project:123456789012");
    assert_eq!(v.api_service, "compute.googleapis.com");
    assert_eq!(v.quota_metric, "compute.googleapis.com/cpus");
    assert_eq!(v.quota_id, "CPUS-per-project-region");
    assert_eq!(v.quota_dimensions, vec![("region".to_owned(), "us-central1".to_owned())]);
    assert_eq!((v.quota_value, v.future_quota_value), (24, Some(48)));
    assert_eq!(to_json(&s.details), Ok(Json::Array(vec![j(precondition), j(quota)])));
}

#[test]
fn internal_with_debug_request_resource_localized() {
    let debug = r#"{"@type": "type.googleapis.com/google.rpc.DebugInfo",
        "stackEntries": ["com.google.cloud.Operations.cancel(Operations.java:42)", "com.google.rpc.Server.call(Server.java:7)"],
        "detail": "backend rpc failed"}"#;
    let request = r#"{"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "c0ffee42-1234-4a5b-9c8d-0123456789ab", "servingData": "gfe:2"}"#;
    let resource = r#"{"@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceType": "run.googleapis.com/Operation",
        "resourceName": "projects/p/locations/l/operations/o", "owner": "project:p", "description": "The operation is held by another caller."}"#;
    let localized = r#"{"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "fr-FR", "message": "Erreur interne."}"#;
    let unknown = r#"{"@type": "type.googleapis.com/google.cloud.run.v2.Future", "fancy": {"nested": [1, "two", null]}, "n": 1.25}"#;
    let body = google_error(
        500,
        "INTERNAL",
        "Internal error encountered.",
        &[debug, request, resource, localized, unknown].join(","),
    );
    let s = decode_http_error(500, &body);
    assert_eq!((s.code, s.message.as_str()), (Code::Internal, "Internal error encountered."));
    assert_eq!(s.details.len(), 5);
    let Some(Detail::DebugInfo(d)) = s.details.first() else { panic!("{s:?}") };
    assert_eq!(d.stack_entries.len(), 2);
    assert_eq!(d.detail, "backend rpc failed");
    let Some(Detail::RequestInfo(r)) = s.details.get(1) else { panic!("{s:?}") };
    assert_eq!((r.request_id.as_str(), r.serving_data.as_str()), ("c0ffee42-1234-4a5b-9c8d-0123456789ab", "gfe:2"));
    let Some(Detail::ResourceInfo(r)) = s.details.get(2) else { panic!("{s:?}") };
    assert_eq!(r.resource_type, "run.googleapis.com/Operation");
    assert_eq!(r.resource_name, "projects/p/locations/l/operations/o");
    assert_eq!(r.owner, "project:p");
    assert_eq!(r.description, "The operation is held by another caller.");
    let Some(Detail::LocalizedMessage(m)) = s.details.get(3) else { panic!("{s:?}") };
    assert_eq!((m.locale.as_str(), m.message.as_str()), ("fr-FR", "Erreur interne."));
    assert_eq!(s.details.get(4), Some(&Detail::Other(j(unknown))), "unknown @type kept verbatim");
    assert_eq!(to_json(&s.details), Ok(Json::Array(vec![j(debug), j(request), j(resource), j(localized), j(unknown)])));
}

#[test]
fn details_survive_wrong_types_losslessly() {
    let odd = [
        r#"{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": ["x"], "domain": "d"}"#,
        r#"{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": {"seconds": 1}}"#,
        r#"{"no": "type"}"#,
        r#"7"#,
        r#"null"#,
    ];
    let body = google_error(400, "INVALID_ARGUMENT", "m", &odd.join(","));
    let s = decode_http_error(400, &body);
    let expected: Vec<Detail> = odd.iter().map(|t| Detail::Other(j(t))).collect();
    assert_eq!(s.details, expected);
    assert_eq!(to_json(&s.details), Ok(Json::Array(odd.iter().map(|t| j(t)).collect())));
}

// ---------------------------------------------------------------------------------------------
// Odd bodies.

const GOOGLE_502_HTML: &str = r#"<!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">
  <title>Error 502 (Server Error)!!1</title>
  <style>
    *{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}html{background:#fff;color:#222;padding:15px}
  </style>
  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>
  <p><b>502.</b> <ins>That’s an error.</ins>
  <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>
"#;

#[test]
fn odd_bodies() {
    let long_message = "é".repeat(MAX_MESSAGE_CHARS + 10);
    let exact_message = "m".repeat(MAX_MESSAGE_CHARS);
    let cases: Vec<(u16, String, Code, String)> = vec![
        (502, GOOGLE_502_HTML.into(), Code::Internal, r#"HTTP 502 Bad Gateway: "Error 502 (Server Error)!!1""#.into()),
        (
            502,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n".into(),
            Code::Internal,
            r#"HTTP 502 Bad Gateway: "502 Bad Gateway""#.into(),
        ),
        (
            503,
            "<html><body><h1>Service   Unavailable</h1>\n<p>Back &amp; soon.</p></body></html>".into(),
            Code::Unavailable,
            r#"HTTP 503 Service Unavailable: "Service Unavailable Back & soon.""#.into(),
        ),
        (
            503,
            "upstream connect error or disconnect/reset before headers. reset reason: connection failure".into(),
            Code::Unavailable,
            r#"HTTP 503 Service Unavailable: "upstream connect error or disconnect/reset before headers. reset reason: connection failure""#.into(),
        ),
        (504, "".into(), Code::DeadlineExceeded, "HTTP 504 Gateway Timeout".into()),
        (500, " \r\n\t ".into(), Code::Internal, "HTTP 500 Internal Server Error".into()),
        (418, "".into(), Code::FailedPrecondition, "HTTP 418".into()),
        (302, "".into(), Code::Unknown, "HTTP 302".into()),
        (408, "".into(), Code::FailedPrecondition, "HTTP 408 Request Timeout".into()),
        (413, "".into(), Code::FailedPrecondition, "HTTP 413 Content Too Large".into()),
        (
            503,
            r#"{"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAIL"#.into(),
            Code::Unavailable,
            r#"HTTP 503 Service Unavailable: malformed JSON: "{"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAIL""#.into(),
        ),
        (
            400,
            r#"[{"error": {"code": 400, "message": "Invalid JSON payload received. Unknown name \"foo\": Cannot find field.", "status": "INVALID_ARGUMENT"}}]"#.into(),
            Code::InvalidArgument,
            r#"Invalid JSON payload received. Unknown name "foo": Cannot find field."#.into(),
        ),
        (
            400,
            r#"{"error": "invalid_grant", "error_description": "Token has been expired or revoked."}"#.into(),
            Code::InvalidArgument,
            "invalid_grant: Token has been expired or revoked.".into(),
        ),
        (401, r#"{"error": "invalid_token"}"#.into(), Code::Unauthenticated, "invalid_token".into()),
        (
            400,
            r#"{"error": {"code": 400, "message": 5, "status": "FAILED_PRECONDITION", "details": {}}}"#.into(),
            Code::FailedPrecondition,
            "HTTP 400 Bad Request".into(),
        ),
        (404, r#"{"error": {"code": 404, "message": "", "status": "NOT_FOUND"}}"#.into(), Code::NotFound, "HTTP 404 Not Found".into()),
        (500, r#"{"error": 5}"#.into(), Code::Internal, r#"HTTP 500 Internal Server Error: "{"error": 5}""#.into()),
        (500, "{}".into(), Code::Internal, r#"HTTP 500 Internal Server Error: "{}""#.into()),
        (500, "[]".into(), Code::Internal, r#"HTTP 500 Internal Server Error: "[]""#.into()),
        (500, "null".into(), Code::Internal, r#"HTTP 500 Internal Server Error: "null""#.into()),
        (401, r#"{"code": 16, "message": "Jwt is missing"}"#.into(), Code::Unauthenticated, "Jwt is missing".into()),
        (404, r#"{"code": 404, "message": "Not Found"}"#.into(), Code::NotFound, "Not Found".into()),
        (
            404,
            format!("\u{FEFF}{}", google_error(404, "NOT_FOUND", "with BOM", "")),
            Code::NotFound,
            "with BOM".into(),
        ),
        (
            400,
            google_error(400, "INVALID_ARGUMENT", &long_message, ""),
            Code::InvalidArgument,
            format!("{}…", "é".repeat(MAX_MESSAGE_CHARS)),
        ),
        (400, google_error(400, "INVALID_ARGUMENT", &exact_message, ""), Code::InvalidArgument, exact_message.clone()),
        (
            429,
            "\u{1}Too\u{7f}  many\n\nrequests\u{0}".into(),
            Code::ResourceExhausted,
            r#"HTTP 429 Too Many Requests: "Too many requests""#.into(),
        ),
    ];
    for (http, body, code, message) in cases {
        let s = decode_http_error(http, &body);
        assert_eq!((s.code, s.message.as_str()), (code, message.as_str()), "{http} {body:.120}");
    }
}

#[test]
fn wrong_typed_fields_keep_the_rest() {
    let s = decode_http_error(
        404,
        r#"{"error": {"code": "404", "message": "Operation not found.", "status": ["NOT_FOUND"], "details": "none"}}"#,
    );
    assert_eq!(s, Status::new(Code::NotFound, "Operation not found."));
    let s = decode_http_error(
        409,
        r#"{"error": {"message": null, "status": "ABORTED", "details": [{"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "r1"}]}}"#,
    );
    assert_eq!((s.code, s.message.as_str(), s.details.len()), (Code::Aborted, "HTTP 409 Conflict", 1));
}

#[test]
fn long_excerpts_are_bounded() {
    let s = decode_http_error(502, &format!("<html><body><p>{}</p></body></html>", "word ".repeat(1000)));
    let excerpt = s.message.strip_prefix("HTTP 502 Bad Gateway: \"").and_then(|m| m.strip_suffix('"'));
    let excerpt = excerpt.unwrap_or_else(|| panic!("{}", s.message));
    // 40 × "word" and 39 spaces = 199 characters; the next word would not fit.
    assert_eq!(excerpt, format!("{}…", vec!["word"; 40].join(" ")));
    assert!(excerpt.chars().count() <= MAX_EXCERPT_CHARS + 1);
}

#[test]
fn multi_megabyte_bodies_are_linear_and_bounded() {
    let mb = 4 * 1024 * 1024;
    let bodies = [
        google_error(500, "INTERNAL", &"x".repeat(mb), ""),
        google_error(
            500,
            "INTERNAL",
            "big details",
            &vec![r#"{"@type":"type.googleapis.com/google.rpc.DebugInfo","stackEntries":["a","b"]}"#; 40_000].join(","),
        ),
        format!(
            "<html><head><style>{}</style></head><body>{}</body></html>",
            "p{}".repeat(mb / 3),
            "<b>x</b>".repeat(mb / 8)
        ),
        format!("<html>{}", "<".repeat(mb)),
        format!("<html><title>{}", "t".repeat(mb)),
        format!("<html>{}<p>late</p>", "<!-- c -->".repeat(mb / 10)),
        "[".repeat(mb),
        format!("{{\"error\": {{\"message\": \"{}", "y".repeat(mb)),
        " ".repeat(mb),
        "z".repeat(mb),
        "\u{0}".repeat(mb),
    ];
    for body in &bodies {
        let start = Instant::now();
        let s = decode_http_error(500, body);
        assert!(start.elapsed() < Duration::from_secs(10), "too slow for {:.60}", body);
        assert!(s.message.chars().count() <= MAX_MESSAGE_CHARS + 1, "{:.60}", s.message);
    }
    let s = decode_http_error(500, bodies.get(1).map_or("", String::as_str));
    assert_eq!(s.details.len(), 40_000);
}

// ---------------------------------------------------------------------------------------------
// Operations.

#[test]
fn operations() {
    let running = r#"{
      "name": "projects/p/locations/us-central1/operations/7f0c2e4a-1b2c-4d5e-8f90-0123456789ab",
      "metadata": {
        "@type": "type.googleapis.com/google.cloud.run.v2.Service",
        "name": "projects/p/locations/us-central1/services/web",
        "reconciling": true,
        "conditions": [{"type": "Ready", "state": "CONDITION_PENDING"}]
      }
    }"#;
    let op = decode_operation(running).unwrap_or_else(|e| panic!("{e}"));
    assert!(!op.done);
    assert_eq!(op.result, None);
    assert_eq!(
        to_json(&op),
        Ok(Json::Object(vec![
            (
                "name".into(),
                Json::String("projects/p/locations/us-central1/operations/7f0c2e4a-1b2c-4d5e-8f90-0123456789ab".into())
            ),
            ("done".into(), Json::Bool(false)),
            ("metadata".into(), j(running).get("metadata").cloned().unwrap_or(Json::Null)),
        ]))
    );

    let done = r#"{"name": "operations/op-1", "done": true,
      "metadata": {"@type": "type.googleapis.com/google.cloud.common.OperationMetadata", "createTime": "2024-05-01T10:00:00.123Z", "endTime": "2024-05-01T10:02:00Z", "verb": "create", "requestedCancellation": false, "apiVersion": "v1"},
      "response": {"@type": "type.googleapis.com/google.cloud.run.v2.Service", "name": "projects/p/locations/l/services/web", "generation": "3"}}"#;
    let op = decode_operation(done).unwrap_or_else(|e| panic!("{e}"));
    assert!(op.done);
    assert_eq!(op.result, Some(OperationResult::Response(j(done).get("response").cloned().unwrap_or(Json::Null))));
    assert_eq!(to_json(&op), Ok(j(done)), "every member round-trips in order");

    let cancelled = r#"{"name": "projects/p/locations/l/operations/o", "done": true,
      "metadata": {"@type": "type.googleapis.com/google.cloud.common.OperationMetadata", "requestedCancellation": true},
      "error": {"code": 1, "message": "Operation was cancelled.", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "CANCELLED_BY_USER", "domain": "run.googleapis.com"}]}}"#;
    let op = decode_operation(cancelled).unwrap_or_else(|e| panic!("{e}"));
    let err = op.error().unwrap_or_else(|| panic!("{op:?}"));
    assert_eq!((err.code, err.message.as_str()), (Code::Cancelled, "Operation was cancelled."));
    assert_eq!(err.error_info().map(|i| i.reason.as_str()), Some("CANCELLED_BY_USER"));
    let shape = to_json(&op).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shape.get("error").and_then(|e| e.get("status")), Some(&Json::String("CANCELLED".into())));
    assert_eq!(shape.get("error").and_then(|e| e.get("code")), Some(&Json::Number(1.0)));
    assert_eq!(shape.get("response"), None);

    let bare_done = decode_operation(r#"{"name": "operations/x", "done": true}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((bare_done.done, &bare_done.result, &bare_done.metadata), (true, &None, &None));
    assert_eq!(to_json(&bare_done), Ok(j(r#"{"name": "operations/x", "done": true}"#)));

    let unknown_code = decode_operation(r#"{"done": true, "error": {"code": 42}}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(unknown_code.error().map(|e| e.code), Some(Code::Unknown));
    assert_eq!(
        operation_from_json(&j(r#"{"name": "a", "done": null, "futureField": {"x": 1}}"#)).map(|o| o.done),
        Ok(false)
    );
}

#[test]
fn invalid_operations() {
    let cases = [
        "",
        "<html>502</html>",
        "{\"name\": \"x\"",
        "[]",
        "\"operations/x\"",
        r#"{"done": "yes"}"#,
        r#"{"done": 1}"#,
        r#"{"name": 5}"#,
        r#"{"name": {"id": "x"}}"#,
        r#"{"error": "boom"}"#,
        r#"{"error": [1]}"#,
        r#"{"error": {"message": 3}}"#,
        r#"{"error": {"details": {}}}"#,
        r#"{"metadata": "m"}"#,
        r#"{"response": true}"#,
        r#"{"done": true, "error": {"code": 1}, "response": {"@type": "x"}}"#,
    ];
    for text in cases {
        match decode_operation(text) {
            Err(s) => {
                assert_eq!(s.code, Code::InvalidArgument, "{text}");
                assert!(s.message.starts_with("invalid google.longrunning.Operation: "), "{}", s.message);
            }
            Ok(op) => panic!("{text} decoded as {op:?}"),
        }
    }
}

#[test]
fn list_operations() {
    let body = r#"{
      "operations": [
        {"name": "projects/p/locations/l/operations/a", "metadata": {"@type": "x/M"}},
        {"name": "projects/p/locations/l/operations/b", "done": true, "error": {"code": 1, "message": "Operation was cancelled."}}
      ],
      "nextPageToken": "CgwI2NbsrQYQ",
      "unreachable": ["projects/p/locations/europe-west9"]
    }"#;
    let (ops, token, unreachable) = decode_list_operations(body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ops.len(), 2);
    assert_eq!(ops.get(1).and_then(|o| o.error()).map(|e| e.code), Some(Code::Cancelled));
    assert_eq!(token.as_deref(), Some("CgwI2NbsrQYQ"));
    assert_eq!(unreachable, ["projects/p/locations/europe-west9"]);
    for empty in ["", "  \n", "{}", r#"{"operations": []}"#, r#"{"operations": null, "nextPageToken": null}"#] {
        assert_eq!(decode_list_operations(empty), Ok((vec![], None, vec![])), "{empty:?}");
    }
    assert!(decode_list_operations(r#"{"operations": [{"name": 1}]}"#).is_err());
    assert!(decode_list_operations("nope").is_err());
}

// ---------------------------------------------------------------------------------------------
// Property tests.

fn arb_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Json::Number),
        (-100_000i64..100_000).prop_map(|n| Json::Number(n as f64)),
        any::<String>().prop_map(Json::String),
        "[a-z@./ ]{0,12}".prop_map(Json::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
            prop::collection::vec((any::<String>(), inner.clone()), 0..8).prop_map(Json::Object),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()).prop_map(str::to_owned), inner), 0..8)
                .prop_map(Json::Object),
        ]
    })
}

/// Member names the decoders look at, so generated objects hit their branches.
const KEYS: [&str; 16] = [
    "@type",
    "error",
    "code",
    "message",
    "status",
    "details",
    "name",
    "done",
    "metadata",
    "response",
    "reason",
    "retryDelay",
    "links",
    "violations",
    "fieldViolations",
    "error_description",
];

const TYPES: [&str; 11] = [
    "ErrorInfo",
    "RetryInfo",
    "DebugInfo",
    "QuotaFailure",
    "PreconditionFailure",
    "BadRequest",
    "RequestInfo",
    "ResourceInfo",
    "Help",
    "LocalizedMessage",
    "Nope",
];

/// Strings made of JSON-ish tokens, to reach deep into the parser.
fn jsonish() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "d83d",
        "\\ude00",
        "\"error\"",
        "\"status\"",
        "\"NOT_FOUND\"",
        "\"message\"",
        "\"details\"",
        "\"@type\"",
        "\"type.googleapis.com/google.rpc.RetryInfo\"",
        "\"retryDelay\"",
        "\"1.5s\"",
        "null",
        "true",
        "false",
        "0",
        "-",
        "1",
        "e",
        ".",
        "9e999",
        " ",
        "\n",
        "<",
        ">",
        "<title>",
        "&amp;",
        "\u{FEFF}",
        "é",
        "\u{0}",
    ]);
    prop::collection::vec(token, 0..64).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn nothing_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), http in any::<u16>()) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text);
        let _ = decode_http_error(http, &text);
        let _ = decode_operation(&text);
        let _ = decode_list_operations(&text);
        let _ = parse_duration_ms(&text);
    }

    #[test]
    fn nothing_panics_on_strings(text in any::<String>(), http in any::<u16>()) {
        let _ = parse(&text);
        let s = decode_http_error(http, &text);
        prop_assert!(s.message.chars().count() <= MAX_MESSAGE_CHARS + 1);
        let _ = decode_operation(&text);
        let _ = parse_duration_ms(&text);
    }

    #[test]
    fn nothing_panics_on_jsonish(text in jsonish(), http in 100u16..600) {
        if let Ok(v) = parse(&text) {
            prop_assert_eq!(parse(&to_string(&v)), Ok(v));
        }
        let s = decode_http_error(http, &text);
        prop_assert!(!s.message.is_empty());
        let _ = decode_operation(&text);
        let _ = decode_list_operations(&text);
    }

    #[test]
    fn durations_never_panic(s in "-?[0-9]{0,25}(\\.[0-9]{0,12})?s?") {
        if let Some(ms) = parse_duration_ms(&s) {
            prop_assert!(!s.starts_with('-'));
            prop_assert!(s.ends_with('s'));
            let _ = ms;
        }
    }

    #[test]
    fn json_round_trips(v in arb_json()) {
        let mut text = String::new();
        write_json(&v, &mut text);
        prop_assert_eq!(parse(&text), Ok(v.clone()));
        prop_assert_eq!(to_json(&v), Ok(v));
    }

    #[test]
    fn generated_values_decode_without_panic(v in arb_json(), http in any::<u16>(), ty in prop::sample::select(TYPES.to_vec())) {
        let text = to_string(&v);
        let s = decode_http_error(http, &text);
        prop_assert!(!s.message.is_empty());
        let wrapped = format!("{{\"error\": {text}}}");
        let _ = decode_http_error(http, &wrapped);
        let _ = operation_from_json(&v);
        let _ = decode_operation(&wrapped);
        let _ = Status::from_rpc_json(&v);
        if let Ok(op) = operation_from_json(&v) {
            prop_assert!(to_json(&op).is_ok());
        }
        // Nothing a detail carries is lost.
        let mut members = v.as_object().map(<[_]>::to_vec).unwrap_or_default();
        members.retain(|(k, _)| k != "@type" && k != "retryDelayMs");
        members.insert(0, ("@type".to_owned(), Json::String(format!("type.googleapis.com/google.rpc.{ty}"))));
        let raw = Json::Object(members);
        let d = decode_detail(&raw);
        prop_assert_eq!(d.raw(), &raw);
        let shown = to_json(&d).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let Json::Object(shown_members) = &shown else { return Err(TestCaseError::fail("not an object")) };
        let Json::Object(raw_members) = &raw else { return Err(TestCaseError::fail("not an object")) };
        let extra = usize::from(matches!(&d, Detail::RetryInfo(r) if r.retry_delay_ms.is_some()));
        prop_assert_eq!(shown_members.len(), raw_members.len() + extra);
        prop_assert_eq!(shown_members.get(..raw_members.len()), Some(raw_members.as_slice()));
    }
}

#[test]
fn json_error_display() {
    let e = json::parse("[1,").err().unwrap_or_else(|| panic!());
    assert_eq!(e.to_string(), "unexpected end of input, expected a value at byte 3");
}
