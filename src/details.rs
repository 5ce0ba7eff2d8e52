//! Error details: the messages of `google/rpc/error_details.proto` as they appear, packed in
//! `google.protobuf.Any`, in the `details` of a `google.rpc.Status`.
//!
//! Contract:
//! * [`decode_detail`] never fails. It picks the message by the last segment of `"@type"`
//!   (`type.googleapis.com/google.rpc.ErrorInfo` → `google.rpc.ErrorInfo`) and reads the proto3
//!   JSON fields (lowerCamelCase, the proto field name is accepted too; absent or `null` fields
//!   take their proto3 default). A detail of an unknown type, without `"@type"`, that is not an
//!   object, or with a field of the wrong JSON type is kept as [`Detail::Other`] unchanged.
//! * Nothing the server sent is lost: every typed detail keeps the object exactly as received in
//!   its `raw` field, and [`Detail`] serializes that object (plus, for `RetryInfo`, a computed
//!   `retryDelayMs`), so fields added to the protos later still reach JavaScript.

use crate::json::{Json, Value};
use crate::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// One entry of `google.rpc.Status.details`.
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    ErrorInfo(ErrorInfo),
    RetryInfo(RetryInfo),
    DebugInfo(DebugInfo),
    QuotaFailure(QuotaFailure),
    PreconditionFailure(PreconditionFailure),
    BadRequest(BadRequest),
    RequestInfo(RequestInfo),
    ResourceInfo(ResourceInfo),
    Help(Help),
    LocalizedMessage(LocalizedMessage),
    /// Any other type, or a detail that did not match its message's JSON shape: as sent.
    Other(Json),
}

/// `google.rpc.ErrorInfo`: the reason of an error (`UPPER_SNAKE_CASE`), the domain that defines
/// it (e.g. `googleapis.com`) and its metadata (e.g. `service`, `consumer`, `quota_limit`).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorInfo {
    pub reason: String,
    pub domain: String,
    /// `map<string, string>` in the order sent.
    pub metadata: Vec<(String, String)>,
    /// The detail object exactly as sent, `"@type"` included.
    pub raw: Json,
}

/// `google.rpc.RetryInfo`: how long clients should wait before retrying.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryInfo {
    /// `retry_delay` (a `google.protobuf.Duration`) as sent, e.g. `"1.500s"`.
    pub retry_delay: Option<String>,
    /// `retry_delay` in milliseconds (see [`parse_duration_ms`]); `None` if absent or invalid.
    pub retry_delay_ms: Option<u64>,
    pub raw: Json,
}

/// `google.rpc.DebugInfo`: server-side debugging information.
#[derive(Clone, Debug, PartialEq)]
pub struct DebugInfo {
    pub stack_entries: Vec<String>,
    pub detail: String,
    pub raw: Json,
}

/// `google.rpc.QuotaFailure`: which quota checks failed.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaFailure {
    pub violations: Vec<QuotaViolation>,
    pub raw: Json,
}

/// `google.rpc.QuotaFailure.Violation`.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaViolation {
    pub subject: String,
    pub description: String,
    pub api_service: String,
    pub quota_metric: String,
    pub quota_id: String,
    pub quota_dimensions: Vec<(String, String)>,
    /// `int64`: proto3 JSON sends it as a string (`"100"`); a number is accepted too.
    pub quota_value: i64,
    /// `optional int64`.
    pub future_quota_value: Option<i64>,
}

/// `google.rpc.PreconditionFailure`: which preconditions failed.
#[derive(Clone, Debug, PartialEq)]
pub struct PreconditionFailure {
    pub violations: Vec<PreconditionViolation>,
    pub raw: Json,
}

/// `google.rpc.PreconditionFailure.Violation`.
#[derive(Clone, Debug, PartialEq)]
pub struct PreconditionViolation {
    /// The proto field `type` (e.g. `"TOS"`).
    pub kind: String,
    pub subject: String,
    pub description: String,
}

/// `google.rpc.BadRequest`: which request fields were invalid.
#[derive(Clone, Debug, PartialEq)]
pub struct BadRequest {
    pub field_violations: Vec<FieldViolation>,
    pub raw: Json,
}

/// `google.rpc.BadRequest.FieldViolation`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldViolation {
    /// A path to the field, e.g. `"operation.name"`.
    pub field: String,
    pub description: String,
    pub reason: String,
    pub localized_message: Option<LocalizedMessage>,
}

/// `google.rpc.RequestInfo`: the id of the request, to quote to support.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestInfo {
    pub request_id: String,
    pub serving_data: String,
    pub raw: Json,
}

/// `google.rpc.ResourceInfo`: the resource the error is about.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceInfo {
    pub resource_type: String,
    pub resource_name: String,
    pub owner: String,
    pub description: String,
    pub raw: Json,
}

/// `google.rpc.Help`: links to documentation or to a console page that fixes the problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Help {
    pub links: Vec<HelpLink>,
    pub raw: Json,
}

/// `google.rpc.Help.Link`.
#[derive(Clone, Debug, PartialEq)]
pub struct HelpLink {
    pub description: String,
    pub url: String,
}

/// `google.rpc.LocalizedMessage`: the error message in the user's locale.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalizedMessage {
    /// A BCP-47 tag, e.g. `"en-US"`.
    pub locale: String,
    pub message: String,
    pub raw: Json,
}

impl Detail {
    /// The detail object as the server sent it.
    pub fn raw(&self) -> &Json {
        match self {
            Detail::ErrorInfo(d) => &d.raw,
            Detail::RetryInfo(d) => &d.raw,
            Detail::DebugInfo(d) => &d.raw,
            Detail::QuotaFailure(d) => &d.raw,
            Detail::PreconditionFailure(d) => &d.raw,
            Detail::BadRequest(d) => &d.raw,
            Detail::RequestInfo(d) => &d.raw,
            Detail::ResourceInfo(d) => &d.raw,
            Detail::Help(d) => &d.raw,
            Detail::LocalizedMessage(d) => &d.raw,
            Detail::Other(raw) => raw,
        }
    }

    /// The `"@type"` URL as sent, if any.
    pub fn type_url(&self) -> Option<&str> {
        self.raw().get("@type").and_then(Json::as_str)
    }
}

/// Decodes one element of `Status.details`; see the module documentation. Never fails.
pub fn decode_detail(value: &Json) -> Detail {
    let type_name = value.get("@type").and_then(Json::as_str).map(|url| crate::text::after_last(url, b'/'));
    let decoded = match type_name {
        Some("google.rpc.ErrorInfo") => error_info(value).map(Detail::ErrorInfo),
        Some("google.rpc.RetryInfo") => retry_info(value).map(Detail::RetryInfo),
        Some("google.rpc.DebugInfo") => debug_info(value).map(Detail::DebugInfo),
        Some("google.rpc.QuotaFailure") => quota_failure(value).map(Detail::QuotaFailure),
        Some("google.rpc.PreconditionFailure") => precondition_failure(value).map(Detail::PreconditionFailure),
        Some("google.rpc.BadRequest") => bad_request(value).map(Detail::BadRequest),
        Some("google.rpc.RequestInfo") => request_info(value).map(Detail::RequestInfo),
        Some("google.rpc.ResourceInfo") => resource_info(value).map(Detail::ResourceInfo),
        Some("google.rpc.Help") => help(value).map(Detail::Help),
        Some("google.rpc.LocalizedMessage") => localized_message(value).map(Detail::LocalizedMessage),
        _ => None,
    };
    decoded.unwrap_or_else(|| Detail::Other(value.clone()))
}

/// Whether a detail's `"@type"` URL names the message `name` (e.g. `google.rpc.ErrorInfo`), read
/// in place as [`decode_detail`] reads it.
pub fn has_type(value: &Value<'_>, name: &str) -> bool {
    type_url(value).is_some_and(|url| crate::text::after_last(&url, b'/') == name)
}

/// A detail's `"@type"` URL read in place, when it is a string; the message it names is what
/// follows its last `/`.
pub fn type_url<'d>(value: &Value<'d>) -> Option<Cow<'d, str>> {
    value.get("@type").and_then(|t| t.as_str())
}

// --- proto3 JSON field readers: `None` means "present with the wrong JSON type". ------------

fn field<'a>(obj: &'a Json, json_name: &str, proto_name: &str) -> Option<&'a Json> {
    field_in(obj, json_name, proto_name)
}

fn string(obj: &Json, json_name: &str, proto_name: &str) -> Option<String> {
    match field(obj, json_name, proto_name) {
        None => Some(String::new()),
        Some(v) => v.as_str().map(str::to_owned),
    }
}

fn strings(obj: &Json, json_name: &str, proto_name: &str) -> Option<Vec<String>> {
    match field(obj, json_name, proto_name) {
        None => Some(Vec::new()),
        Some(v) => v.as_array()?.iter().map(|s| s.as_str().map(str::to_owned)).collect(),
    }
}

fn string_map(obj: &Json, json_name: &str, proto_name: &str) -> Option<Vec<(String, String)>> {
    match field(obj, json_name, proto_name) {
        None => Some(Vec::new()),
        Some(v) => v.as_object()?.iter().map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned()))).collect(),
    }
}

fn list<T>(obj: &Json, json_name: &str, proto_name: &str, item: fn(&Json) -> Option<T>) -> Option<Vec<T>> {
    match field(obj, json_name, proto_name) {
        None => Some(Vec::new()),
        Some(v) => v.as_array()?.iter().map(item).collect(),
    }
}

/// An `int64` as proto3 JSON writes it (a decimal string) or as a JSON number.
fn int64_value(v: &Json) -> Option<i64> {
    match v {
        Json::String(s) => parse_int64(s),
        _ => v.as_i64(),
    }
}

/// A decimal `i64` as `str::parse::<i64>` reads it: an optional `+` or `-`, then ASCII digits
/// only; `None` when empty or out of range.
pub(crate) fn parse_int64(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulated as a magnitude in u64 with a plain bound check (a checked 64-bit multiply
    // links a 128-bit multiply into the wasm), then fitted to i64's range.
    let mut n: u64 = 0;
    for b in digits {
        let d = u64::from(b.wrapping_sub(b'0'));
        if d > 9 {
            return None;
        }
        if n > (u64::MAX - 9) / 10 {
            return None;
        }
        n = n.wrapping_mul(10).wrapping_add(d);
    }
    if negative {
        0i64.checked_sub_unsigned(n)
    } else {
        i64::try_from(n).ok()
    }
}

/// What the shape rules below need of a JSON value, so that one set of rules serves the owned
/// tree and values read in place (`json::Value`, which the fast path uses without allocating).
pub trait JsonRead<'a>: Copy {
    fn member(self, key: &str) -> Option<Self>;
    fn null(self) -> bool;
    fn object(self) -> bool;
    fn text(self) -> Option<Cow<'a, str>>;
    /// Whether `f` holds for every member value (false if not an object).
    fn every_member(self, f: impl FnMut(Self) -> bool) -> bool;
}

impl<'a> JsonRead<'a> for &'a Json {
    fn member(self, key: &str) -> Option<Self> {
        self.get(key)
    }
    fn null(self) -> bool {
        self.is_null()
    }
    fn object(self) -> bool {
        self.as_object().is_some()
    }
    fn text(self) -> Option<Cow<'a, str>> {
        self.as_str().map(Cow::Borrowed)
    }
    fn every_member(self, mut f: impl FnMut(Self) -> bool) -> bool {
        self.as_object().is_some_and(|m| m.iter().all(|(_, v)| f(v)))
    }
}

impl<'d> JsonRead<'d> for Value<'d> {
    fn member(self, key: &str) -> Option<Self> {
        self.get(key)
    }
    fn null(self) -> bool {
        self.is_null()
    }
    fn object(self) -> bool {
        self.is_object()
    }
    fn text(self) -> Option<Cow<'d, str>> {
        self.as_str()
    }
    fn every_member(self, mut f: impl FnMut(Self) -> bool) -> bool {
        self.is_object() && self.members().all(|(_, v)| f(v))
    }
}

/// The field by its JSON name or its proto name; `null` counts as absent (proto3 JSON).
/// Always inlined: smaller than the calls binaryen's inlining limits leave.
#[inline(always)]
fn field_in<'a, R: JsonRead<'a>>(obj: R, json_name: &str, proto_name: &str) -> Option<R> {
    obj.member(json_name).or_else(|| obj.member(proto_name)).filter(|v| !v.null())
}

/// Whether an `ErrorInfo` detail has its message's shape: `reason` and `domain` strings and
/// `metadata` a map of strings, each possibly absent. (Otherwise it is kept as `Other`.)
pub fn is_error_info<'a, R: JsonRead<'a>>(v: R) -> bool {
    // The JSON and proto names of these fields are the same.
    let present = |k: &str| v.member(k).filter(|x| !x.null());
    let string = |k: &str| present(k).map_or(true, |x| x.text().is_some());
    ["reason", "domain"].iter().all(|k| string(k))
        && present("metadata").map_or(true, |m| m.every_member(|x| x.text().is_some()))
}

/// A `RetryInfo` detail's delay: `None` when the detail is malformed (`retryDelay` not a
/// string), `Some(None)` when absent, else the text and its milliseconds ([`parse_duration_ms`]).
pub fn retry_delay<'a, R: JsonRead<'a>>(v: R) -> Option<Option<(Cow<'a, str>, Option<u64>)>> {
    match field_in(v, "retryDelay", "retry_delay") {
        None => Some(None),
        Some(d) => {
            let text = d.text()?;
            let ms = parse_duration_ms(&text);
            Some(Some((text, ms)))
        }
    }
}

/// The milliseconds of a `RetryInfo` detail's delay when it is present and parses: what
/// [`retry_delay`] gives as `Some(Some((_, Some(ms))))`.
pub(crate) fn retry_delay_ms<'a, R: JsonRead<'a>>(v: R) -> Option<u64> {
    parse_duration_ms(&field_in(v, "retryDelay", "retry_delay")?.text()?)
}

fn error_info(v: &Json) -> Option<ErrorInfo> {
    if !is_error_info(v) {
        return None;
    }
    Some(ErrorInfo {
        reason: string(v, "reason", "reason")?,
        domain: string(v, "domain", "domain")?,
        metadata: string_map(v, "metadata", "metadata")?,
        raw: v.clone(),
    })
}

fn retry_info(v: &Json) -> Option<RetryInfo> {
    let (retry_delay, retry_delay_ms) = match retry_delay(v)? {
        None => (None, None),
        Some((text, ms)) => (Some(text.into_owned()), ms),
    };
    Some(RetryInfo { retry_delay, retry_delay_ms, raw: v.clone() })
}

fn debug_info(v: &Json) -> Option<DebugInfo> {
    Some(DebugInfo {
        stack_entries: strings(v, "stackEntries", "stack_entries")?,
        detail: string(v, "detail", "detail")?,
        raw: v.clone(),
    })
}

fn quota_violation(v: &Json) -> Option<QuotaViolation> {
    v.as_object()?;
    let quota_value = match field(v, "quotaValue", "quota_value") {
        None => 0,
        Some(q) => int64_value(q)?,
    };
    let future_quota_value = match field(v, "futureQuotaValue", "future_quota_value") {
        None => None,
        Some(q) => Some(int64_value(q)?),
    };
    Some(QuotaViolation {
        subject: string(v, "subject", "subject")?,
        description: string(v, "description", "description")?,
        api_service: string(v, "apiService", "api_service")?,
        quota_metric: string(v, "quotaMetric", "quota_metric")?,
        quota_id: string(v, "quotaId", "quota_id")?,
        quota_dimensions: string_map(v, "quotaDimensions", "quota_dimensions")?,
        quota_value,
        future_quota_value,
    })
}

fn quota_failure(v: &Json) -> Option<QuotaFailure> {
    Some(QuotaFailure { violations: list(v, "violations", "violations", quota_violation)?, raw: v.clone() })
}

fn precondition_violation(v: &Json) -> Option<PreconditionViolation> {
    v.as_object()?;
    Some(PreconditionViolation {
        kind: string(v, "type", "type")?,
        subject: string(v, "subject", "subject")?,
        description: string(v, "description", "description")?,
    })
}

fn precondition_failure(v: &Json) -> Option<PreconditionFailure> {
    Some(PreconditionFailure {
        violations: list(v, "violations", "violations", precondition_violation)?,
        raw: v.clone(),
    })
}

fn field_violation(v: &Json) -> Option<FieldViolation> {
    v.as_object()?;
    let localized_message = match field(v, "localizedMessage", "localized_message") {
        None => None,
        Some(m) => Some(localized_message(m)?),
    };
    Some(FieldViolation {
        field: string(v, "field", "field")?,
        description: string(v, "description", "description")?,
        reason: string(v, "reason", "reason")?,
        localized_message,
    })
}

fn bad_request(v: &Json) -> Option<BadRequest> {
    Some(BadRequest {
        field_violations: list(v, "fieldViolations", "field_violations", field_violation)?,
        raw: v.clone(),
    })
}

fn request_info(v: &Json) -> Option<RequestInfo> {
    Some(RequestInfo {
        request_id: string(v, "requestId", "request_id")?,
        serving_data: string(v, "servingData", "serving_data")?,
        raw: v.clone(),
    })
}

fn resource_info(v: &Json) -> Option<ResourceInfo> {
    Some(ResourceInfo {
        resource_type: string(v, "resourceType", "resource_type")?,
        resource_name: string(v, "resourceName", "resource_name")?,
        owner: string(v, "owner", "owner")?,
        description: string(v, "description", "description")?,
        raw: v.clone(),
    })
}

fn help_link(v: &Json) -> Option<HelpLink> {
    v.as_object()?;
    Some(HelpLink { description: string(v, "description", "description")?, url: string(v, "url", "url")? })
}

fn help(v: &Json) -> Option<Help> {
    Some(Help { links: list(v, "links", "links", help_link)?, raw: v.clone() })
}

fn localized_message(v: &Json) -> Option<LocalizedMessage> {
    v.as_object()?;
    Some(LocalizedMessage {
        locale: string(v, "locale", "locale")?,
        message: string(v, "message", "message")?,
        raw: v.clone(),
    })
}

/// A `google.protobuf.Duration` in its JSON form (`google/protobuf/duration.proto`: decimal
/// seconds with 0–9 fractional digits and an `s` suffix, e.g. `"1.500s"`, `"30s"`,
/// `"0.000000001s"`) → whole milliseconds, rounding a sub-millisecond remainder **up** (a retry
/// delay must never be shortened) and saturating at `u64::MAX`.
///
/// `None` for anything else: negative durations (any leading `-`), a missing `s`, an empty
/// integer part (`".5s"`), an empty fraction (`"1.s"`), more than 9 fractional digits, signs,
/// spaces or exponents.
/// Always inlined into its one caller, as binaryen no longer does (24 B gzip).
#[inline(always)]
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    let number = s.strip_suffix('s')?;
    let (whole, frac) = match crate::text::split_once_byte(number, b'.') {
        Some((w, f)) if !f.is_empty() && f.len() <= 9 => (w, f),
        Some(_) => return None,
        None => (number, ""),
    };
    if whole.is_empty() {
        return None;
    }
    // One pass each, digits checked as they are read. Saturating at u64::MAX without a 128-bit
    // multiply (see parse_int64).
    let digit = |b: u8| Some(u64::from(b.wrapping_sub(b'0'))).filter(|d| *d < 10);
    let mut seconds: u64 = 0;
    for b in whole.bytes() {
        let d = digit(b)?;
        seconds = if seconds > (u64::MAX - 9) / 10 { u64::MAX } else { seconds.wrapping_mul(10).wrapping_add(d) };
    }
    // Right-pad to nine digits: "5" → 500_000_000 ns.
    let mut nanos: u64 = 0;
    for i in 0..9 {
        let d = match frac.as_bytes().get(i) {
            Some(b) => digit(*b)?,
            None => 0,
        };
        nanos = nanos.wrapping_mul(10).wrapping_add(d);
    }
    let whole_ms = nanos / 1_000_000;
    let rounded_ms = if nanos % 1_000_000 == 0 { whole_ms } else { whole_ms.saturating_add(1) };
    Some(if seconds > u64::MAX / 1000 { u64::MAX } else { seconds.wrapping_mul(1000).saturating_add(rounded_ms) })
}

/// The detail object exactly as sent (every member, `"@type"` included, in order). A
/// `RetryInfo` whose delay parsed also gets a `retryDelayMs` number (replacing any member of
/// that name the server sent). `Other` serializes as received, whatever its JSON type.
impl Serialize for Detail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self, self.raw()) {
            (Detail::RetryInfo(RetryInfo { retry_delay_ms: Some(ms), .. }), Json::Object(members)) => {
                let mut map = s.serialize_map(None)?;
                for (key, value) in members.iter().filter(|(k, _)| k != "retryDelayMs") {
                    map.serialize_entry(key, value)?;
                }
                map.serialize_entry("retryDelayMs", ms)?;
                map.end()
            }
            (_, raw) => raw.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, to_json};

    fn json(text: &str) -> Json {
        parse(text).unwrap_or_else(|e| panic!("bad test JSON {text:?}: {e}"))
    }

    fn detail(text: &str) -> Detail {
        decode_detail(&json(text))
    }

    #[test]
    fn durations() {
        let cases = [
            ("1.500s", Some(1500)),
            ("30s", Some(30_000)),
            ("0s", Some(0)),
            ("0.000000001s", Some(1)),
            ("0.001s", Some(1)),
            ("0.0011s", Some(2)),
            ("1.5s", Some(1500)),
            ("2.000000000s", Some(2000)),
            ("315576000000s", Some(315_576_000_000_000)),
            ("99999999999999999999999s", Some(u64::MAX)),
            ("18446744073709552s", Some(u64::MAX)),
            ("18446744073709551.615s", Some(u64::MAX)),
            ("18446744073709551.6149s", Some(u64::MAX)),
            ("-1s", None),
            ("-0.5s", None),
            ("1.5", None),
            ("s", None),
            ("", None),
            (".5s", None),
            ("1.s", None),
            ("1.0000000001s", None),
            ("+1s", None),
            ("1e3s", None),
            (" 1s", None),
            ("1s ", None),
            ("1ss", None),
            ("1.2.3s", None),
            ("١s", None),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_duration_ms(text), ms, "{text:?}");
        }
    }

    #[test]
    fn int64_strings_fit_or_are_refused() {
        for (text, want) in [
            ("0", Some(0)),
            ("-0", Some(0)),
            ("+7", Some(7)),
            ("-42", Some(-42)),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None),
            ("-9223372036854775809", None),
            ("18446744073709551615", None),
            ("99999999999999999999999", None),
            ("", None),
            ("-", None),
            ("1.0", None),
            ("1e3", None),
            ("١", None),
        ] {
            assert_eq!(parse_int64(text), want, "{text:?}");
            assert_eq!(parse_int64(text), text.parse::<i64>().ok().filter(|_| !text.starts_with("+-")), "{text:?}");
        }
    }

    #[test]
    fn error_info_with_metadata() {
        let d = detail(
            r#"{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com", "metadata": {"service": "compute.googleapis.com", "consumer": "projects/123"}}"#,
        );
        let Detail::ErrorInfo(info) = &d else { panic!("{d:?}") };
        assert_eq!(info.reason, "RATE_LIMIT_EXCEEDED");
        assert_eq!(info.domain, "googleapis.com");
        assert_eq!(
            info.metadata,
            vec![
                ("service".to_owned(), "compute.googleapis.com".to_owned()),
                ("consumer".to_owned(), "projects/123".to_owned())
            ]
        );
        assert_eq!(d.type_url(), Some("type.googleapis.com/google.rpc.ErrorInfo"));
    }

    #[test]
    fn proto_field_names_and_nulls_are_accepted() {
        let d = detail(
            r#"{"@type": "type.googleapis.com/google.rpc.RequestInfo", "request_id": "abc", "servingData": null}"#,
        );
        let Detail::RequestInfo(info) = &d else { panic!("{d:?}") };
        assert_eq!(info.request_id, "abc");
        assert_eq!(info.serving_data, "");
    }

    #[test]
    fn wrong_shapes_are_kept_as_other() {
        let cases = [
            r#"{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": 5}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "metadata": {"a": 1}}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "metadata": []}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": 1.5}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.DebugInfo", "stackEntries": "x"}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.DebugInfo", "stackEntries": [1]}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaValue": "lots"}]}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": ["x"]}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": {}}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"localizedMessage": "x"}]}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.Help", "links": [{"url": false}]}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": []}"#,
            r#"{"@type": "type.googleapis.com/google.rpc.Unknown", "x": 1}"#,
            r#"{"@type": "type.googleapis.com/google.cloud.run.v2.Thing", "x": 1}"#,
            r#"{"@type": 5}"#,
            r#"{"reason": "NO_TYPE"}"#,
            r#""just a string""#,
            r#"[1, 2]"#,
            r#"null"#,
        ];
        for text in cases {
            let v = json(text);
            assert_eq!(decode_detail(&v), Detail::Other(v.clone()), "{text}");
            assert_eq!(to_json(&decode_detail(&v)), Ok(v), "{text}");
        }
    }

    #[test]
    fn serializes_raw_plus_retry_delay_ms() {
        let text = r#"{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s","extra":[1]}"#;
        let d = detail(text);
        let Detail::RetryInfo(r) = &d else { panic!("{d:?}") };
        assert_eq!(r.retry_delay.as_deref(), Some("1.500s"));
        assert_eq!(r.retry_delay_ms, Some(1500));
        assert_eq!(
            to_json(&d),
            Ok(json(
                r#"{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s","extra":[1],"retryDelayMs":1500}"#
            ))
        );
        // An unparseable delay: kept as sent, no retryDelayMs.
        let bad = r#"{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"soon"}"#;
        let d = detail(bad);
        assert!(matches!(&d, Detail::RetryInfo(RetryInfo { retry_delay_ms: None, .. })));
        assert_eq!(to_json(&d), Ok(json(bad)));
        // No delay at all.
        let d = detail(r#"{"@type":"type.googleapis.com/google.rpc.RetryInfo"}"#);
        assert!(matches!(&d, Detail::RetryInfo(RetryInfo { retry_delay: None, retry_delay_ms: None, .. })));
    }

    #[test]
    fn other_type_url_prefixes_are_accepted() {
        let d = detail(
            r#"{"@type": "example.com/x/google.rpc.LocalizedMessage", "locale": "de-DE", "message": "Nicht gefunden"}"#,
        );
        let Detail::LocalizedMessage(m) = &d else { panic!("{d:?}") };
        assert_eq!((m.locale.as_str(), m.message.as_str()), ("de-DE", "Nicht gefunden"));
    }
}
