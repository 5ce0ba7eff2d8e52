//! Which origins a cancel may be sent to.
//!
//! An endpoint is `https://host[:port]` with an optional single trailing `/` (RFC 3986 §3,
//! restricted): no userinfo, path, query or fragment. `http://` is accepted only for loopback
//! hosts (`localhost`, `127.0.0.0/8` as a dotted quad, `[::1]`), for local emulators and proxies.
//! Anything a browser's URL parser (WHATWG URL) would read differently from what it looks like is
//! refused: backslashes (read as `/`), percent-encoded or non-ASCII hosts (punycode is required),
//! and numeric hosts that are not plain dotted quads (`2130706433`, `0x7f.1` and `0177.0.0.1` all
//! mean 127.0.0.1 to a browser).
//!
//! Scheme and host are lower-cased and default ports (443 for https, 80 for http) dropped, so
//! equal origins compare equal as strings. Nothing here panics on any input.

use crate::prelude::*;
use crate::status::{Error, Status};
use crate::template::{push_quoted, push_visible};
use crate::text::{find_byte, split_byte, split_once_byte};

/// A normalized origin: `scheme://host[:port]`, lower-case, without a default port or trailing
/// slash, e.g. `https://gkehub.googleapis.com` or `http://localhost:8080`.
#[derive(Debug, PartialEq, Eq)]
pub struct Origin(String);

impl Clone for Origin {
    /// A copy of the text (`to_owned`, which the module links anyway, rather than
    /// `String::clone`, which it would link for this alone).
    fn clone(&self) -> Origin {
        Origin(self.0.as_str().to_owned())
    }
}

impl Origin {
    /// The origin, e.g. `https://gkehub.googleapis.com`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `host[:port]`, without the scheme.
    pub fn host(&self) -> &str {
        // Origins are made here as `http://` or `https://` and the host: the first `:` ends the scheme.
        let s = self.0.as_str();
        crate::text::find_byte(s, b':').and_then(|i| s.get(i.saturating_add(3)..)).unwrap_or(s)
    }

    /// `https://` + `host`, where `host` is `host[:port]` validated as [`parse_endpoint`] does;
    /// refuses anything else (a scheme, a path, userinfo, ...).
    pub fn for_host(host: &str) -> Result<Origin, Error> {
        let subject = &Subject { what: "host", text: host };
        check_chars(subject, "host is empty; expected a host like \"example.googleapis.com\"")?;
        if crate::text::find(host, "://").is_some() {
            return Err(subject.fail("includes a scheme; expected only host[:port], like \"example.googleapis.com\""));
        }
        if let Some(i) = find_byte(host, b'/') {
            return Err(subject.fail_at(
                "has \"/\"",
                i,
                "; expected only host[:port], like \"example.googleapis.com\"",
            ));
        }
        let (h, port) = authority(subject, host)?;
        Ok(build(false, &h, port))
    }
}

impl core::fmt::Display for Origin {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

const EXPECTED: &str = "; expected \"https://host[:port]\"";

/// What is being checked, for refusals: its name (`endpoint`, `host`) and all of its text.
struct Subject<'a> {
    what: &'a str,
    text: &'a str,
}

impl Subject<'_> {
    /// `{what} "{text}" {rest}`.
    fn fail(&self, rest: &str) -> Error {
        crate::text::refusal(self.what, self.text, rest)
    }

    /// `{what} "{text}" {problem} at byte {at}{tail}`.
    fn fail_at(&self, problem: &str, at: usize, tail: &str) -> Error {
        let mut r = String::from(problem);
        r.push_str(" at byte ");
        crate::text::push_usize(&mut r, at);
        r.push_str(tail);
        self.fail(&r)
    }
}

/// Refuses an empty `text` (the refusal's message is `empty`) and characters refused anywhere:
/// whitespace and control characters, backslashes, `@`, `?`, `#`.
fn check_chars(subject: &Subject, empty: &'static str) -> Result<(), Error> {
    let text = subject.text;
    if text.is_empty() {
        return Err(Status::invalid_argument(empty));
    }
    // The problem when it names the character.
    let mut p = String::new();
    for (i, c) in text.char_indices() {
        let (problem, tail) = match c {
            c if c.is_whitespace() || c.is_control() => {
                p.push_str("has whitespace or a control character (\"");
                push_visible(&mut p, c);
                p.push_str("\")");
                (p.as_str(), EXPECTED)
            }
            '\\' => ("has a backslash", "; browsers read it as \"/\", so it is not allowed"),
            '@' => ("has \"@\"", "; credentials (user:password@host) are not allowed"),
            '?' => ("has a query (\"?\")", EXPECTED),
            '#' => ("has a fragment (\"#\")", EXPECTED),
            _ => continue,
        };
        return Err(subject.fail_at(problem, i, tail));
    }
    Ok(())
}

/// RFC 3986 §3.1: a letter, then letters, digits, `+`, `-` and `.`.
fn is_scheme(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .enumerate()
            .all(|(i, c)| c.is_ascii_alphabetic() || i > 0 && (c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')))
}

/// Parses and normalizes an endpoint such as `https://gkehub.googleapis.com` or
/// `http://localhost:8080/`. See the module documentation for what is refused; every refusal is
/// `INVALID_ARGUMENT` naming the offending part and its byte offset where there is one.
pub fn parse_endpoint(endpoint: &str) -> Result<Origin, Error> {
    let subject = &Subject { what: "endpoint", text: endpoint };
    check_chars(subject, "endpoint is empty; expected \"https://host[:port]\"")?;
    // The refusals from here on: what is wrong, written to `r`.
    let mut r = String::new();
    'bad: {
        // The scheme ends at the first `:`. `host:port` has no scheme (what follows the `:` is
        // all digits, which is all `number` tells here); `data:...`, `javascript:...`, `https:/x` do.
        let Some((scheme, after)) = split_once_byte(endpoint, b':')
            .filter(|(s, after)| is_scheme(s) && number(after, 10, usize::MAX).is_none())
        else {
            r.push_str("has no scheme; expected \"https://host[:port]\"");
            break 'bad;
        };
        let rest = after.strip_prefix("//");
        let http = scheme.eq_ignore_ascii_case("http");
        let scheme = match http || scheme.eq_ignore_ascii_case("https") {
            true if http => "http",
            true => "https",
            false => {
                r.push_str("has the scheme ");
                push_quoted(&mut r, &crate::text::lower(scheme));
                r.push_str("; expected \"https\" (or \"http\" for localhost)");
                break 'bad;
            }
        };
        let Some(rest) = rest else {
            r.push_str("needs \"//\" after \"");
            r.push_str(scheme);
            r.push_str(":\"");
            r.push_str(EXPECTED);
            break 'bad;
        };
        // One trailing `/` is allowed; any other `/` starts a path.
        let auth = rest.strip_suffix("/").unwrap_or(rest);
        if let Some(i) = find_byte(auth, b'/') {
            r.push_str("has the path ");
            push_quoted(&mut r, rest.get(i..).unwrap_or(rest));
            r.push_str("; expected only \"https://host[:port]\" with an optional trailing \"/\"");
            break 'bad;
        }
        let (host, port) = authority(subject, auth)?;
        if http && !is_loopback(&host) {
            r.push_str("uses http; expected https (http is allowed only for localhost, 127.x.x.x and [::1])");
            break 'bad;
        }
        return Ok(build(http, &host, port));
    }
    Err(subject.fail(&r))
}

/// `http://` (or `https://`) + `host` + `:port` unless it is the scheme's default.
fn build(http: bool, host: &str, port: Option<u16>) -> Origin {
    let mut o = String::from(if http { "http://" } else { "https://" });
    o.push_str(host);
    let default = if http { 80 } else { 443 };
    if let Some(p) = port.filter(|p| *p != default) {
        o.push(':');
        crate::text::push_usize(&mut o, usize::from(p));
    }
    Origin(o)
}

fn is_loopback(host: &str) -> bool {
    // `host` is normalized (`authority`): an IPv6 loopback is always written `[::1]`.
    matches!(host, "localhost" | "[::1]") || (host.starts_with("127.") && dotted_quad(host))
}

/// `a.b.c.d`, each 0–255 in decimal without leading zeros.
fn dotted_quad(host: &str) -> bool {
    ipv4(host).is_some()
}

/// Validates `auth` (`host[:port]`, part of `subject`'s text) and returns the lower-cased host
/// and the port.
///
/// An empty `auth` is refused by `hostname` as an empty host: the checks before it cannot
/// refuse an empty text (it has no `%` then: for `Origin::for_host` the text is `auth`, which
/// `check_chars` refused when empty, and an endpoint's scheme has none).
fn authority(subject: &Subject, auth: &str) -> Result<(String, Option<u16>), Error> {
    if let Some(i) = find_byte(subject.text, b'%') {
        return Err(subject.fail_at("has \"%\"", i, "; percent-encoded hosts are not allowed"));
    }
    let (host, port) = if let Some(inner) = auth.strip_prefix('[') {
        let Some((v6, after)) = split_once_byte(inner, b']') else {
            return Err(subject.fail("has an unbalanced \"[\"; expected an IPv6 address like [::1]"));
        };
        // A parsed address is only hex digits, `:` and `.`, with a `:` at least.
        let Some(addr) = parse_ipv6(v6) else {
            let mut r = String::from("has an invalid IPv6 address ");
            push_quoted(&mut r, v6);
            r.push_str("; expected hex digits, \":\" and \".\" like [::1]");
            return Err(subject.fail(&r));
        };
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(subject.fail("has characters after \"]\"; expected \":port\" or nothing")),
        };
        // RFC 5952 form, as browsers serialize it: `[2001:DB8:0::1]` → `[2001:db8::1]`.
        let mut h = String::from("[");
        push_ipv6(&mut h, &addr);
        h.push(']');
        (h, port)
    } else {
        let (h, port) = match split_once_byte(auth, b':') {
            Some((h, p)) => (h, Some(p)),
            None => (auth, None),
        };
        if port.is_some_and(|p| find_byte(p, b':').is_some()) || h.bytes().any(|b| b == b'[' || b == b']') {
            return Err(subject.fail("has an IPv6 address without brackets; expected a form like [::1]"));
        }
        (hostname(subject, h)?, port)
    };
    let port = match port {
        None => None,
        Some(p) => Some(parse_port(subject, p)?),
    };
    Ok((host, port))
}

fn parse_port(subject: &Subject, p: &str) -> Result<u16, Error> {
    if p.is_empty() {
        return Err(subject.fail("has an empty port after \":\"; expected 1-65535"));
    }
    let mut n: u32 = 0;
    for b in p.bytes() {
        let Some(d) = char::from(b).to_digit(10) else {
            let mut r = String::from("has the port ");
            push_quoted(&mut r, p);
            r.push_str("; expected digits (1-65535)");
            return Err(subject.fail(&r));
        };
        // At most 10,000,009 before `min`: no overflow.
        n = n.wrapping_mul(10).wrapping_add(d).min(1_000_000);
    }
    match u16::try_from(n) {
        Ok(port) if port > 0 => Ok(port),
        _ => {
            let mut r = String::from("has the port ");
            push_quoted(&mut r, p);
            r.push_str(", which is out of range; expected 1-65535");
            Err(subject.fail(&r))
        }
    }
}

/// A DNS hostname (RFC 1123 labels of `[a-z0-9-]`, not starting or ending with `-`, at most 63
/// bytes each and 253 in all) or a dotted-quad IPv4 address; lower-cased.
fn hostname(subject: &Subject, h: &str) -> Result<String, Error> {
    if h.is_empty() {
        return Err(subject.fail("has an empty host; expected \"https://host[:port]\""));
    }
    let mut r = String::from("has the host ");
    push_quoted(&mut r, h);
    // Every refusal below is `r` and what is wrong, appended to it.
    'bad: {
        if h.bytes().any(|b| !b.is_ascii()) {
            r.push_str(", which is not ASCII; write it in punycode (xn--...), as a browser's address bar shows it");
            break 'bad;
        }
        let host = crate::text::lower(h);
        // WHATWG URL reads a host whose last label is numeric as an IPv4 address in any of several
        // notations; only the plain dotted quad says what it means.
        let last = crate::text::after_last(&host, b'.');
        // `number` tells only whether the label is all decimal digits (or hex ones after `0x`); its
        // value, wrapped around for long labels, is not used.
        let numeric = number(last, 10, usize::MAX).is_some()
            || last.strip_prefix("0x").is_some_and(|x| x.is_empty() || number(x, 16, usize::MAX).is_some());
        if numeric {
            if dotted_quad(&host) {
                return Ok(host);
            }
            r.push_str(", which a browser would read as an IPv4 address; expected a dotted quad like 127.0.0.1 (four numbers 0-255 without leading zeros)");
            break 'bad;
        }
        if host.len() > 253 {
            r.push_str(", which is ");
            crate::text::push_usize(&mut r, host.len());
            r.push_str(" bytes long; expected at most 253");
            break 'bad;
        }
        // The label's 1-based number: at most one more than the host's length, no overflow.
        let mut i = 0usize;
        for label in split_byte(&host, b'.') {
            i = i.wrapping_add(1);
            let problem = if label.is_empty() {
                "is empty"
            } else if label.len() > 63 {
                "is longer than 63 bytes"
            } else if let Some(c) = label.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
                r.push_str(", whose label ");
                crate::text::push_usize(&mut r, i);
                r.push_str(" has the character \"");
                push_visible(&mut r, c);
                r.push_str("\"; expected letters, digits and \"-\"");
                break 'bad;
            } else if label.starts_with('-') || label.ends_with('-') {
                "starts or ends with \"-\""
            } else {
                continue;
            };
            r.push_str(", whose label ");
            crate::text::push_usize(&mut r, i);
            r.push(' ');
            r.push_str(problem);
            r.push_str("; expected labels of letters, digits and \"-\" separated by \".\"");
            break 'bad;
        }
        return Ok(host);
    }
    Err(subject.fail(&r))
}

/// An IPv6 address as `core::net::Ipv6Addr` parses it (RFC 4291 §2.2 text: groups of 1-4 hex
/// digits, one `::` at most, standing for one zero group or more, and an optional dotted-quad
/// IPv4 tail), as its eight groups.
fn parse_ipv6(s: &str) -> Option<[u16; 8]> {
    let mut g = [0u16; 8];
    // How many groups are read, and how many of them came before the `::` if there was one.
    let (mut n, mut gap) = (0usize, None);
    let mut rest = s;
    if let Some(r) = s.strip_prefix("::") {
        (rest, gap) = (r, Some(0));
    }
    while !rest.is_empty() {
        let (part, after) = match split_once_byte(rest, b':') {
            Some((part, after)) => (part, Some(after)),
            None => (rest, None),
        };
        if find_byte(part, b'.').is_some() {
            // A dotted quad is two groups, and only at the end.
            let v = ipv4(part).filter(|_| after.is_none())?;
            *g.get_mut(n)? = (v >> 16) as u16;
            n = n.wrapping_add(1);
            *g.get_mut(n)? = v as u16;
        } else {
            *g.get_mut(n)? = number(part, 16, 4)? as u16;
        }
        n = n.wrapping_add(1);
        rest = match after {
            None => "",
            // A single `:` separates groups; `::` is the gap, once; a `:` cannot end the text.
            Some(a) => match a.strip_prefix(':') {
                Some(a) if gap.is_none() => {
                    gap = Some(n);
                    a
                }
                None if !a.is_empty() => a,
                _ => return None,
            },
        };
    }
    let Some(k) = gap else {
        return (n == 8).then_some(g);
    };
    if n > 7 {
        return None;
    }
    // The groups after the gap move to the end; the gap reads as zeros.
    let shift = 8usize.wrapping_sub(n);
    for i in (k..n).rev() {
        let x = core::mem::take(g.get_mut(i)?);
        *g.get_mut(i.wrapping_add(shift))? = x;
    }
    Some(g)
}

/// `a.b.c.d`, each 0-255 in decimal without leading zeros, as a number.
fn ipv4(s: &str) -> Option<u32> {
    let mut v: u32 = 0;
    // How many parts: at most one more than the text's bytes.
    let mut n = 0usize;
    for part in split_byte(s, b'.') {
        let x = number(part, 10, 3).filter(|x| *x <= 255 && (part.len() == 1 || !part.starts_with('0')))?;
        v = v.wrapping_shl(8) | x;
        n = n.wrapping_add(1);
    }
    (n == 4).then_some(v)
}

/// `s` as 1 to `max` digits in `radix`.
fn number(s: &str, radix: u32, max: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max {
        return None;
    }
    let mut n: u32 = 0;
    for b in s.bytes() {
        n = n.wrapping_mul(radix).wrapping_add(char::from(b).to_digit(radix)?);
    }
    Some(n)
}

/// Appends the address as `core::net::Ipv6Addr` displays it (RFC 5952: lower-case hex, the first
/// longest run of two or more zero groups as `::`, `::ffff:a.b.c.d` for IPv4-mapped addresses).
fn push_ipv6(out: &mut String, g: &[u16; 8]) {
    if let [0, 0, 0, 0, 0, 0xffff, hi, lo] = *g {
        out.push_str("::ffff:");
        for (i, octet) in [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            crate::text::push_usize(out, usize::from(*octet));
        }
        return;
    }
    // From the end, `len` is the length of the zero run starting at `i`; on a tie the run
    // seen last, the first one, wins.
    let (mut best_start, mut best_len, mut len) = (0usize, 0usize, 0usize);
    for (i, x) in g.iter().enumerate().rev() {
        len = if *x == 0 { len.wrapping_add(1) } else { 0 };
        if len >= best_len {
            (best_start, best_len) = (i, len);
        }
    }
    let best_end = best_start.wrapping_add(best_len);
    for (i, x) in g.iter().enumerate() {
        if best_len > 1 && (best_start..best_end).contains(&i) {
            if i == best_start {
                out.push_str("::");
            }
            continue;
        }
        if i > 0 && !(best_len > 1 && i == best_end) {
            out.push(':');
        }
        crate::text::push_hex(out, u32::from(*x), 1);
    }
}

#[cfg(test)]
mod tests {
    /// The hand-written IPv6 reader and writer agree with `core::net::Ipv6Addr` on random and
    /// tricky literals.
    #[test]
    fn ipv6_matches_core_net() {
        let core_net = |s: &str| s.parse::<core::net::Ipv6Addr>().ok().map(|a| a.to_string());
        let mine = |s: &str| {
            parse_ipv6(s).map(|g| {
                let mut out = String::new();
                push_ipv6(&mut out, &g);
                out
            })
        };
        let fixed = [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "::ffff:1.2.3.4",
            "::1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::ffff:01.2.3.4",
            "::ffff:256.2.3.4",
            "2001:DB8:0:0:1:0:0:1",
            "2001:db8::1:0:0:1",
            "0:0:1:0:0:0:1:0",
            "1::2::3",
            ":1::",
            "1:::2",
            "12345::",
            "::ffff:1.2.3",
            "::1.2.3.4:5",
            "1:0:0:2:0:0:0:3",
            "0:0:0:0:0:ffff:102:304",
            "fe80::1%1",
            "",
            ":",
            "::0:0",
            "0::0.0.0.0",
            "::00001",
            "1:",
            "::1:",
            "1::2:",
            ":::",
            "1:2::3:4:5:6:7:8",
            "::1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7::",
            "::1:2:3:4:5:6:1.2.3.4",
            "1.2.3.4",
            "1.2.3.4::",
            "1.2.3.4:1",
            "::1.2.3.4.5",
        ];
        for s in fixed {
            assert_eq!(mine(s), core_net(s), "{s:?}");
        }
        // Strings made of whole groups, separators and dotted quads, which are valid far more often.
        let toks = [
            "",
            "0",
            "1",
            "ffff",
            "FfFf",
            "12345",
            "00000",
            "0db8",
            ":",
            ":",
            ":",
            "::",
            ":::",
            "1.2.3.4",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            ".",
            "0.0.0.0",
            "a",
            "1:2:3:4",
            "::ffff:",
        ];
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut valid = 0;
        for _ in 0..200_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut r = seed;
            for _ in 0..(seed % 14) {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                s.push_str(toks[((r >> 33) % toks.len() as u64) as usize]);
            }
            let m = mine(&s);
            valid += usize::from(m.is_some());
            assert_eq!(m, core_net(&s), "{s:?}");
        }
        assert!(valid > 100, "{valid}");
        let alphabet = b"0:1.f:0a2:5.:0";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let mut r = seed;
            for _ in 0..len {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                s.push(char::from(alphabet[((r >> 33) % alphabet.len() as u64) as usize]));
            }
            assert_eq!(mine(&s), core_net(&s), "{s:?}");
            // What `authority` relies on instead of checking the characters itself.
            if parse_ipv6(&s).is_some() {
                assert!(s.contains(':') && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.'), "{s:?}");
            }
        }
    }

    /// The dotted-quad check agrees with `core::net::Ipv4Addr` on random and tricky strings.
    #[test]
    fn dotted_quad_matches_core_net() {
        for s in ["0.0.0.0", "255.255.255.255", "256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1.2.3.4 ", "1..2.3", ""]
        {
            assert_eq!(dotted_quad(s), s.parse::<core::net::Ipv4Addr>().is_ok(), "{s:?}");
        }
        let alphabet = b"0125.9a";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let s: String =
                (0..seed % 16).map(|k| char::from(alphabet[((seed >> (4 * (k % 15))) % 7) as usize])).collect();
            assert_eq!(dotted_quad(&s), s.parse::<core::net::Ipv4Addr>().is_ok(), "{s:?}");
        }
    }

    use super::*;

    #[test]
    fn accepted() {
        let table = [
            ("https://gkehub.googleapis.com", "https://gkehub.googleapis.com"),
            ("https://gkehub.googleapis.com/", "https://gkehub.googleapis.com"),
            ("HTTPS://GKEHub.GoogleAPIs.com", "https://gkehub.googleapis.com"),
            ("https://x:443", "https://x"),
            ("https://x:0443", "https://x"),
            ("https://x:8443/", "https://x:8443"),
            ("http://localhost", "http://localhost"),
            ("http://localhost:80", "http://localhost"),
            ("http://LOCALHOST:8080/", "http://localhost:8080"),
            ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
            ("http://127.255.0.9", "http://127.255.0.9"),
            ("http://[::1]:8080", "http://[::1]:8080"),
            ("https://[2001:DB8::1]", "https://[2001:db8::1]"),
            ("https://[2001:0db8:0:0::1]:443/", "https://[2001:db8::1]"),
            ("http://[0:0::1]", "http://[::1]"),
            ("https://10.0.0.1", "https://10.0.0.1"),
            ("https://googleapis.com.evil.example", "https://googleapis.com.evil.example"),
            ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
            ("https://a-b.c1", "https://a-b.c1"),
            ("https://[::ffff:1.2.3.4]:8443", "https://[::ffff:1.2.3.4]:8443"),
            ("https://[1:0:0:2:0:0:3:4]", "https://[1::2:0:0:3:4]"),
        ];
        for (input, want) in table {
            let o = parse_endpoint(input).unwrap_or_else(|e| panic!("{input}: {}", e.message));
            assert_eq!(o.as_str(), want, "{input}");
        }
        let o = parse_endpoint("http://localhost:8080").unwrap();
        assert_eq!(o.host(), "localhost:8080");
        assert_eq!(o.to_string(), "http://localhost:8080");
        assert_eq!(Origin::for_host("GKEHub.googleapis.com").unwrap().as_str(), "https://gkehub.googleapis.com");
        assert_eq!(Origin::for_host("x.example:8443").unwrap().host(), "x.example:8443");
    }

    #[test]
    fn refused() {
        let table = [
            ("", "endpoint is empty; expected \"https://host[:port]\""),
            ("https://user:pw@x.example", "endpoint \"https://user:pw@x.example\" has \"@\" at byte 15; credentials (user:password@host) are not allowed"),
            ("https://evil.example\\@googleapis.com", "endpoint \"https://evil.example\\@googleapis.com\" has a backslash at byte 20; browsers read it as \"/\", so it is not allowed"),
            ("https://x.example?a=b", "endpoint \"https://x.example?a=b\" has a query (\"?\") at byte 17; expected \"https://host[:port]\""),
            ("https://x.example#f", "endpoint \"https://x.example#f\" has a fragment (\"#\") at byte 17; expected \"https://host[:port]\""),
            ("https://x.example/v1", "endpoint \"https://x.example/v1\" has the path \"/v1\"; expected only \"https://host[:port]\" with an optional trailing \"/\""),
            ("https://x.example//", "endpoint \"https://x.example//\" has the path \"//\"; expected only \"https://host[:port]\" with an optional trailing \"/\""),
            ("ftp://x.example", "endpoint \"ftp://x.example\" has the scheme \"ftp\"; expected \"https\" (or \"http\" for localhost)"),
            ("data:text/html,hi", "endpoint \"data:text/html,hi\" has the scheme \"data\"; expected \"https\" (or \"http\" for localhost)"),
            ("javascript:alert(1)", "endpoint \"javascript:alert(1)\" has the scheme \"javascript\"; expected \"https\" (or \"http\" for localhost)"),
            ("x.example", "endpoint \"x.example\" has no scheme; expected \"https://host[:port]\""),
            ("x.example:443", "endpoint \"x.example:443\" has no scheme; expected \"https://host[:port]\""),
            ("localhost:8080", "endpoint \"localhost:8080\" has no scheme; expected \"https://host[:port]\""),
            ("//x.example", "endpoint \"//x.example\" has no scheme; expected \"https://host[:port]\""),
            ("a:b://x.example", "endpoint \"a:b://x.example\" has the scheme \"a\"; expected \"https\" (or \"http\" for localhost)"),
            ("HTTP:x", "endpoint \"HTTP:x\" needs \"//\" after \"http:\"; expected \"https://host[:port]\""),
            ("https://x.example/a/", "endpoint \"https://x.example/a/\" has the path \"/a/\"; expected only \"https://host[:port]\" with an optional trailing \"/\""),
            ("https:x.example", "endpoint \"https:x.example\" needs \"//\" after \"https:\"; expected \"https://host[:port]\""),
            ("http://x.example", "endpoint \"http://x.example\" uses http; expected https (http is allowed only for localhost, 127.x.x.x and [::1])"),
            ("http://128.0.0.1", "endpoint \"http://128.0.0.1\" uses http; expected https (http is allowed only for localhost, 127.x.x.x and [::1])"),
            ("http://[::2]", "endpoint \"http://[::2]\" uses http; expected https (http is allowed only for localhost, 127.x.x.x and [::1])"),
            ("https://x .example", "endpoint \"https://x .example\" has whitespace or a control character (\" \") at byte 9; expected \"https://host[:port]\""),
            ("https://x.example\n", "endpoint \"https://x.example\\u{a}\" has whitespace or a control character (\"\\u{a}\") at byte 17; expected \"https://host[:port]\""),
            ("https://x%2eexample", "endpoint \"https://x%2eexample\" has \"%\" at byte 9; percent-encoded hosts are not allowed"),
            ("https://", "endpoint \"https://\" has an empty host; expected \"https://host[:port]\""),
            ("https:///", "endpoint \"https:///\" has an empty host; expected \"https://host[:port]\""),
            ("https://:443", "endpoint \"https://:443\" has an empty host; expected \"https://host[:port]\""),
            ("https://x:", "endpoint \"https://x:\" has an empty port after \":\"; expected 1-65535"),
            ("https://x:8o", "endpoint \"https://x:8o\" has the port \"8o\"; expected digits (1-65535)"),
            ("https://x:65536", "endpoint \"https://x:65536\" has the port \"65536\", which is out of range; expected 1-65535"),
            ("https://x:0", "endpoint \"https://x:0\" has the port \"0\", which is out of range; expected 1-65535"),
            ("https://x:99999999999999999999", "endpoint \"https://x:99999999999999999999\" has the port \"99999999999999999999\", which is out of range; expected 1-65535"),
            ("https://bücher.example", "endpoint \"https://bücher.example\" has the host \"bücher.example\", which is not ASCII; write it in punycode (xn--...), as a browser's address bar shows it"),
            ("https://-x.example", "endpoint \"https://-x.example\" has the host \"-x.example\", whose label 1 starts or ends with \"-\"; expected labels of letters, digits and \"-\" separated by \".\""),
            ("https://x-.example", "endpoint \"https://x-.example\" has the host \"x-.example\", whose label 1 starts or ends with \"-\"; expected labels of letters, digits and \"-\" separated by \".\""),
            ("https://x..example", "endpoint \"https://x..example\" has the host \"x..example\", whose label 2 is empty; expected labels of letters, digits and \"-\" separated by \".\""),
            ("https://x.example.", "endpoint \"https://x.example.\" has the host \"x.example.\", whose label 3 is empty; expected labels of letters, digits and \"-\" separated by \".\""),
            ("https://x_y.example", "endpoint \"https://x_y.example\" has the host \"x_y.example\", whose label 1 has the character \"_\"; expected letters, digits and \"-\""),
            ("https://2130706433", "endpoint \"https://2130706433\" has the host \"2130706433\", which a browser would read as an IPv4 address; expected a dotted quad like 127.0.0.1 (four numbers 0-255 without leading zeros)"),
            ("http://0177.0.0.1", "endpoint \"http://0177.0.0.1\" has the host \"0177.0.0.1\", which a browser would read as an IPv4 address; expected a dotted quad like 127.0.0.1 (four numbers 0-255 without leading zeros)"),
            ("https://0x7f.1", "endpoint \"https://0x7f.1\" has the host \"0x7f.1\", which a browser would read as an IPv4 address; expected a dotted quad like 127.0.0.1 (four numbers 0-255 without leading zeros)"),
            ("https://256.0.0.1", "endpoint \"https://256.0.0.1\" has the host \"256.0.0.1\", which a browser would read as an IPv4 address; expected a dotted quad like 127.0.0.1 (four numbers 0-255 without leading zeros)"),
            ("https://::1", "endpoint \"https://::1\" has an IPv6 address without brackets; expected a form like [::1]"),
            ("https://[::1", "endpoint \"https://[::1\" has an unbalanced \"[\"; expected an IPv6 address like [::1]"),
            ("https://[::g]", "endpoint \"https://[::g]\" has an invalid IPv6 address \"::g\"; expected hex digits, \":\" and \".\" like [::1]"),
            ("https://[x.example]", "endpoint \"https://[x.example]\" has an invalid IPv6 address \"x.example\"; expected hex digits, \":\" and \".\" like [::1]"),
            ("https://[::1]x", "endpoint \"https://[::1]x\" has characters after \"]\"; expected \":port\" or nothing"),
            ("https://x]", "endpoint \"https://x]\" has an IPv6 address without brackets; expected a form like [::1]"),
        ];
        for (input, msg) in table {
            let e = parse_endpoint(input).expect_err(input);
            assert_eq!(e.code, crate::code::Code::InvalidArgument);
            assert_eq!(e.message, msg, "{input}");
        }
        let long_label = format!("https://{}.example", "a".repeat(64));
        assert!(parse_endpoint(&long_label).unwrap_err().message.contains("label 1 is longer than 63 bytes"));
        let long_host = format!("https://{}x", "a.".repeat(127));
        assert!(parse_endpoint(&long_host).unwrap_err().message.contains("255 bytes long; expected at most 253"));
        for bad in ["", "https://x.example", "x.example/", "u@x.example", "x.example/v1", "x .example"] {
            assert!(Origin::for_host(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Origin::for_host("https://x").unwrap_err().message,
            "host \"https://x\" includes a scheme; expected only host[:port], like \"example.googleapis.com\""
        );
    }
}
