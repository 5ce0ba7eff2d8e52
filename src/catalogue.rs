//! The services whose long-running operations can be cancelled, as data.
//!
//! `data/services.tsv` is embedded at compile time and parsed once, lazily. Its columns,
//! tab-separated after a header line (`#` lines are comments):
//! `id  host  version  templates  scopes  permission  title`. `templates` are comma-separated
//! AIP-122 name patterns (`http.proto` `Segments`, see [`NamePattern`]); `scopes` are
//! comma-separated, short names meaning `https://www.googleapis.com/auth/<short>`; `permission`
//! and `title` may be `-` for none. A row that does not parse is skipped rather than panicking
//! (a native test asserts that every row parses).
//!
//! Every service cancels with `POST https://{host}/{version}/{name}:cancel`
//! (`google.longrunning.Operations.CancelOperation`, transcoded per `http.proto` / AIP-127) and
//! reads with `GET https://{host}/{version}/{name}`.

use crate::prelude::*;
use crate::single::Once;
use crate::text::{find_byte, split_byte, split_once_byte};

use crate::endpoint::{self, Origin};
use crate::status::{Error, Status};
#[cfg(doc)]
use crate::template::parse_http_rule;
use crate::template::{check_any, push_quoted, rule_parts, split_origin, NamePattern};

/// The seed table's data rows. Its leading comment and header lines document the file for its
/// readers; they are cut at compile time (into an array of their own, so that the file's text
/// is not linked) and do not ship in the module.
const TABLE: &str = match core::str::from_utf8(&ROWS) {
    Ok(s) => s,
    Err(_) => "",
};
const SEED: &[u8] = include_bytes!("../data/services.tsv");
const ROWS: [u8; SEED.len() - data_start(SEED)] = tail(SEED);

/// Where the first line of `b` that is neither a `#` comment nor the `id\t` header starts.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn data_start(b: &[u8]) -> usize {
    let mut i = 0;
    while i < b.len() && (b[i] == b'#' || (i + 2 < b.len() && b[i] == b'i' && b[i + 1] == b'd' && b[i + 2] == b'\t')) {
        while i < b.len() && b[i] != b'\n' {
            i += 1;
        }
        i += 1;
    }
    if i > b.len() {
        b.len()
    } else {
        i
    }
}

/// The last `N` bytes of `b` (evaluated at compile time only).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn tail<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = b[b.len() - N + i];
        i += 1;
    }
    out
}

/// The scope custom services get: every Google Cloud API accepts it.
const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";

/// How many ids an "unknown service" message lists at most.
const MAX_LISTED: usize = 24;

/// A service whose operations can be cancelled.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Short id such as `gkehub`; for custom services, the host.
    pub id: String,
    /// Human-readable name such as `GKE Hub API`.
    pub title: Option<String>,
    /// Lower-case `host[:port]`, e.g. `gkehub.googleapis.com`.
    pub host: String,
    /// The version path segment(s), e.g. `v1beta`.
    pub version: String,
    /// The operation-name patterns, in order of preference; never empty.
    pub templates: Vec<NamePattern>,
    /// OAuth scopes as full URLs.
    pub scopes: Vec<String>,
    /// The IAM permission a cancel needs, when the service documents one.
    pub permission: Option<String>,
    /// `https://{host}`, validated once when the service was made (see [`Service::origin`]).
    origin: Origin,
}

/// The built-in services, in the order of `data/services.tsv`.
pub fn services() -> &'static [Service] {
    static SERVICES: Once<Vec<Service>> = Once::new();
    SERVICES.get_or_init(|| parse_rows(TABLE, &[]))
}

/// Services added at run time by [`register`]: the generated catalogue of every Google API
/// version with an Operations mixin (`data/catalogue.tsv`, shipped as the package's separate
/// `lro-cancel/catalogue` entry so the core stays small).
static REGISTERED: Once<Vec<Service>> = Once::new();

/// The position of the catalogue entry `id` in [`all`]'s order (stable: registration only
/// appends), and the entry.
pub fn position(id: &str) -> Result<(usize, &'static Service), Error> {
    let mut i = 0usize;
    while let Some(s) = at(i) {
        if s.id == id {
            return Ok((i, s));
        }
        // No overflow: `i` counts services in memory.
        i = i.wrapping_add(1);
    }
    Err(unknown(id))
}

/// The entry at `position` in [`all`]'s order.
pub fn at(position: usize) -> Option<&'static Service> {
    let seeds = services();
    match seeds.get(position) {
        Some(s) => Some(s),
        None => REGISTERED.get()?.get(position.checked_sub(seeds.len())?),
    }
}

/// The built-in services, then the registered ones.
pub fn all() -> Vec<&'static Service> {
    let mut found = Vec::new();
    while let Some(s) = at(found.len()) {
        found.push(s);
    }
    found
}

/// Adds the services of `table` (the `data/services.tsv` format; ids such as `aiplatform.v1`)
/// and returns how many services are known afterwards. Rows whose id is already known keep
/// the existing entry. Registration happens once: later calls change nothing. A table without
/// a single valid row is `INVALID_ARGUMENT`.
pub fn register(table: &str) -> Result<usize, Error> {
    if REGISTERED.get().is_none() {
        let rows = parse_rows(table, services());
        if rows.is_empty() {
            return Err(Status::invalid_argument(
                "registerCatalogue expects the catalogue table (id, host, version, templates, scopes, permission, \
                 title; tab-separated), as lro-cancel/catalogue exports it; no row of the given text is one",
            ));
        }
        REGISTERED.get_or_init(|| rows);
    }
    // No overflow: both count services in memory.
    Ok(services().len().wrapping_add(REGISTERED.get().map_or(0, Vec::len)))
}

/// The services whose id, title or host contains `query`, ignoring ASCII case; all when empty.
pub fn search(query: &str) -> Vec<&'static Service> {
    let q = query.trim().as_bytes();
    // `windows` needs a non-empty window: an empty query is handled first.
    let hit = |s: &str| s.as_bytes().windows(q.len().max(1)).any(|w| w.eq_ignore_ascii_case(q));
    let mut found = Vec::new();
    let mut i = 0usize;
    while let Some(s) = at(i) {
        // An untitled service's "" never holds the (then non-empty) query.
        if q.is_empty() || hit(&s.id) || hit(&s.host) || hit(s.title.as_deref().unwrap_or("")) {
            found.push(s);
        }
        // No overflow: `i` counts services in memory.
        i = i.wrapping_add(1);
    }
    found
}

/// The built-in service with id `id` (exact, case-sensitive). Unknown ids are
/// `INVALID_ARGUMENT`: `unknown service "foo"; expected one of gkehub, vault, ...` (at most 24
/// ids, those sharing the longest prefix with `id` first).
pub fn find(id: &str) -> Result<&'static Service, Error> {
    position(id).map(|(_, s)| s)
}

/// The refusal of an unknown id (see [`find`]).
fn unknown(id: &str) -> Error {
    let mut count = 0usize;
    while at(count).is_some() {
        // No overflow: `count` counts services in memory (so do the other counters here).
        count = count.wrapping_add(1);
    }
    // How long a prefix `s` shares with `id`, ignoring ASCII case: the ids are listed longest
    // first when not all of them fit (all count as 0 when they do: the table's order).
    let common = |s: &str| match count > MAX_LISTED {
        true => s.bytes().zip(id.bytes()).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count(),
        false => 0,
    };
    let mut longest = 0;
    let mut i = 0;
    while let Some(s) = at(i) {
        longest = longest.max(common(&s.id));
        i = i.wrapping_add(1);
    }
    let mut m = String::from("unknown service ");
    push_quoted(&mut m, id);
    m.push_str("; expected one of ");
    // Each prefix length from the longest down, each in table order: a stable sort, one pass
    // per length (the lengths are those of the ids, a few dozen at most).
    let mut listed = 0usize;
    let mut len = longest.wrapping_add(1);
    while len > 0 && listed < MAX_LISTED {
        len = len.wrapping_sub(1);
        let mut i = 0;
        while let Some(s) = at(i) {
            i = i.wrapping_add(1);
            if listed < MAX_LISTED && common(&s.id) == len {
                m.push_str(if listed == 0 { "" } else { ", " });
                m.push_str(&s.id);
                listed = listed.wrapping_add(1);
            }
        }
    }
    let more = count.saturating_sub(MAX_LISTED);
    if more > 0 {
        m.push_str(", and ");
        crate::text::push_usize(&mut m, more);
        m.push_str(" more");
    }
    Status::invalid_argument(m)
}

/// A custom service from an HTTP rule such as
/// `POST https://example.googleapis.com/v1/{name=projects/*/locations/*/operations/*}:cancel`,
/// written in any form [`parse_http_rule`] reads (e.g. gax/service-YAML
/// `post: 'https://host/v1/{name=operations/**}:cancel'`). A cancel has one shape
/// (`google.longrunning.Operations.CancelOperation` transcoded per `http.proto` / AIP-127): the
/// method `POST`, an `https://` origin, then `/{version}/{name=PATTERN}:cancel` or
/// `/{version}/{name}:cancel` (`{name}` is `{name=*}`). That shape is read directly rather than
/// with the whole template grammar: `version` is checked as [`custom`] checks it (which refuses
/// the `{`, `}`, `*` and `:` of any other shape) and `PATTERN` with [`NamePattern::parse`], which
/// accepts exactly the rules `PathTemplate::parse` and the shape would. The id is the host; the
/// scope is `cloud-platform`.
pub fn from_rule(rule: &str) -> Result<Service, Error> {
    // The one message every refusal below shares: the rule, what is wrong with it (written to
    // `w`), and the shape expected.
    let mut w = String::new();
    'bad: {
        let (method, path) = match rule_parts(rule) {
            Ok(parts) => parts,
            Err(what) => {
                w.push_str(what);
                break 'bad;
            }
        };
        if !method.eq_ignore_ascii_case("POST") {
            w.push_str("uses ");
            w.push_str(method);
            w.push_str(", but a cancel is POST");
            break 'bad;
        }
        let (origin, path) = split_origin(path);
        if origin.is_empty() {
            w.push_str("has no origin");
            break 'bad;
        }
        let origin = endpoint::parse_endpoint(origin)?;
        if !origin.as_str().starts_with("https://") {
            w.push_str("has an http origin, but custom services must use https");
            break 'bad;
        }
        // `/{version}/{` + variable + `}:cancel`, the variable from the first `{` (a version
        // has none; one inside the pattern is refused by `NamePattern::parse`).
        let split = split_once_byte(path, b'{');
        let Some((head, var)) =
            split.and_then(|(head, var)| Some((head.strip_suffix('/')?, var.strip_suffix("}:cancel")?)))
        else {
            w.push_str("does not end with \"/{name=...}:cancel\"");
            break 'bad;
        };
        let version = head.get(1..).unwrap_or("");
        let (field, pattern) = split_once_byte(var, b'=').unwrap_or((var, "*"));
        if find_byte(field, b'}').is_some() {
            w.push_str("has more than one variable; only {name=...} is bound");
            break 'bad;
        }
        if field != "name" {
            w.push_str("binds ");
            push_quoted(&mut w, field);
            w.push_str(" instead of \"name\"");
            break 'bad;
        }
        return custom(origin.host(), version, &[pattern]);
    }
    w.push_str("; expected \"POST https://host/v1/{name=projects/*/locations/*/operations/*}:cancel\"");
    Err(crate::text::refusal("HTTP rule", rule, &w))
}

/// A custom service: `host` is validated by [`Origin::for_host`], `version` must be non-empty
/// segments of `[A-Za-z0-9._-]` separated by `/`, and each template must parse as a
/// [`NamePattern`]; at least one template is required. The id is the host; the scope is
/// `cloud-platform`.
pub fn custom(host: &str, version: &str, templates: &[&str]) -> Result<Service, Error> {
    let origin = Origin::for_host(host)?;
    check_version(version)?;
    if templates.is_empty() {
        return Err(Status::invalid_argument(
            "no name templates given; expected at least one like \"projects/*/locations/*/operations/*\"",
        ));
    }
    let mut parsed = Vec::new();
    for t in templates {
        parsed.push(NamePattern::parse(t)?);
    }
    Ok(Service {
        id: origin.host().to_owned(),
        title: None,
        host: origin.host().to_owned(),
        version: version.to_owned(),
        templates: parsed,
        scopes: one_scope(),
        permission: None,
        origin,
    })
}

/// `[cloud-platform]`. Pushed rather than `vec![..]`, the crate's only use of the macro, whose
/// boxed-slice path cost 17 B of gzip in the wasm.
#[allow(clippy::vec_init_then_push)]
fn one_scope() -> Vec<String> {
    let mut scopes = Vec::new();
    scopes.push(String::from(CLOUD_PLATFORM));
    scopes
}

/// An API version path such as `v1`, `v1beta1` or `v1/admin`.
fn check_version(version: &str) -> Result<(), Error> {
    if version.is_empty() {
        return Err(Status::invalid_argument("version is empty; expected a version like \"v1\" or \"v1beta1\""));
    }
    let mut i = 0usize;
    for seg in split_byte(version, b'/') {
        // No overflow: `i` counts segments of a string in memory.
        i = i.wrapping_add(1);
        let bad = seg.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')));
        // Empty, `.` or `..`.
        let unusable = crate::template::unusable(seg.as_bytes());
        let dots = unusable && !seg.is_empty();
        if !unusable && bad.is_none() {
            continue;
        }
        let mut m = String::from("version ");
        push_quoted(&mut m, version);
        match bad {
            _ if seg.is_empty() => m.push_str(" has an empty segment "),
            Some(c) => {
                m.push_str(" has the character \"");
                crate::template::push_visible(&mut m, c);
                m.push_str("\" in segment ");
            }
            None => m.push_str(" has the segment "),
        }
        crate::text::push_usize(&mut m, i);
        if dots {
            m.push_str(" \"");
            m.push_str(seg);
            m.push_str("\", which a browser would resolve away");
        }
        m.push_str("; expected segments of letters, digits, \".\", \"_\" and \"-\" separated by \"/\", like \"v1\" or \"v1beta1\"");
        return Err(Status::invalid_argument(m));
    }
    Ok(())
}

impl Service {
    /// The origin validated when the service was made: [`origin`](Self::origin) as long as
    /// `host` was not changed since, which holds for every catalogue entry (they are never
    /// handed out mutably) and for the services the JS edge makes.
    pub fn made_origin(&self) -> &Origin {
        &self.origin
    }

    /// `https://{host}`.
    pub fn origin(&self) -> Result<Origin, Error> {
        // The host was validated when the service was made; validate again only if it changed.
        if self.origin.host() == self.host {
            Ok(self.origin.clone())
        } else {
            Origin::for_host(&self.host)
        }
    }

    /// The first template `name` matches. Otherwise `INVALID_ARGUMENT`: with one template,
    /// [`NamePattern::check`]'s message; with several, `name "x" does not match any of A, B (...)`
    /// explaining the difference with the closest template.
    pub fn check_name(&self, name: &str) -> Result<&NamePattern, Error> {
        check_any(&self.templates, name, "name")
    }

    /// The first template `name` (UTF-8 bytes) matches and whether expanding it changes nothing,
    /// if one does (no message: the caller explains with [`check_name`](Self::check_name)).
    pub(crate) fn match_name(&self, name: &[u8]) -> Option<(&NamePattern, bool)> {
        crate::template::first_match(&self.templates, name)
    }

    /// As [`check_name`](Self::check_name), and whether expanding the name into the URL changes
    /// nothing (no byte to escape), found in the same pass.
    pub fn check_name_clean(&self, name: &str) -> Result<(&NamePattern, bool), Error> {
        match self.match_name(name.as_bytes()) {
            Some(found) => Ok(found),
            None => check_any(&self.templates, name, "name")
                .map(|p| (p, crate::template::escapes_nothing(name, p.is_multi_segment()))),
        }
    }

    /// `{origin}/{version}/{name}:cancel`, built by expanding the `http.proto` template
    /// `/{version}/{name=<matching pattern>}:cancel`, so the name is escaped as gRPC transcoding
    /// prescribes (`/` kept for multi-segment patterns).
    pub fn cancel_url(&self, origin: &Origin, name: &str) -> Result<String, Error> {
        self.url(origin, name, true)
    }

    /// `{origin}/{version}/{name}`, the `GetOperation` URL; as [`cancel_url`](Self::cancel_url)
    /// without the verb.
    pub fn get_url(&self, origin: &Origin, name: &str) -> Result<String, Error> {
        self.url(origin, name, false)
    }

    /// The `ListOperations` URL for `parent` (AIP-151 / operations.proto): each template
    /// `P/operations/*` lists at `GET {origin}/{version}/{name=P}/operations`, a top-level
    /// `operations/**` at `GET {origin}/{version}/operations` (then `parent` must be empty).
    /// `query` holds the parameters already escaped, e.g. `filter=done%3Dfalse&pageSize=50`.
    pub fn list_url(&self, origin: &Origin, parent: &str, query: &str) -> Result<String, Error> {
        let mut parents: Vec<NamePattern> = Vec::new();
        let mut top_level = false;
        for t in &self.templates {
            let text = t.as_str();
            // `P/operations/*` or `P/operations/**`, `P` empty at the top level.
            let Some(head) = text.strip_suffix("operations/*").or_else(|| text.strip_suffix("operations/**")) else {
                continue;
            };
            match head.strip_suffix('/') {
                Some(p) => parents.push(t.prefix_of(p)),
                None => top_level |= head.is_empty(),
            }
        }
        // What expanding the http.proto template `/{version}/{name=<matching parent>}/operations`
        // gives (a unit test compares the two), as `url` builds the cancel URL.
        let mut url = crate::text::concat(&self.prefix(origin));
        if !(parent.is_empty() && top_level) {
            let pattern = check_any(&parents, parent, "parent")?;
            crate::template::escape_into(parent, pattern.is_multi_segment(), &mut url);
            url.push('/');
        }
        url.push_str("operations");
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        Ok(url)
    }

    /// `[origin, "/", version, "/"]`: what every operation URL of this service at `origin`
    /// starts with, before the escaped name.
    pub fn prefix<'a>(&'a self, origin: &'a Origin) -> [&'a str; 4] {
        [origin.as_str(), "/", &self.version, "/"]
    }

    /// The cancel URL (`cancel`) or the `GetOperation` URL of `name`: one function for both, so
    /// that a caller choosing between them at run time links one copy.
    pub fn url(&self, origin: &Origin, name: &str, cancel: bool) -> Result<String, Error> {
        let keep_slash = self.check_name(name)?.is_multi_segment();
        // Exactly what expanding the http.proto template `/{version}/{name=<matching pattern>}[:cancel]`
        // gives (the `version` literals were checked when the service was made, and a unit test
        // compares the two), without parsing that template again on every call.
        let mut url = crate::text::concat(&self.prefix(origin));
        crate::template::escape_into(name, keep_slash, &mut url);
        if cancel {
            url.push_str(":cancel");
        }
        Ok(url)
    }
}

/// The query of a `ListOperations` call (AIP-158 paging, AIP-160 filter), each value escaped:
/// `filter=…&pageSize=…&pageToken=…`, absent parameters left out.
pub fn list_query(filter: Option<&str>, page_size: Option<usize>, page_token: Option<&str>) -> String {
    let mut query = String::new();
    let size = page_size.map(crate::text::dec);
    for (key, value) in [("filter", filter), ("pageSize", size.as_deref()), ("pageToken", page_token)] {
        if let Some(v) = value {
            query.push_str(if query.is_empty() { "" } else { "&" });
            query.push_str(key);
            query.push('=');
            crate::template::escape_into(v, false, &mut query);
        }
    }
    query
}

/// The services of the data rows of `text` that parse and whose id `known` does not have yet.
/// Linear in the size of the text (and of `known`).
///
/// Only the header needs skipping by name (it is a valid row): [`parse_row`] refuses a blank
/// line (too few columns) and a `#` comment (its id has a `#`), and a `\r` line end is part of
/// the title, which is trimmed. A unit test checks that this keeps exactly the data rows.
fn parse_rows(text: &str, known: &[Service]) -> Vec<Service> {
    let mut rows = Vec::new();
    for line in split_byte(text, b'\n') {
        if line.starts_with("id\t") {
            continue;
        }
        if let Ok(s) = parse_row(line) {
            if !known.iter().any(|k| k.id == s.id) {
                rows.push(s);
            }
        }
    }
    rows
}

/// An optional column: `s` trimmed, or none when that is empty or `-`.
fn none_if_dash(s: &str) -> Option<String> {
    let s = s.trim();
    match s.as_bytes() {
        [] | [b'-'] => None,
        _ => Some(s.to_owned()),
    }
}

/// The service of one data row. The refusals only tell tests why a row is skipped (rows that
/// do not parse are dropped, see the module documentation), so the row's own ones are fixed texts.
fn parse_row(line: &str) -> Result<Service, Error> {
    let mut cols = [""; 7];
    let mut n = 0usize;
    for c in split_byte(line, b'\t') {
        if let Some(slot) = cols.get_mut(n) {
            *slot = c;
        }
        // No overflow: `n` counts columns of a line in memory.
        n = n.wrapping_add(1);
    }
    let [id, host, version, templates, scopes, permission, title] = cols;
    if n != cols.len() {
        return Err(Status::invalid_argument(
            "row does not have 7 tab-separated columns (id, host, version, templates, scopes, permission, title)",
        ));
    };
    if id.is_empty()
        || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(Status::invalid_argument(
            "service id is invalid; expected lower-case letters, digits, \"-\", \"_\" and \".\"",
        ));
    }
    let mut list = Vec::new();
    for t in split_byte(templates, b',') {
        list.push(t.trim());
    }
    let templates = list;
    let mut service = custom(host, version, &templates)?;
    service.id = id.to_owned();
    service.title = none_if_dash(title);
    service.permission = none_if_dash(permission);
    service.scopes.clear();
    for s in split_byte(scopes, b',') {
        let s = s.trim();
        if !s.is_empty() {
            let base = if s.starts_with("https://") { "" } else { "https://www.googleapis.com/auth/" };
            service.scopes.push(crate::text::concat(&[base, s]));
        }
    }
    Ok(service)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table line with its `\r` line end removed, if it is a data row (not blank, not a `#`
    /// comment, not the header).
    fn data_line(line: &str) -> Option<&str> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let data = !line.trim().is_empty() && !line.starts_with('#') && !line.starts_with("id\t");
        data.then_some(line)
    }

    /// `parse_rows` keeps the services of exactly the data rows (`data_line`), though it only
    /// skips the header by name.
    #[test]
    fn only_data_rows_are_read() {
        let text = "# c\n#\tx.example\tv1\toperations/*\tcloud-platform\t-\tT\n\n \n\t\t\t\t\t\t\n \t\t\t\t\t\t\r\n\
            id\thost\tversion\ttemplates\tscopes\tpermission\ttitle\r\n\
            a\tx.example\tv1\toperations/*\tcloud-platform\t-\tT \r\n\
            b\tx.example\tv1\toperations/*\tcloud-platform\tp\t-\r\n\
            c\tx.example\tv1\toperations/*\tcloud-platform\tp\t\r\r\n\
            d\tx.example\tv1\toperations/*\tcloud-platform\tp\tT\t\r\n\
            e\tx.example\tv1\toperations/*\tcloud-platform\tp\tT\r\n\r\n\r";
        for table in [text, SEED_TEXT, include_str!("../data/catalogue.tsv")] {
            let want: Vec<Service> =
                table.split('\n').filter_map(data_line).filter_map(|l| parse_row(l).ok()).collect();
            assert_eq!(parse_rows(table, &[]), want);
        }
        let ids: Vec<String> =
            parse_rows(text, &[]).into_iter().map(|s| s.id + "|" + &s.title.unwrap_or_default()).collect();
        assert_eq!(ids, ["a|T", "b|", "c|", "e|T"]);
    }

    const SEED_TEXT: &str = include_str!("../data/services.tsv");

    /// Each data row's 1-based line number and what `parse_row` makes of it.
    fn parse_table(text: &str) -> Vec<(usize, Result<Service, Error>)> {
        let rows = text.lines().enumerate().filter_map(|(i, line)| Some((i + 1, data_line(line)?)));
        rows.map(|(n, line)| (n, parse_row(line))).collect()
    }
    use crate::template::PathTemplate;

    #[test]
    fn every_row_parses() {
        let file = core::str::from_utf8(SEED).unwrap();
        assert!(file.ends_with(TABLE) && !TABLE.is_empty(), "the shipped rows are the file's tail");
        assert!(
            file.lines().filter(|l| data_line(l).is_some()).eq(TABLE.lines()),
            "only comments and the header are cut"
        );
        let rows = parse_table(file);
        assert!(rows.len() >= 5);
        for (line, row) in &rows {
            if let Err(e) = row {
                panic!("data/services.tsv line {line}: {}", e.message);
            }
        }
        assert_eq!(services().len(), rows.len());
        let mut ids: Vec<&str> = services().iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "duplicate ids in data/services.tsv");
    }

    /// The parents `list_url` takes from templates without parsing them again parse as
    /// patterns, for every template of both tables.
    #[test]
    fn list_parents_are_patterns() {
        let all = parse_rows(include_str!("../data/catalogue.tsv"), &[]);
        let mut n = 0;
        for s in services().iter().chain(&all) {
            for t in &s.templates {
                let text = t.as_str();
                for (i, _) in text.match_indices('/') {
                    let head = &text[..i];
                    assert_eq!(NamePattern::parse(head).as_ref(), Ok(&t.prefix_of(head)), "{text}");
                    n += 1;
                }
            }
        }
        assert!(n > 100, "{n}");
    }

    #[test]
    fn seed_rows() {
        let ids: Vec<&str> = services().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["gkehub", "vault", "clouddeploy", "beyondcorp", "cloudaicompanion"]);
        let vault = find("vault").unwrap();
        assert_eq!(vault.scopes, ["https://www.googleapis.com/auth/ediscovery"]);
        assert_eq!(vault.title.as_deref(), Some("Google Vault API"));
        assert_eq!(vault.permission, None);
        let gemini = find("cloudaicompanion").unwrap();
        assert_eq!(gemini.permission.as_deref(), Some("cloudaicompanion.operations.cancel"));
        assert_eq!(find("beyondcorp").unwrap().templates.len(), 2);
        assert_eq!(find("gkehub").unwrap().version, "v1beta");
    }

    /// `search` matches as lower-casing both sides and looking for the query would.
    #[test]
    fn search_ignores_ascii_case() {
        for query in ["", "  ", "GKE", "hub", " Vault API ", "é", "googleapis.com", "V1", "zzz"] {
            let q = query.trim().to_ascii_lowercase();
            let hit = |s: &str| s.to_ascii_lowercase().contains(&q);
            let want: Vec<&str> = all()
                .into_iter()
                .filter(|s| hit(&s.id) || hit(&s.host) || s.title.as_deref().is_some_and(hit))
                .map(|s| s.id.as_str())
                .collect();
            let got: Vec<&str> = search(query).iter().map(|s| s.id.as_str()).collect();
            assert_eq!(got, want, "{query:?}");
        }
        assert_eq!(search("GKE hub").len(), 1);
    }

    #[test]
    fn unknown_id() {
        assert_eq!(
            find("foo").unwrap_err().message,
            "unknown service \"foo\"; expected one of gkehub, vault, clouddeploy, beyondcorp, cloudaicompanion"
        );
        assert!(find("GKEHUB").is_err());
    }

    #[test]
    fn bad_rows_are_refused_not_panicked() {
        let text = "# c\nid\thost\tversion\ttemplates\tscopes\tpermission\ttitle\n\
            a\tx.example\tv1\toperations/*\tcloud-platform\t-\t-\n\
            b\tx.example\tv1\n\
            c\tx..example\tv1\toperations/*\tcloud-platform\t-\tT\n\
            d\tx.example\tv1\toperations/**/x\tcloud-platform\t-\tT\n\
            E\tx.example\tv1\toperations/*\tcloud-platform\t-\tT\r\n\
            f\tx.example\tv1//\toperations/*\thttps://example.com/s\tp\tT\r\n";
        let rows = parse_table(text);
        assert_eq!(rows.len(), 6);
        let a = rows[0].1.as_ref().unwrap();
        assert_eq!((rows[0].0, a.title.clone(), a.permission.clone()), (3, None, None));
        assert!(rows[1].1.as_ref().unwrap_err().message.contains("does not have 7 tab-separated columns"));
        assert!(rows[2].1.as_ref().unwrap_err().message.contains("label 2 is empty"));
        assert!(rows[3].1.as_ref().unwrap_err().message.contains("must be the last segment"));
        assert!(rows[4].1.as_ref().unwrap_err().message.starts_with("service id is invalid"));
        assert_eq!(rows[5].1.as_ref().unwrap_err().message, "version \"v1//\" has an empty segment 2; expected segments of letters, digits, \".\", \"_\" and \"-\" separated by \"/\", like \"v1\" or \"v1beta1\"");
    }

    #[test]
    fn urls_are_the_template_engines_expansion() {
        let names =
            ["projects/p/locations/l/operations/o", "projects/a b/locations/é/operations/x~y.z_-", "operations/a/b/c"];
        for s in services() {
            let origin = s.origin().unwrap();
            for n in names {
                let Ok(pattern) = s.check_name(n) else { continue };
                for cancel in [true, false] {
                    let t =
                        format!("/{}/{{name={}}}{}", s.version, pattern.as_str(), if cancel { ":cancel" } else { "" });
                    let path = PathTemplate::parse(&t).unwrap().expand(&|_| Some(n.to_owned())).unwrap();
                    let direct = if cancel { s.cancel_url(&origin, n) } else { s.get_url(&origin, n) }.unwrap();
                    assert_eq!(direct, format!("{}{path}", origin.as_str()));
                }
            }
        }
    }

    #[test]
    fn list_urls_are_the_template_engines_expansion() {
        let parents = ["projects/p/locations/l", "projects/a b/locations/é~", "organizations/o/locations/-", "", "x"];
        for s in services() {
            let origin = s.origin().unwrap();
            for parent in parents {
                let direct = s.list_url(&origin, parent, "pageSize=5");
                let pattern = s.templates.iter().find_map(|t| {
                    let p = t
                        .as_str()
                        .strip_suffix("/operations/*")
                        .or_else(|| t.as_str().strip_suffix("/operations/**"))?;
                    NamePattern::parse(p).unwrap().matches(parent).then(|| p.to_owned())
                });
                let top = parent.is_empty() && s.templates.iter().any(|t| t.as_str().starts_with("operations/"));
                let t = match (&pattern, top) {
                    (_, true) => format!("/{}/operations", s.version),
                    (Some(p), false) => format!("/{}/{{name={p}}}/operations", s.version),
                    (None, false) => {
                        assert!(direct.is_err(), "{} {parent:?}", s.id);
                        continue;
                    }
                };
                let path = PathTemplate::parse(&t).unwrap().expand(&|_| Some(parent.to_owned())).unwrap();
                assert_eq!(direct.unwrap(), format!("{}{path}?pageSize=5", origin.as_str()), "{} {parent:?}", s.id);
            }
        }
    }

    #[test]
    fn urls() {
        let table = [
            (
                "gkehub",
                "projects/p/locations/us-central1/operations/operation-123",
                "https://gkehub.googleapis.com/v1beta/projects/p/locations/us-central1/operations/operation-123",
            ),
            ("vault", "operations/abc/def", "https://vault.googleapis.com/v1/operations/abc/def"),
            (
                "clouddeploy",
                "projects/my proj/locations/l/operations/o",
                "https://clouddeploy.googleapis.com/v1/projects/my%20proj/locations/l/operations/o",
            ),
            (
                "beyondcorp",
                "organizations/1/locations/global/operations/o",
                "https://beyondcorp.googleapis.com/v1/organizations/1/locations/global/operations/o",
            ),
            (
                "beyondcorp",
                "projects/p/locations/global/operations/o",
                "https://beyondcorp.googleapis.com/v1/projects/p/locations/global/operations/o",
            ),
            (
                "cloudaicompanion",
                "projects/p/locations/l/operations/é~",
                "https://cloudaicompanion.googleapis.com/v1/projects/p/locations/l/operations/%C3%A9~",
            ),
        ];
        for (id, name, url) in table {
            let s = find(id).unwrap();
            let o = s.origin().unwrap();
            assert_eq!(s.get_url(&o, name).unwrap(), url);
            assert_eq!(s.cancel_url(&o, name).unwrap(), format!("{url}:cancel"));
        }
        let s = find("beyondcorp").unwrap();
        assert_eq!(
            s.check_name("folders/f/locations/l/operations/o").unwrap_err().message,
            "name \"folders/f/locations/l/operations/o\" does not match any of organizations/*/locations/*/operations/*, projects/*/locations/*/operations/* (segment 1 is \"folders\", expected \"organizations\")"
        );
        assert_eq!(
            s.check_name("projects/p/locations/l").unwrap_err().message,
            "name \"projects/p/locations/l\" does not match any of organizations/*/locations/*/operations/*, projects/*/locations/*/operations/* (has 4 segments, expected 6)"
        );
        let local = endpoint::parse_endpoint("http://localhost:8080").unwrap();
        assert_eq!(
            find("vault").unwrap().cancel_url(&local, "operations/a").unwrap(),
            "http://localhost:8080/v1/operations/a:cancel"
        );
    }

    #[test]
    fn custom_services() {
        let s = custom("Example.googleapis.com", "v1/admin", &["operations/*"]).unwrap();
        assert_eq!((s.id.as_str(), s.host.as_str()), ("example.googleapis.com", "example.googleapis.com"));
        assert_eq!(s.scopes, [CLOUD_PLATFORM]);
        assert_eq!(
            s.cancel_url(&s.origin().unwrap(), "operations/a b").unwrap(),
            "https://example.googleapis.com/v1/admin/operations/a%20b:cancel"
        );
        assert!(custom("x.example", "", &["*"]).unwrap_err().message.starts_with("version is empty"));
        assert!(custom("x.example", "v1", &[]).unwrap_err().message.starts_with("no name templates"));
        assert!(custom("x.example", "v 1", &["*"])
            .unwrap_err()
            .message
            .contains("has the character \" \" in segment 1"));
        assert!(custom("x.example", "v1/..", &["*"]).unwrap_err().message.contains("segment 2 \"..\""));
        assert!(custom("https://x.example", "v1", &["*"]).is_err());
        assert!(custom("x.example", "v1", &["/x"]).is_err());

        let s =
            from_rule("POST https://clouddeploy.googleapis.com/v1/{name=projects/*/locations/*/operations/*}:cancel")
                .unwrap();
        assert_eq!(s.id, "clouddeploy.googleapis.com");
        assert_eq!(s.version, "v1");
        assert_eq!(s.templates[0].as_str(), "projects/*/locations/*/operations/*");
        let s = from_rule("post: 'https://x.example:8443/v1/alpha/{name=operations/**}:cancel'").unwrap();
        assert_eq!((s.host.as_str(), s.version.as_str()), ("x.example:8443", "v1/alpha"));
        let refusals = [
            ("GET https://x.example/v1/{name=operations/*}:cancel", "uses GET, but a cancel is POST"),
            ("POST /v1/{name=operations/*}:cancel", "has no origin"),
            (
                "POST http://localhost/v1/{name=operations/*}:cancel",
                "has an http origin, but custom services must use https",
            ),
            ("POST https://x.example/v1/{name=operations/*}:delete", "does not end with \"/{name=...}:cancel\""),
            ("POST https://x.example/v1/{name=operations/*}", "does not end with \"/{name=...}:cancel\""),
            ("POST https://x.example/v1/{name=operations/*}/x:cancel", "does not end with \"/{name=...}:cancel\""),
            ("POST https://x.example/v1{name=operations/*}:cancel", "does not end with \"/{name=...}:cancel\""),
            ("POST https://x.example/v1/{operation=operations/*}:cancel", "binds \"operation\" instead of \"name\""),
            ("/v1/{name=*}:cancel", "has no method"),
            ("POST-https://x.example/v1/{name=*}:cancel", "needs whitespace or \":\" after the method"),
            ("POST 'https://x.example/v1/{name=*}:cancel", "has an unbalanced quote around the path"),
            ("POST", "has no origin"),
            ("POST https://x.example", "does not end with \"/{name=...}:cancel\""),
        ];
        for (rule, what) in refusals {
            let m = from_rule(rule).unwrap_err().message;
            assert_eq!(m, format!("HTTP rule \"{rule}\" {what}; expected \"POST https://host/v1/{{name=projects/*/locations/*/operations/*}}:cancel\""));
        }
        assert!(from_rule("POST https://u@x/v1/{name=*}:cancel").unwrap_err().message.contains("credentials"));
        assert_eq!(
            from_rule("POST https://x.example/{name=operations/*}:cancel").unwrap_err().message,
            "version is empty; expected a version like \"v1\" or \"v1beta1\""
        );
        assert!(from_rule("POST https://x.example/v1/{name=a/{b}}:cancel")
            .unwrap_err()
            .message
            .starts_with("pattern \"a/{b}\" has a variable at byte 2; a name pattern cannot contain variables"));
        assert!(from_rule("POST https://x.example/v1/{a}/{name=*}:cancel")
            .unwrap_err()
            .message
            .contains("\" has more than one variable; only {name=...} is bound; expected \"POST https://host/v1/"));
        assert!(from_rule("POST https://x.example/v1/{na me}:cancel").unwrap_err().message.contains("binds \"na me\""));
        assert!(from_rule("POST https://x.example/v1/{name=**/a}:cancel")
            .unwrap_err()
            .message
            .contains("last segment"));
    }

    /// The rule reading `from_rule` did before it read its one shape directly: the whole
    /// `http.proto` template grammar (`parse_http_rule`), then the shape.
    fn from_rule_by_template(rule: &str) -> Option<Service> {
        let r = crate::template::parse_http_rule(rule).ok()?;
        let origin = endpoint::parse_endpoint(r.origin.as_deref()?).ok()?;
        let (lits, field, pattern) = r.template.literals_then_variable()?;
        let shape = r.method == "POST" && origin.as_str().starts_with("https://") && field == "name";
        if !shape || r.template.verb() != Some("cancel") || lits.is_empty() {
            return None;
        }
        custom(origin.host(), &lits.join("/"), &[pattern.as_str()]).ok()
    }

    /// `from_rule` accepts exactly the rules the template engine reads as a cancel, and makes
    /// the same service of them.
    #[test]
    fn rules_are_read_as_the_template_engine_reads_them() {
        let paths = [
            "/v1/{name=operations/*}:cancel",
            "/v1/{name}:cancel",
            "/v1/alpha/{name=projects/*/operations/**}:cancel",
            "/v1/{name=**}:cancel",
            "/v1beta1/{name=projects/*/locations/*/operations/*}:cancel",
            "/{name=*}:cancel",
            "//v1/{name=*}:cancel",
            "/v1//{name=*}:cancel",
            "/v1/{name=*}:delete",
            "/v1/{name=*}:Cancel",
            "/v1/{name=*}",
            "/v1/{name=*}/x:cancel",
            "/v1/{operation=*}:cancel",
            "/v1/{name=}:cancel",
            "/v1/{name=**/x}:cancel",
            "/v1/{name=a/{b}}:cancel",
            "/v1/{a}/{name=*}:cancel",
            "/v1/{a=b}/{name=*}:cancel",
            "/v~1/{name=*}:cancel",
            "/./{name=*}:cancel",
            "/v1/../{name=*}:cancel",
            "/v1/*/{name=*}:cancel",
            "/v1/**/{name=*}:cancel",
            "/**/{name=*}:cancel",
            "/v1{name=*}:cancel",
            "/v1/{name=*}:cancel:cancel",
            "/v1/{name=a*}:cancel",
            "/v1/{name.x=*}:cancel",
            "/v1/{name=*}}:cancel",
            "/v1/{{name=*}:cancel",
            "/v1/{name=*=x}:cancel",
            "/v 1/{name=*}:cancel",
            "/v1/{name=..}:cancel",
            "/v1/{name=a/./b}:cancel",
            "/v1/{name=a:b}:cancel",
            "/v1/{name=/a}:cancel",
            "/v1/{name=a/}:cancel",
            "/v1/{name=*}:",
            "/v1/{name=*}cancel",
            "/v1/{name=%20}:cancel",
            "/v1/{name=é}:cancel",
            "/v1/{name =*}:cancel",
            "/v1/{ name}:cancel",
            "/v1/{}:cancel",
            "/v1/{=*}:cancel",
            "/v1/x:cancel",
            "/v1/https://x/{name=*}:cancel",
            "/",
            "",
            "v1/{name=*}:cancel",
        ];
        let origins =
            ["https://x.example", "HTTPS://X.example:443", "http://localhost:8080", "https://u@x", "ftp://x", ""];
        let mut accepted = 0;
        for method in ["POST", "post", "GET", "FETCH", ""] {
            for sep in [" ", ":", ": ", "-", ""] {
                for quote in ["", "'", "\""] {
                    for origin in origins {
                        for path in paths {
                            let rule = format!(" {method}{sep}{quote}{origin}{path}{quote} ");
                            let own = from_rule(&rule);
                            assert_eq!(own.as_ref().ok(), from_rule_by_template(&rule).as_ref(), "{rule}");
                            accepted += usize::from(own.is_ok());
                            if let Err(e) = own {
                                assert_eq!(e.code, crate::code::Code::InvalidArgument, "{rule}");
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(accepted, 2 * 3 * 3 * 2 * 5, "methods × separators × quotes × origins × paths");
    }
}
