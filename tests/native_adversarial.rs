//! The adversarial table: inputs people paste from logs and consoles, and inputs an attacker
//! would try. Each one either becomes a correct URL on the intended host or an
//! INVALID_ARGUMENT refusal, never a panic, a hang, or a URL on another host.
#![cfg(not(target_arch = "wasm32"))]

use lro_cancel::catalogue::{self, Service};
use lro_cancel::code::Code;
use lro_cancel::endpoint::parse_endpoint;
use lro_cancel::template::{parse_http_rule, percent_decode, PathTemplate};

/// Either a URL on `origin` whose path decodes back to `name`, or code 3. Returns whether accepted.
fn outcome(service: &Service, name: &str) -> bool {
    let origin = service.origin().expect("catalogue hosts are valid");
    match service.cancel_url(&origin, name) {
        Ok(url) => {
            let prefix = format!("{}/{}/", origin.as_str(), service.version);
            let rest = url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{url} left {prefix}"));
            let escaped = rest.strip_suffix(":cancel").expect(":cancel");
            let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-_.~/%".contains(&b);
            assert!(escaped.bytes().all(unreserved), "only unreserved bytes and escapes in {url}");
            assert!(!escaped.split('/').any(|s| s.is_empty() || s == "." || s == ".."), "{url}");
            assert_eq!(percent_decode(escaped).as_deref(), Some(name), "{url}");
            let parsed = url::Url::parse(&url).expect("a URL parser accepts it");
            assert_eq!(parsed.as_str(), url, "the URL parser keeps it byte for byte");
            assert_eq!(parsed.host_str(), Some(service.host.as_str()));
            true
        }
        Err(e) => {
            assert_eq!(e.code, Code::InvalidArgument, "{name:?}: {}", e.message);
            assert!(!e.message.is_empty());
            assert!(e.message.len() < 2_000, "message of {} bytes for a long input", e.message.len());
            false
        }
    }
}

fn gkehub() -> &'static Service {
    catalogue::find("gkehub").expect("seed")
}
fn vault() -> &'static Service {
    catalogue::find("vault").expect("seed")
}

#[test]
fn dot_segments_in_every_position_are_refused() {
    let parts = ["projects", "p", "locations", "l", "operations", "o"];
    for i in 0..parts.len() {
        for dot in [".", ".."] {
            let mut p = parts.to_vec();
            p[i] = dot;
            assert!(!outcome(gkehub(), &p.join("/")), "{:?}", p);
            let mut v = vec!["operations", "a", "b", "c"];
            if i < v.len() {
                v[i] = dot;
                assert!(!outcome(vault(), &v.join("/")), "{:?}", v);
            }
        }
    }
}

#[test]
fn percent_encoded_dots_and_slashes_stay_data() {
    // %2E%2E must not become a dot segment, %2F must not become a separator: '%' is escaped.
    for name in [
        "projects/p/locations/l/operations/%2E%2E",
        "projects/p/locations/l/operations/a%2Fb",
        "projects/%2e%2e/locations/l/operations/o",
        "projects/p/locations/l/operations/%252F",
    ] {
        assert!(outcome(gkehub(), name), "{name}");
        let url = gkehub().cancel_url(&gkehub().origin().unwrap(), name).unwrap();
        assert!(url.contains("%25"), "{url}");
    }
    assert!(outcome(vault(), "operations/%2E%2E/x"));
}

#[test]
fn control_characters_bidi_and_unicode_are_escaped_or_refused() {
    let odd = [
        "\u{0}", "\n", "\r\n", "\t", "\u{7f}", "\u{202e}", "\u{2066}", "\u{feff}", "\u{fffd}", "é", "😀", "a b", "?",
        "#", "\\", "%", "@", ":", ";", "&", "=", "+", "'", "\"", "<", ">",
    ];
    for s in odd {
        let name = format!("projects/p/locations/l/operations/x{s}y");
        // Accepted or refused, the outcome check holds; what matters is no panic and the host.
        outcome(gkehub(), &name);
        let vname = format!("operations/{s}/z");
        outcome(vault(), &vname);
    }
}

#[test]
fn a_one_megabyte_name_is_refused_quickly_with_a_short_message() {
    let big = format!("projects/p/locations/l/operations/{}", "a".repeat(1 << 20));
    let t = std::time::Instant::now();
    assert!(!outcome(gkehub(), &big));
    assert!(!outcome(vault(), &format!("operations/{}", "a/".repeat(1 << 19))));
    // Not a timing assertion: a generous bound that only a hang or a quadratic loop would break.
    assert!(t.elapsed().as_secs() < 10);
}

#[test]
fn names_for_the_wrong_service_are_refused() {
    assert!(!outcome(vault(), "projects/p/locations/l/operations/o"));
    assert!(!outcome(gkehub(), "operations/abc"));
    let bc = catalogue::find("beyondcorp").unwrap();
    assert!(outcome(bc, "organizations/1/locations/global/operations/o"));
    assert!(outcome(bc, "projects/p/locations/global/operations/o"));
    assert!(!outcome(bc, "folders/f/locations/global/operations/o"));
    for name in [
        "",
        "/",
        "//",
        "projects/p/locations/l/operations/o/",
        "/projects/p/locations/l/operations/o",
        "projects//locations/l/operations/o",
    ] {
        assert!(!outcome(gkehub(), name), "{name:?}");
    }
}

#[test]
fn broken_templates_and_rules_are_refused() {
    for t in [
        "",
        "/",
        "v1/{name}",
        "/v1/{name",
        "/v1/name}",
        "/v1/{{name}}",
        "/v1/{name=projects/*}}",
        "/v1/{name=projects/{x}}",
        "/v1/**/x",
        "/v1/{name=**/x}",
        "/v1/{}",
        "/v1/{=a}",
        "/v1/{name=}",
        "/v1/{name}:",
        "/v1/a:b:c",
        "/v1//x",
    ] {
        let e = PathTemplate::parse(t).expect_err(t);
        assert_eq!(e.code, Code::InvalidArgument);
    }
    for r in [
        "",
        "POST",
        "POST https://",
        "GET https://x.googleapis.com/v1/{name=operations/**}",
        "POST ftp://x/v1/{name=a/*}:cancel",
        "POST https://x.googleapis.com/v1/{name=projects/*:cancel",
        "FETCH /v1/{name=a/*}",
    ] {
        let _ = parse_http_rule(r);
        assert!(catalogue::from_rule(r).is_err(), "{r}");
    }
}

#[test]
fn endpoints_never_point_elsewhere_than_they_say() {
    let refused = [
        "https://evil.example\\@googleapis.com",
        "https://user:pw@googleapis.com",
        "https://googleapis.com@evil.example",
        "http://evil.example",
        "http://googleapis.com",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example",
        "http://2130706433",
        "http://0x7f.0.0.1",
        "data:text/html,hi",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "//googleapis.com",
        "googleapis.com",
        "https://googleapis.com/path",
        "https://googleapis.com?x",
        "https://googleapis.com#x",
        "https://goo gle.com",
        "https://googleapis.com:99999",
        "https://[::1",
        "https://[::g]",
        "https://exa%6dple.com",
        "https://\u{0}x.com",
        "",
        " https://googleapis.com",
    ];
    for e in refused {
        let err = parse_endpoint(e).expect_err(e);
        assert_eq!(err.code, Code::InvalidArgument, "{e}");
    }
    let accepted = [
        ("https://googleapis.com.evil.example", "https://googleapis.com.evil.example"),
        ("https://US-Central1-aiplatform.googleapis.com/", "https://us-central1-aiplatform.googleapis.com"),
        ("http://127.0.0.1:18787", "http://127.0.0.1:18787"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("http://[::1]:9000", "http://[::1]:9000"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
        ("https://x.googleapis.com:443", "https://x.googleapis.com"),
    ];
    for (e, want) in accepted {
        assert_eq!(parse_endpoint(e).unwrap_or_else(|s| panic!("{e}: {}", s.message)).as_str(), want);
    }
}
