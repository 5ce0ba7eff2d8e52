//! Names as people paste them. Besides a plain operation name (`projects/p/locations/l/
//! operations/o`), a full resource name `//gkehub.googleapis.com/projects/p/...` (AIP-122) or an
//! operation URL `https://gkehub.googleapis.com/v1beta/projects/p/...` (optionally ending in
//! `:cancel`) names the service too: its host, and for a URL its version.
//!
//! With a bare host the service is the seed that serves it, else the highest GA version, else
//! the newest pre-release (`v1beta2` over `v1beta1` over `v1alpha`), among the versions whose
//! templates match the name. No match, or two equally good candidates, is `INVALID_ARGUMENT`
//! naming the candidates.

use crate::catalogue::{self, Service};
use crate::endpoint::Origin;
use crate::prelude::*;
use crate::status::{Error, Status};
use crate::template::percent_decode;
use crate::text::push_quoted;
use crate::text::split_once_byte;
use core::cmp::Ordering;

/// A name as pasted, split into what it says.
#[derive(Debug, PartialEq, Eq)]
pub enum Form<'a> {
    /// A plain name: the service must come from elsewhere.
    Plain(&'a str),
    /// `//host/name`.
    FullResource { host: String, name: String },
    /// `https://host/version/.../name[:cancel]`: the path after the host, decoded.
    Url { host: String, path: String },
}

/// Splits `input` into its form.
pub fn form(input: &str) -> Result<Form<'_>, Error> {
    let (rest, url) = match input.strip_prefix("//") {
        Some(r) => (r, false),
        None => match input.strip_prefix("https://").or_else(|| input.strip_prefix("http://")) {
            Some(r) => (r, true),
            None => return Ok(Form::Plain(input)),
        },
    };
    if url && rest.bytes().any(|b| matches!(b, b'?' | b'#' | b'@' | b'\\')) {
        return Err(refuse(
            input,
            "has a query, fragment, credentials or a backslash; expected https://host/version/name",
        ));
    }
    let (host, path) = split_once_byte(rest, b'/').unwrap_or((rest, ""));
    let host = crate::text::lower(host);
    if !url {
        return Ok(Form::FullResource { host, name: path.to_owned() });
    }
    let path = path.strip_suffix(":cancel").unwrap_or(path);
    let path = percent_decode(path).ok_or_else(|| refuse(input, "has a malformed percent escape"))?;
    Ok(Form::Url { host, path })
}

fn refuse(input: &str, why: &str) -> Error {
    crate::text::refusal("name", input, why)
}

/// The service and the plain name `input` designates. `given` is the caller's service, if any:
/// required for a plain name; for the other forms it must serve the host.
pub fn resolve<'s>(given: Option<Cow<'s, Service>>, input: &str) -> Result<(Cow<'s, Service>, String), Error> {
    // With a given service the answer is that service (or a refusal).
    match given {
        Some(s) => {
            let name = resolve_at(Some(&s), input)?.name;
            Ok((s, name))
        }
        None => resolve_at(None, input).map(|r| (Cow::Borrowed(r.service), r.name)),
    }
}

/// What a pasted name designates.
#[derive(Debug)]
pub struct Resolved<'s> {
    pub service: &'s Service,
    pub name: String,
    /// A regional endpoint's host when the name carried one, such as
    /// `us-central1-aiplatform.googleapis.com` for the service on `aiplatform.googleapis.com`:
    /// the call belongs there.
    pub regional_host: Option<String>,
}

/// For a host such as `us-central1-aiplatform.googleapis.com`, the known host it is a regional
/// endpoint of (`{region}-{host}`, the form Google's regional endpoints take).
fn global_host(host: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let (label, _) = split_once_byte(host, b'.')?;
    let mut after = 0usize;
    for b in label.bytes() {
        // No overflow: `after` is at most the length of `host`.
        after = after.wrapping_add(1);
        let rest = host.get(after..).unwrap_or("");
        if b == b'-' && known(rest) {
            return Some(rest.to_owned());
        }
    }
    None
}

/// As [`resolve`], and whether the name came with a regional host.
pub fn resolve_at<'s>(given: Option<&'s Service>, input: &str) -> Result<Resolved<'s>, Error> {
    resolve_form(given, input, form(input)?)
}

/// As [`resolve_at`], with `input` already split into its [`form`].
fn resolve_form<'s>(given: Option<&'s Service>, input: &str, form: Form) -> Result<Resolved<'s>, Error> {
    let (host, versioned, rest) = match form {
        Form::Plain(name) => {
            return match given {
                Some(s) => Ok(Resolved { service: s, name: name.to_owned(), regional_host: None }),
                None => Err(refuse(
                    input,
                    "needs a service: pass options.service, or paste a full resource name \
                     (//host/name) or an operation URL (https://host/version/name)",
                )),
            }
        }
        Form::FullResource { host, name } => (host, false, name),
        Form::Url { host, path } => (host, true, path),
    };
    // The candidates, by position: the given service, or every known one (in
    // `catalogue::all`'s order); those on the host count.
    let pool = |i: usize| match given {
        Some(s) => (i == 0).then_some(s),
        None => catalogue::at(i),
    };
    let served = |h: &str| {
        let mut i = 0usize;
        while let Some(s) = pool(i) {
            if s.host == h {
                return true;
            }
            // No overflow: `i` counts services in memory.
            i = i.wrapping_add(1);
        }
        false
    };
    let (host, regional_host) = match served(&host) {
        true => (host, None),
        false => match global_host(&host, served) {
            Some(global) => (global, Some(host)),
            None => (host, None),
        },
    };
    if let Some(s) = given {
        if s.host != host {
            let mut m = String::from("the host of ");
            push_quoted(&mut m, input);
            m.push_str(" is not ");
            m.push_str(&s.host);
            m.push_str(", the host of service ");
            push_quoted(&mut m, &s.id);
            return Err(Status::invalid_argument(m));
        }
    }
    // One pass over the candidates: the first best-ranked that reads a name its templates match
    // (with that name), and the next as good, if any.
    let mut any = false;
    let mut best: Option<(&'s Service, &str, Rank)> = None;
    let mut tie: Option<&Service> = None;
    let mut i = 0usize;
    while let Some(s) = pool(i) {
        // No overflow: `i` counts services in memory.
        i = i.wrapping_add(1);
        if s.host != host {
            continue;
        }
        any = true;
        let name = if versioned {
            match rest.strip_prefix(s.version.as_str()).and_then(|r| r.strip_prefix('/')) {
                Some(n) => n,
                None => continue,
            }
        } else {
            rest.as_str()
        };
        if s.match_name(name.as_bytes()).is_none() {
            continue;
        }
        let r = rank(s);
        match best.as_ref().map(|(.., b)| b.cmp(&r)) {
            Some(Ordering::Greater) => {}
            Some(Ordering::Equal) => tie = tie.or(Some(s)),
            _ => (best, tie) = (Some((s, name, r)), None),
        }
    }
    if !any {
        let mut m = String::from("no known service is served by ");
        push_quoted(&mut m, &host);
        m.push_str(" (from ");
        push_quoted(&mut m, input);
        m.push_str(
            "); expected a Google API host such as gkehub.googleapis.com, or pass options.service; \
                    registerCatalogue adds every Google API",
        );
        return Err(Status::invalid_argument(m));
    }
    if let (Some((service, name, _)), None) = (best, tie) {
        return Ok(Resolved { service, name: name.to_owned(), regional_host });
    }
    let mut m = String::from("name ");
    push_quoted(&mut m, input);
    if let (Some((a, ..)), Some(b)) = (best, tie) {
        m.push_str(" is ambiguous: both ");
        m.push_str(&a.id);
        m.push_str(" and ");
        m.push_str(&b.id);
        m.push_str(" serve it; pass options.service");
        return Err(Status::invalid_argument(m));
    }
    m.push_str(" matches no operation template of ");
    m.push_str(&host);
    m.push_str("; candidates: ");
    let mut sep = "";
    let mut i = 0usize;
    while let Some(s) = pool(i) {
        i = i.wrapping_add(1);
        if s.host != host {
            continue;
        }
        m.push_str(sep);
        sep = "; ";
        m.push_str(&s.id);
        m.push_str(" (");
        m.push_str(&s.version);
        m.push_str("): ");
        crate::template::push_list(&mut m, &s.templates);
    }
    Err(Status::invalid_argument(m))
}

/// [`rank`]'s key: seed, GA, major version, stage (beta 2, alpha 1), pre-release number.
type Rank = (bool, bool, u32, u8, u32);

/// Preference among services of one host: a seed, then GA over pre-release, then the highest
/// major version, then beta over alpha, then the highest pre-release number.
fn rank(s: &Service) -> Rank {
    // The seeds are `catalogue::services`' own entries (a registered row never has a seed's id,
    // and a given service is the only candidate, so how it ranks does not matter).
    let seed = catalogue::services().as_ptr_range().contains(&core::ptr::from_ref(s));
    let v = crate::text::after_last(&s.version, b'/');
    // The leading decimal number of `t` (0 when none or too big for a `u32`), and its length.
    let digits = |t: &str| -> (u32, usize) {
        let mut n = Some(0u32);
        let mut len = 0usize;
        while let Some(d) = t.as_bytes().get(len).map(|b| b.wrapping_sub(b'0')).filter(|d| *d < 10) {
            n = n.and_then(|n| n.checked_mul(10)?.checked_add(u32::from(d)));
            // No overflow: `len` is at most the length of `t`.
            len = len.wrapping_add(1);
        }
        (n.unwrap_or(0), len)
    };
    let Some(after_v) = v.strip_prefix('v') else { return (seed, false, 0, 0, 0) };
    let (major, n) = digits(after_v);
    let tail = after_v.get(n..).unwrap_or("");
    let (stage, num) = if tail.is_empty() {
        (3, 0)
    } else if let Some(t) = tail.strip_prefix("beta") {
        (2, digits(t).0)
    } else if let Some(t) = tail.strip_prefix("alpha") {
        (1, digits(t).0)
    } else {
        (0, 0)
    };
    (seed, tail.is_empty(), major, stage, num)
}

/// Where a call goes: the service, the plain operation name, and the origin.
pub struct Target<'s> {
    pub service: &'s Service,
    pub name: String,
    pub origin: Origin,
}

/// The service and plain name `raw` designates (see [`resolve_at`]; `form` is [`form`]`(raw)`),
/// and the origin: an explicit `endpoint` wins, else a regional host the name came with, else
/// the service's own. The name is not yet checked against the service's templates when it was
/// plain: [`Service::cancel_url`] and [`Service::get_url`] check it.
pub fn target<'s>(
    given: Option<&'s Service>,
    raw: &str,
    form: Form,
    endpoint: Option<Origin>,
) -> Result<Target<'s>, Error> {
    let Resolved { service, name, regional_host } = resolve_form(given, raw, form)?;
    let origin = match (endpoint, regional_host) {
        (Some(o), _) => o,
        (None, Some(h)) => Origin::for_host(&h)?,
        (None, None) => service.origin()?,
    };
    Ok(Target { service, name, origin })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(given: Option<&str>, input: &str) -> (String, String) {
        let g = given.map(|id| Cow::Borrowed(catalogue::find(id).unwrap()));
        let (s, n) = resolve(g, input).unwrap_or_else(|e| panic!("{input}: {}", e.message));
        (s.id.clone(), n)
    }

    #[test]
    fn forms() {
        assert_eq!(form("projects/p").unwrap(), Form::Plain("projects/p"));
        assert_eq!(
            form("//GKEHub.googleapis.com/projects/p").unwrap(),
            Form::FullResource { host: "gkehub.googleapis.com".into(), name: "projects/p".into() }
        );
        assert_eq!(
            form("https://vault.googleapis.com/v1/operations/a%20b:cancel").unwrap(),
            Form::Url { host: "vault.googleapis.com".into(), path: "v1/operations/a b".into() }
        );
        assert!(form("https://vault.googleapis.com/v1/operations/a?x=1").is_err());
        assert!(form("https://vault.googleapis.com/v1/operations/%zz").is_err());
    }

    #[test]
    fn seeds_resolve_from_full_names_and_urls() {
        let n = "projects/p/locations/l/operations/o";
        assert_eq!(ok(None, &format!("//gkehub.googleapis.com/{n}")), ("gkehub".into(), n.into()));
        assert_eq!(ok(None, &format!("https://gkehub.googleapis.com/v1beta/{n}:cancel")), ("gkehub".into(), n.into()));
        assert_eq!(ok(None, "//vault.googleapis.com/operations/x/y"), ("vault".into(), "operations/x/y".into()));
        assert_eq!(ok(None, &format!("https://clouddeploy.googleapis.com/v1/{n}")), ("clouddeploy".into(), n.into()));
        assert_eq!(
            ok(None, "//beyondcorp.googleapis.com/organizations/1/locations/global/operations/o").0,
            "beyondcorp"
        );
        assert_eq!(ok(None, &format!("//cloudaicompanion.googleapis.com/{n}")).0, "cloudaicompanion");
        assert_eq!(ok(Some("gkehub"), n), ("gkehub".into(), n.into()));
        assert_eq!(ok(Some("gkehub"), &format!("//gkehub.googleapis.com/{n}")).0, "gkehub");
    }

    #[test]
    fn regional_endpoints_keep_their_host() {
        let r =
            resolve_at(None, "https://us-central1-gkehub.googleapis.com/v1beta/projects/p/locations/l/operations/o")
                .unwrap();
        assert_eq!(r.service.id, "gkehub");
        assert_eq!(r.regional_host.as_deref(), Some("us-central1-gkehub.googleapis.com"));
        let r =
            resolve_at(None, "//europe-west4-clouddeploy.googleapis.com/projects/p/locations/l/operations/o").unwrap();
        assert_eq!(
            (r.service.id.as_str(), r.regional_host.as_deref()),
            ("clouddeploy", Some("europe-west4-clouddeploy.googleapis.com"))
        );
        assert!(resolve_at(None, "//us-central1-nothing.googleapis.com/x").is_err());
        assert_eq!(
            resolve_at(None, "//gkehub.googleapis.com/projects/p/locations/l/operations/o").unwrap().regional_host,
            None
        );
    }

    #[test]
    fn refusals_name_the_candidates() {
        let msg = |g: Option<&str>, i: &str| {
            resolve(g.map(|id| Cow::Borrowed(catalogue::find(id).unwrap())), i).unwrap_err().message
        };
        assert!(msg(None, "projects/p").contains("needs a service"));
        assert!(msg(None, "//nope.example.com/x").contains("no known service is served by \"nope.example.com\""));
        let m = msg(None, "https://gkehub.googleapis.com/v1beta/folders/f");
        assert!(m.contains("candidates: gkehub (v1beta): projects/*/locations/*/operations/*"), "{m}");
        assert!(
            msg(None, "https://gkehub.googleapis.com/v9/projects/p/locations/l/operations/o").contains("candidates")
        );
        assert!(msg(Some("vault"), "//gkehub.googleapis.com/operations/x").contains("is not vault.googleapis.com"));
    }

    #[test]
    fn version_preference() {
        let svc = |v: &str| catalogue::custom("x.googleapis.com", v, &["a/*"]).unwrap();
        let order = ["v1alpha", "v1alpha2", "v1beta", "v1beta1", "v2beta", "v1", "v2"];
        for w in order.windows(2) {
            assert!(rank(&svc(w[0])) < rank(&svc(w[1])), "{} < {}", w[0], w[1]);
        }
    }
}
