//! `google.rpc.Code`: the canonical error codes of Google APIs.
//!
//! Values, names and the HTTP mapping follow `google/rpc/code.proto`. The HTTP → code direction
//! is the one Google's REST surface documents for responses that carry no usable `status` name
//! (see `Code::from_http_status`).

use serde::{Serialize, Serializer};

/// A `google.rpc.Code`. The discriminants are the wire numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Code {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

/// Every code in wire order; `ALL[n]` has the number `n`.
pub const ALL: [Code; 17] = [
    Code::Ok,
    Code::Cancelled,
    Code::Unknown,
    Code::InvalidArgument,
    Code::DeadlineExceeded,
    Code::NotFound,
    Code::AlreadyExists,
    Code::PermissionDenied,
    Code::ResourceExhausted,
    Code::FailedPrecondition,
    Code::Aborted,
    Code::OutOfRange,
    Code::Unimplemented,
    Code::Internal,
    Code::Unavailable,
    Code::DataLoss,
    Code::Unauthenticated,
];

/// The names as `code.proto` spells them, in wire order, comma-separated: one text, which the
/// JS side also takes whole (`lro_code_names`).
pub(crate) const NAMES: &str = "OK,CANCELLED,UNKNOWN,INVALID_ARGUMENT,DEADLINE_EXCEEDED,NOT_FOUND,\
ALREADY_EXISTS,PERMISSION_DENIED,RESOURCE_EXHAUSTED,FAILED_PRECONDITION,ABORTED,OUT_OF_RANGE,\
UNIMPLEMENTED,INTERNAL,UNAVAILABLE,DATA_LOSS,UNAUTHENTICATED";

/// Where each name starts in [`NAMES`], and at `ALL.len()` the text's length plus one (as if a
/// comma ended it): found at compile time, so that a name is two loads away and a name on the
/// wire is compared with 17 names, not with a scan of the text (a fifth of `decodeStatus`'s
/// native instructions before).
// Evaluated by the compiler only: an index out of range here fails the build, never a call.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const STARTS: [u16; 18] = {
    let b = NAMES.as_bytes();
    let mut starts = [0; 18];
    let (mut i, mut k) = (0, 1);
    while i < b.len() {
        if b[i] == b',' {
            starts[k] = (i + 1) as u16;
            k += 1;
        }
        i += 1;
    }
    starts[k] = (b.len() + 1) as u16;
    starts
};

/// The name of wire number `n`, from [`STARTS`].
/// Always inlined: smaller than the call binaryen's inlining limits leave (10 B gzip).
#[inline(always)]
fn name_at(n: usize) -> Option<&'static str> {
    let start = *STARTS.get(n)?;
    let next = *STARTS.get(n.wrapping_add(1))?;
    NAMES.get(usize::from(start)..usize::from(next).wrapping_sub(1))
}

impl Code {
    /// The wire number (0–16).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The code with wire number `n`; `None` outside 0–16.
    pub fn from_number(n: i64) -> Option<Code> {
        usize::try_from(n).ok().and_then(|i| ALL.get(i)).copied()
    }

    /// The upper-case name, e.g. `"NOT_FOUND"`.
    pub fn name(self) -> &'static str {
        // NAMES has one entry per variant and `self as usize` is 0..=16.
        name_at(self as usize).unwrap_or("UNKNOWN")
    }

    /// The code whose name is exactly `name` (case-sensitive, as on the wire).
    /// Always inlined into its one caller, as binaryen no longer does.
    #[inline(always)]
    pub fn from_name(name: &str) -> Option<Code> {
        let mut n = 0;
        for code in ALL {
            if name_at(n) == Some(name) {
                return Some(code);
            }
            n = n.wrapping_add(1);
        }
        None
    }

    /// The code for an HTTP status when the body names none, as `code.proto` maps them:
    /// 400→INVALID_ARGUMENT, 401→UNAUTHENTICATED, 403→PERMISSION_DENIED, 404→NOT_FOUND,
    /// 409→ABORTED, 416→OUT_OF_RANGE, 429→RESOURCE_EXHAUSTED, 499→CANCELLED,
    /// 501→UNIMPLEMENTED, 503→UNAVAILABLE, 504→DEADLINE_EXCEEDED, other 2xx→OK,
    /// other 4xx→FAILED_PRECONDITION, other 5xx→INTERNAL, anything else→UNKNOWN.
    /// Always inlined into its one caller, as binaryen no longer does.
    #[allow(clippy::match_overlapping_arm)] // the specific statuses come first, on purpose
    #[inline(always)]
    pub fn from_http_status(status: u16) -> Code {
        match status {
            400 => Code::InvalidArgument,
            401 => Code::Unauthenticated,
            403 => Code::PermissionDenied,
            404 => Code::NotFound,
            409 => Code::Aborted,
            416 => Code::OutOfRange,
            429 => Code::ResourceExhausted,
            499 => Code::Cancelled,
            501 => Code::Unimplemented,
            503 => Code::Unavailable,
            504 => Code::DeadlineExceeded,
            200..=299 => Code::Ok,
            400..=499 => Code::FailedPrecondition,
            500..=599 => Code::Internal,
            _ => Code::Unknown,
        }
    }
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// On the wire (and in JS) a code is its number.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_round_trip() {
        for (n, code) in ALL.iter().enumerate() {
            assert_eq!(code.number() as usize, n);
            assert_eq!(Code::from_number(n as i64), Some(*code));
            assert_eq!(Code::from_name(code.name()), Some(*code));
        }
        assert_eq!(Code::Ok.name(), "OK");
        assert_eq!(Code::Cancelled.name(), "CANCELLED");
        assert_eq!(Code::Unauthenticated.number(), 16);
        assert_eq!(Code::from_number(17), None);
        assert_eq!(Code::from_number(-1), None);
        assert_eq!(Code::from_name("not_found"), None);
        // Only whole names: no prefix, extension, piece of the text or empty name.
        for near in ["", "OK,", ",OK", "CANCELLE", "UNAUTHENTICATEDX", "OK,CANCELLED", "DATA_LOSS,UNAUTHENTICATED", ","]
        {
            assert_eq!(Code::from_name(near), None, "{near:?}");
        }
        // Each name is its variant's, in SCREAMING_SNAKE_CASE, and the text holds nothing else.
        assert_eq!(NAMES.split(',').count(), ALL.len());
        for code in ALL {
            let mut want = std::string::String::new();
            for (i, c) in std::format!("{code:?}").chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    want.push('_');
                }
                want.push(c.to_ascii_uppercase());
            }
            assert_eq!(code.name(), want);
        }
    }

    #[test]
    fn http_mapping_follows_code_proto() {
        let table = [
            (400, Code::InvalidArgument),
            (401, Code::Unauthenticated),
            (403, Code::PermissionDenied),
            (404, Code::NotFound),
            (409, Code::Aborted),
            (416, Code::OutOfRange),
            (429, Code::ResourceExhausted),
            (499, Code::Cancelled),
            (501, Code::Unimplemented),
            (503, Code::Unavailable),
            (504, Code::DeadlineExceeded),
            (200, Code::Ok),
            (204, Code::Ok),
            (418, Code::FailedPrecondition),
            (500, Code::Internal),
            (502, Code::Internal),
            (302, Code::Unknown),
            (0, Code::Unknown),
            (600, Code::Unknown),
        ];
        for (http, code) in table {
            assert_eq!(Code::from_http_status(http), code, "HTTP {http}");
        }
    }
}
