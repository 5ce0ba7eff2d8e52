//! The generated catalogue (data/catalogue.tsv, every Google API version with an Operations
//! mixin) through the library: every cancel template of every id builds the right URL, names
//! as people paste them resolve to the right service, and the list URL the library derives
//! agrees with each API's own ListOperations rule (data/catalogue-list.tsv).
#![cfg(not(target_arch = "wasm32"))]

use std::borrow::Cow;

use lro_cancel::catalogue::{self, Service};
use lro_cancel::code::Code;
use lro_cancel::resolve::resolve;
use lro_cancel::template::PathTemplate;

const CATALOGUE: &str = include_str!("../data/catalogue.tsv");
const LISTS: &str = include_str!("../data/catalogue-list.tsv");

fn registered() -> usize {
    catalogue::register(CATALOGUE).expect("the generated catalogue registers")
}

/// A name for a template: `*` → `s1`, `s2`, …, `**` → `x/y`; `odd` puts a space and a `é` in the
/// last segment, which must be escaped.
fn sample(template: &str, odd: bool) -> String {
    let segs: Vec<String> = template
        .split('/')
        .enumerate()
        .map(|(i, s)| match s {
            "*" => format!("s{i}"),
            "**" => "x/y".to_owned(),
            lit => lit.to_owned(),
        })
        .collect();
    let mut name = segs.join("/");
    if odd {
        name.push_str(" é");
    }
    name
}

fn rows() -> Vec<Vec<&'static str>> {
    CATALOGUE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect()
}

#[test]
fn every_generated_row_registers_with_its_api_version_id() {
    let rows = rows();
    assert!(rows.len() >= 175, "{} rows", rows.len());
    let total = registered();
    assert!(total >= rows.len(), "{total} services known");
    for r in &rows {
        let s = catalogue::find(r[0]).unwrap_or_else(|e| panic!("{}: {}", r[0], e.message));
        assert_eq!(s.host, r[1]);
        assert_eq!(s.version, r[2]);
        assert!(s.id.contains('.'), "{}", s.id);
    }
    // The five seeds keep their ids and versions.
    for (id, version) in
        [("gkehub", "v1beta"), ("vault", "v1"), ("clouddeploy", "v1"), ("beyondcorp", "v1"), ("cloudaicompanion", "v1")]
    {
        assert_eq!(catalogue::find(id).unwrap().version, version);
    }
    assert!(catalogue::search("deploy").iter().any(|s| s.id == "clouddeploy.v1"));
    assert!(catalogue::search("GKE HUB").iter().any(|s| s.id == "gkehub"));
}

#[test]
fn every_cancel_template_of_every_id_builds_its_url() {
    registered();
    let mut checked = 0;
    for r in rows() {
        let s = catalogue::find(r[0]).unwrap();
        let origin = s.origin().unwrap();
        for t in r[3].split(',') {
            // The plain name, one needing escaping, and one refused.
            let name = sample(t, false);
            let url = s.cancel_url(&origin, &name).unwrap_or_else(|e| panic!("{} {t}: {}", s.id, e.message));
            assert_eq!(url, format!("https://{}/{}/{name}:cancel", s.host, s.version));
            let odd = sample(t, true);
            let url = s.cancel_url(&origin, &odd).unwrap();
            assert!(url.ends_with("%20%C3%A9:cancel"), "{url}");
            let refused = format!("{name}/..");
            assert_eq!(s.cancel_url(&origin, &refused).unwrap_err().code, Code::InvalidArgument, "{} {refused}", s.id);
            checked += 1;
        }
    }
    assert!(checked >= 450, "{checked} templates");
}

#[test]
fn the_derived_list_url_is_each_apis_own_list_rule() {
    registered();
    let mut checked = 0;
    for line in LISTS.lines().filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (id, lists) = (cols[0], cols[2]);
        if lists == "-" {
            continue;
        }
        let s = catalogue::find(id).unwrap();
        let origin = s.origin().unwrap();
        for rule in lists.split(',') {
            // `{name=P}/operations`, `{name=P/operations}` or `{name=operations}`.
            let inner = rule.trim_start_matches("{name=").split('}').next().unwrap();
            let parent_pattern =
                inner.strip_suffix("/operations").or((inner == "operations").then_some("")).unwrap_or(inner);
            let parent = if parent_pattern.is_empty() { String::new() } else { sample(parent_pattern, false) };
            let value = if inner == parent_pattern {
                parent.clone()
            } else if parent.is_empty() {
                "operations".into()
            } else {
                format!("{parent}/operations")
            };
            let own = PathTemplate::parse(&format!("/{}/{rule}", s.version))
                .unwrap()
                .expand(&|_| Some(value.clone()))
                .unwrap();
            // Only list rules whose collection the cancel templates also name can be derived.
            let has_cancel = s.templates.iter().any(|t| {
                let t = t.as_str();
                t.strip_suffix("/operations/*").or(t.strip_suffix("/operations/**")) == Some(parent_pattern)
                    || (parent_pattern.is_empty() && t.starts_with("operations/"))
            });
            if !has_cancel {
                continue;
            }
            let derived = s.list_url(&origin, &parent, "").unwrap_or_else(|e| panic!("{id} {rule}: {}", e.message));
            assert_eq!(derived, format!("{}{own}", origin.as_str()), "{id} {rule}");
            checked += 1;
        }
    }
    assert!(checked >= 300, "{checked} list rules");
}

#[test]
fn pasted_names_resolve_to_the_right_service() {
    registered();
    let n = "projects/p/locations/us-central1/operations/o";
    let cases: Vec<(String, &str, String)> = vec![
        (format!("//gkehub.googleapis.com/{n}"), "gkehub", n.into()),
        (format!("https://gkehub.googleapis.com/v1/{n}"), "gkehub.v1", n.into()),
        (format!("https://gkehub.googleapis.com/v1alpha/{n}:cancel"), "gkehub.v1alpha", n.into()),
        ("//vault.googleapis.com/operations/a/b".into(), "vault", "operations/a/b".into()),
        (format!("//clouddeploy.googleapis.com/{n}"), "clouddeploy", n.into()),
        (
            "//beyondcorp.googleapis.com/organizations/1/locations/global/operations/o".into(),
            "beyondcorp",
            "organizations/1/locations/global/operations/o".into(),
        ),
        (format!("//cloudaicompanion.googleapis.com/{n}"), "cloudaicompanion", n.into()),
        (format!("//aiplatform.googleapis.com/{n}"), "aiplatform.v1", n.into()),
        (format!("https://aiplatform.googleapis.com/v1beta1/{n}"), "aiplatform.v1beta1", n.into()),
        (
            "//dataproc.googleapis.com/projects/p/regions/r/operations/o".to_string(),
            "dataproc.v1",
            "projects/p/regions/r/operations/o".into(),
        ),
        (format!("//container.googleapis.com/{n}"), "container.v1", n.into()),
        (
            "//firestore.googleapis.com/projects/p/databases/d/operations/o".to_string(),
            "firestore.v1",
            "projects/p/databases/d/operations/o".into(),
        ),
        (
            "//spanner.googleapis.com/projects/p/instances/i/operations/o".to_string(),
            "spanner.v1",
            "projects/p/instances/i/operations/o".into(),
        ),
        ("//cloudbuild.googleapis.com/operations/x".to_string(), "cloudbuild.v1", "operations/x".into()),
        (format!("//alloydb.googleapis.com/{n}"), "alloydb.v1", n.into()),
        (format!("//file.googleapis.com/{n}"), "file.v1", n.into()),
        (format!("//redis.googleapis.com/{n}"), "redis.v1", n.into()),
        (format!("https://artifactregistry.googleapis.com/v1/{n}:cancel"), "artifactregistry.v1", n.into()),
        (format!("//logging.googleapis.com/{n}"), "logging.v2", n.into()),
    ];
    for (input, id, name) in cases {
        let (s, got) = resolve(None, &input).unwrap_or_else(|e| panic!("{input}: {}", e.message));
        assert_eq!((s.id.as_str(), got.as_str()), (id, name.as_str()), "{input}");
        let url = s.cancel_url(&s.origin().unwrap(), &got).unwrap();
        assert_eq!(url, format!("https://{}/{}/{name}:cancel", s.host, s.version));
    }
    for bad in [
        "//nowhere.example.com/x",
        "https://aiplatform.googleapis.com/v9/projects/p",
        "//gkehub.googleapis.com/folders/f/operations/o",
    ] {
        let e = resolve(None, bad).unwrap_err();
        assert_eq!(e.code, Code::InvalidArgument);
        assert!(e.message.contains("no known service") || e.message.contains("candidates:"), "{bad}: {}", e.message);
    }
    let gk: Cow<'static, Service> = Cow::Borrowed(catalogue::find("vault").unwrap());
    assert!(resolve(Some(gk), &format!("//gkehub.googleapis.com/{n}")).is_err());
}

/// With more ids than it lists, an unknown id's message lists those sharing the longest prefix
/// (ignoring ASCII case) with the id first, each length in catalogue order (a stable sort), 24 of
/// them, then how many more there are.
#[test]
fn an_unknown_id_lists_the_closest_ids_first() {
    registered();
    let all = catalogue::all();
    assert!(all.len() > 24);
    for id in ["nope", "gke", "GKEHUB.V", "aiplatform.v1beta", "cloud", "c", "", "é", "vault.v1.x", "zzzz"] {
        let common = |s: &str| s.bytes().zip(id.bytes()).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count();
        let mut ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
        ids.sort_by_key(|s| std::cmp::Reverse(common(s)));
        let want =
            format!("unknown service \"{id}\"; expected one of {}, and {} more", ids[..24].join(", "), all.len() - 24);
        assert_eq!(catalogue::find(id).unwrap_err().message, want);
    }
}
