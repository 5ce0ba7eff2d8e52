//! Names → URLs, checked against an independent URL parser (the `url` crate, WHATWG URL).
//! Native only: `proptest` and `url` are native dev-dependencies.
#![cfg(not(target_arch = "wasm32"))]

use lro_cancel::catalogue::{self, Service};
use lro_cancel::endpoint::{parse_endpoint, Origin};
use lro_cancel::template::{parse_http_rule, percent_decode, NamePattern, PathTemplate};
use lro_cancel::Code;
use proptest::prelude::*;

// ------------------------------------------------------------------------------------------
// Tables
// ------------------------------------------------------------------------------------------

#[test]
fn seed_services_build_exact_urls() {
    let table = [
        (
            "gkehub",
            "projects/p/locations/us-central1/operations/operation-123",
            "https://gkehub.googleapis.com/v1beta/projects/p/locations/us-central1/operations/operation-123:cancel",
        ),
        ("vault", "operations/abc/def", "https://vault.googleapis.com/v1/operations/abc/def:cancel"),
        ("vault", "operations/a b/c%d", "https://vault.googleapis.com/v1/operations/a%20b/c%25d:cancel"),
        (
            "clouddeploy",
            "projects/my proj/locations/l/operations/o",
            "https://clouddeploy.googleapis.com/v1/projects/my%20proj/locations/l/operations/o:cancel",
        ),
        (
            "beyondcorp",
            "organizations/123/locations/global/operations/op",
            "https://beyondcorp.googleapis.com/v1/organizations/123/locations/global/operations/op:cancel",
        ),
        (
            "beyondcorp",
            "projects/p/locations/global/operations/op",
            "https://beyondcorp.googleapis.com/v1/projects/p/locations/global/operations/op:cancel",
        ),
        (
            "cloudaicompanion",
            "projects/p/locations/us/operations/op:1?#",
            "https://cloudaicompanion.googleapis.com/v1/projects/p/locations/us/operations/op%3A1%3F%23:cancel",
        ),
    ];
    for (id, name, url) in table {
        let s = catalogue::find(id).unwrap();
        let origin = s.origin().unwrap();
        assert_eq!(s.cancel_url(&origin, name).unwrap(), url, "{id} {name}");
        assert_eq!(s.get_url(&origin, name).unwrap(), url.strip_suffix(":cancel").unwrap());
    }
}

#[test]
fn catalogue_holds_every_row_of_the_tsv() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/services.tsv")).unwrap();
    let rows = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("id\t")).count();
    assert_eq!(catalogue::services().len(), rows);
    for s in catalogue::services() {
        assert!(!s.templates.is_empty(), "{}", s.id);
        assert!(s.origin().is_ok(), "{}", s.id);
        assert!(s.scopes.iter().all(|sc| sc.starts_with("https://")), "{}", s.id);
    }
}

#[test]
fn refusals_name_the_difference() {
    let gke = catalogue::find("gkehub").unwrap();
    let table = [
        ("projects/p/regions/r/operations/o",
         "name \"projects/p/regions/r/operations/o\" does not match projects/*/locations/*/operations/* (segment 3 is \"regions\", expected \"locations\")"),
        ("projects/p/locations/l",
         "name \"projects/p/locations/l\" does not match projects/*/locations/*/operations/* (has 4 segments, expected 6)"),
        ("projects/p//l/operations/o",
         "name \"projects/p//l/operations/o\" does not match projects/*/locations/*/operations/* (segment 3 is empty)"),
        ("projects/p/locations/../operations/o",
         "name \"projects/p/locations/../operations/o\" does not match projects/*/locations/*/operations/* (segment 4 is \"..\", which a browser would resolve away)"),
        ("/projects/p/locations/l/operations/o",
         "name \"/projects/p/locations/l/operations/o\" does not match projects/*/locations/*/operations/* (starts with \"/\")"),
        ("", "name is empty; expected projects/*/locations/*/operations/*"),
    ];
    for (name, msg) in table {
        let e = gke.cancel_url(&gke.origin().unwrap(), name).unwrap_err();
        assert_eq!(e.code, Code::InvalidArgument);
        assert_eq!(e.message, msg);
    }
    let e = catalogue::find("nope").unwrap_err();
    assert!(e.message.starts_with("unknown service \"nope\"; expected one of gkehub, vault"));
}

// ------------------------------------------------------------------------------------------
// Properties
// ------------------------------------------------------------------------------------------

/// Characters that stress escaping: URL delimiters, `%`, dots, backslash, controls, non-ASCII.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            '%', ' ', '.', ':', '?', '#', '\\', '@', '~', '-', '_', '+', '&', '=', ';', ',', '[', ']',
            '"', '\'', '<', '>', '`', '{', '}', '|', '^', 'a', 'Z', '0', '\u{0}', '\t', '\u{7f}', 'é',
            '\u{202e}', '😀', '*',
        ]),
        1 => any::<char>(),
    ]
    .prop_filter("no slash", |c| *c != '/')
}

/// One name segment: non-empty, not `.` or `..`.
fn segment() -> impl Strategy<Value = String> {
    proptest::collection::vec(any_char(), 1..10)
        .prop_map(|cs| cs.into_iter().collect::<String>())
        .prop_filter("dot segment", |s| s != "." && s != "..")
}

/// A service and a name matching one of its templates, built segment by segment.
fn service_and_name() -> impl Strategy<Value = (&'static Service, String)> {
    let services = catalogue::services();
    (0..services.len(), 0..4usize, proptest::collection::vec(segment(), 8)).prop_map(move |(i, t, segs)| {
        let s = &services[i];
        let pattern = &s.templates[t % s.templates.len()];
        let mut parts: Vec<String> = Vec::new();
        let mut it = segs.into_iter();
        for p in pattern.as_str().split('/') {
            match p {
                "*" => parts.push(it.next().unwrap()),
                "**" => parts.extend(it.by_ref().take(1 + t)),
                lit => parts.push(lit.to_owned()),
            }
        }
        (s, parts.join("/"))
    })
}

/// The properties every accepted name must have: the URL is what a browser's URL parser
/// produces byte for byte, on the same host, with version + name segments, and decodes back.
fn check_url(service: &Service, origin: &Origin, name: &str) -> Result<(), TestCaseError> {
    let pattern = service.check_name(name).map_err(|e| TestCaseError::fail(e.message))?;
    for cancel in [true, false] {
        let built = if cancel { service.cancel_url(origin, name) } else { service.get_url(origin, name) };
        let built: String = built.map_err(|e| TestCaseError::fail(e.message))?;
        let parsed = url::Url::parse(&built).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.as_str(), built.as_str());
        let host = origin.host().rsplit_once(':').filter(|(_, p)| !p.contains(']')).map_or(origin.host(), |(h, _)| h);
        prop_assert_eq!(parsed.host_str(), Some(host));
        let version_segs = service.version.split('/').count();
        let name_segs = name.split('/').count();
        prop_assert_eq!(parsed.path_segments().map(|s| s.count()), Some(version_segs + name_segs));
        let path = parsed.path();
        let after_version = path
            .strip_prefix('/')
            .and_then(|p| p.strip_prefix(service.version.as_str()))
            .and_then(|p| p.strip_prefix('/'))
            .unwrap();
        let encoded = if cancel { after_version.strip_suffix(":cancel").unwrap() } else { after_version };
        let decoded = percent_decode(encoded);
        prop_assert_eq!(decoded.as_deref(), Some(name));
        let verb = if cancel { ":cancel" } else { "" };
        let template = PathTemplate::parse(&format!("/{}/{{name={}}}{verb}", service.version, pattern)).unwrap();
        prop_assert_eq!(template.match_path(path), Some(vec![("name".to_owned(), name.to_owned())]));
    }
    Ok(())
}

/// Arbitrary text with the grammar's punctuation over-represented.
fn fuzz_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z0-9*{}/.=:\\\\ \u{0}é%@?#\\[\\]_~-]{0,40}",
        "(https?://|HTTP://|POST |post: '|/v1/|\\{name=|\\*\\*|/)[a-z0-9*{}/.=:\\\\ \u{0}é%@?#\\[\\]'-]{0,30}",
    ]
}

proptest! {
    #[test]
    fn accepted_names_expand_to_canonical_urls((service, name) in service_and_name()) {
        check_url(service, &service.origin().unwrap(), &name)?;
    }

    #[test]
    fn accepted_names_work_with_a_local_endpoint((service, name) in service_and_name(), port in 1u16..) {
        let origin = parse_endpoint(&format!("http://127.0.0.1:{port}")).unwrap();
        check_url(service, &origin, &name)?;
    }

    #[test]
    fn any_accepted_vault_name_round_trips(tail in fuzz_text()) {
        let vault = catalogue::find("vault").unwrap();
        let name = format!("operations/{tail}");
        if vault.check_name(&name).is_ok() {
            check_url(vault, &vault.origin().unwrap(), &name)?;
        }
    }

    #[test]
    fn nothing_panics(s in fuzz_text()) {
        let _ = NamePattern::parse(&s);
        let _ = PathTemplate::parse(&s);
        let _ = parse_http_rule(&s);
        let _ = parse_endpoint(&s);
        let _ = Origin::for_host(&s);
        let _ = catalogue::from_rule(&s);
        let _ = catalogue::custom(&s, &s, &[&s]);
        let _ = catalogue::find(&s);
        for service in catalogue::services() {
            if service.check_name(&s).is_ok() {
                check_url(service, &service.origin().unwrap(), &s)?;
            }
        }
        if let Ok(t) = PathTemplate::parse(&s) {
            let _ = t.expand(&|_| Some(s.clone()));
            let _ = t.match_path(&s);
        }
        if let Ok(p) = NamePattern::parse(&s) {
            let _ = p.check(&s);
            prop_assert_eq!(p.as_str(), s.as_str());
        }
        let _ = percent_decode(&s);
    }

    #[test]
    fn every_error_is_invalid_argument_and_bounded(s in fuzz_text()) {
        let errors = [
            NamePattern::parse(&s).err(),
            PathTemplate::parse(&s).err(),
            parse_http_rule(&s).err(),
            parse_endpoint(&s).err(),
            catalogue::find("gkehub").unwrap().check_name(&s).err(),
        ];
        for e in errors.into_iter().flatten() {
            prop_assert_eq!(e.code, Code::InvalidArgument);
            prop_assert!(e.message.len() < 2000, "{}", e.message.len());
            prop_assert!(!e.message.chars().any(char::is_control), "{:?}", e.message);
        }
    }

    #[test]
    fn accepted_endpoints_agree_with_the_url_crate(
        scheme in proptest::sample::select(vec!["https", "HTTPS", "http"]),
        host in "[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?(\\.[a-zA-Z]{1,6}){0,3}|localhost|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|\\[::1\\]",
        port in proptest::option::of(0u32..70000),
        slash in any::<bool>(),
    ) {
        let mut text = format!("{scheme}://{host}");
        if let Some(p) = port { text.push_str(&format!(":{p}")); }
        if slash { text.push('/'); }
        if let Ok(origin) = parse_endpoint(&text) {
            let parsed = url::Url::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parsed.origin().ascii_serialization(), origin.as_str());
        }
    }
}
