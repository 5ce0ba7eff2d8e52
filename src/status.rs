//! `google.rpc.Status` (google/rpc/status.proto) and decoding Google's HTTP error bodies.
//! SEED: helper B owns this file and replaces this seed.

use crate::code::Code;
use crate::details::Detail;

/// A `google.rpc.Status`: the error model of Google APIs.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub code: Code,
    pub message: String,
    pub details: Vec<Detail>,
}

impl Status {
    pub fn new(code: Code, message: impl Into<String>) -> Status {
        Status { code, message: message.into(), details: Vec::new() }
    }

    /// The error every refused input gets: code 3, `INVALID_ARGUMENT`.
    pub fn invalid_argument(message: impl Into<String>) -> Status {
        Status::new(Code::InvalidArgument, message)
    }
}
