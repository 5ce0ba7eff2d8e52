//! `google.longrunning.Operation` and `ListOperationsResponse`
//! (`google/longrunning/operations.proto`), decoded from their proto3 JSON form.
//!
//! Contract:
//! * `name`: a string, absent → `""`. `done`: a boolean, absent → `false`. As in proto3 JSON, a
//!   member whose value is `null` counts as absent.
//! * `metadata` and `response` are `google.protobuf.Any` objects: kept exactly as sent
//!   (`"@type"` and every other member) and handed to JavaScript unchanged.
//! * `error` is a `google.rpc.Status` whose `code` is the rpc code (see
//!   [`Status::from_rpc_json`]).
//! * `result` is a oneof: an operation with both `error` and `response` is refused. `done: true`
//!   with neither is valid (e.g. a cancelled operation some services report that way), and so is
//!   a result while `done` is false (kept as sent).
//! * Invalid input is refused with `INVALID_ARGUMENT` and a message saying what was wrong and
//!   what was expected. Unknown members are ignored. Nothing panics.

use crate::json::{Doc, Json, JsonError, Value};
use crate::prelude::*;
use crate::status::{body_text, got, member_of, read_rpc_status, Error, Status, StatusRef};
use crate::text::{concat, dec};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A `google.longrunning.Operation`.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The server-assigned name, e.g. `projects/p/locations/l/operations/o`.
    pub name: String,
    /// Service-specific progress (an `Any` object), as sent.
    pub metadata: Option<Json>,
    /// `true` once the operation finished (successfully, with an error, or cancelled).
    pub done: bool,
    pub result: Option<OperationResult>,
}

/// The `result` oneof of an [`Operation`].
#[derive(Clone, Debug, PartialEq)]
pub enum OperationResult {
    /// The operation failed or was cancelled (`code` 1, `CANCELLED`).
    Error(Status),
    /// The operation succeeded; the `Any` object as sent.
    Response(Json),
}

impl Operation {
    /// The error, if the operation failed.
    pub fn error(&self) -> Option<&Status> {
        match &self.result {
            Some(OperationResult::Error(status)) => Some(status),
            _ => None,
        }
    }

    /// The response, if the operation succeeded with one.
    pub fn response(&self) -> Option<&Json> {
        match &self.result {
            Some(OperationResult::Response(response)) => Some(response),
            _ => None,
        }
    }
}

/// The refusal of a body: `prefix` (`"invalid {message name}: "`), then what was wrong.
/// Always inlined: smaller than the calls binaryen's inlining limits leave.
#[inline(always)]
fn invalid(prefix: &str, detail: &str) -> Error {
    Status::invalid_argument(concat(&[prefix, detail]))
}

/// An `Operation` read where it lies in its JSON text: the parts handed on verbatim (`name`,
/// `metadata`, `response`, the error's message and details) are spans of that text.
pub struct OperationRef<'d> {
    /// `name` when present (a JSON string).
    pub name: Option<Value<'d>>,
    pub done: bool,
    pub metadata: Option<Value<'d>>,
    pub result: Option<ResultRef<'d>>,
}

/// The `result` oneof of an [`OperationRef`].
pub enum ResultRef<'d> {
    Error(StatusRef<'d>),
    Response(Value<'d>),
}

impl OperationRef<'_> {
    /// The owned `Operation`.
    pub fn to_operation(&self) -> Operation {
        Operation {
            name: self.name.and_then(|n| n.as_str()).map(|n| n.into_owned()).unwrap_or_default(),
            metadata: self.metadata.map(|m| m.to_json()),
            done: self.done,
            result: self.result.as_ref().map(|r| match r {
                ResultRef::Error(e) => OperationResult::Error(e.to_status()),
                ResultRef::Response(v) => OperationResult::Response(v.to_json()),
            }),
        }
    }

    /// The rpc code of the error, if the operation carries one.
    pub fn error_code(&self) -> Option<crate::code::Code> {
        match &self.result {
            Some(ResultRef::Error(e)) => Some(e.code),
            _ => None,
        }
    }
}

/// A page of `ListOperations` read in place: the operations, the next page token (`None` when
/// absent or empty) and the unreachable resources (JSON strings).
pub struct PageRef<'d> {
    pub operations: Vec<OperationRef<'d>>,
    pub next_page_token: Option<Value<'d>>,
    pub unreachable: Vec<Value<'d>>,
}

/// What is wrong with a body that is not JSON.
fn not_json(e: &JsonError) -> String {
    // As the error's `Display` has it, without linking `core::fmt`.
    let mut d = concat(&["the body is not valid JSON (", e.reason, " at byte "]);
    crate::text::push_usize(&mut d, e.offset);
    d.push(')');
    d
}

/// How the refusal of each message's body starts (see [`invalid`]).
const BAD_OPERATION: &str = "invalid google.longrunning.Operation: ";
const BAD_PAGE: &str = "invalid google.longrunning.ListOperationsResponse: ";

/// Reads an `Operation` from JSON text (a `GetOperation` response body, for instance) and hands
/// it to `f` while the text's tape is alive.
/// Always inlined into its one caller, the JS edge, as binaryen no longer does.
#[inline(always)]
pub fn with_operation<R>(text: &str, f: impl FnOnce(Result<OperationRef<'_>, Error>) -> R) -> R {
    let parsed = Doc::parse(text);
    let read = match &parsed {
        Ok(doc) => read_operation(doc.root()),
        Err(e) => Err(not_json(e)),
    };
    f(read.map_err(|e| invalid(BAD_OPERATION, &e)))
}

/// Decodes an `Operation` from JSON text (a `GetOperation` response body, for instance).
pub fn decode_operation(text: &str) -> Result<Operation, Error> {
    with_operation(text, |r| r.map(|op| op.to_operation()))
}

/// Decodes an `Operation` from a parsed JSON value; see the module documentation.
pub fn operation_from_json(value: &Json) -> Result<Operation, Error> {
    decode_operation(&crate::json::to_string(value))
}

/// What `metadata` and `response` must be.
const ANY: &str = "an object (a google.protobuf.Any with \"@type\")";

/// Reads one `Operation` (see the module documentation); `Err` says what was wrong.
pub fn read_operation(value: Value<'_>) -> Result<OperationRef<'_>, String> {
    object(value)?;
    let name = member_of(value, "name", "a string")?;
    let done = member_of(value, "done", "a boolean (true or false)")?.and_then(|v| v.as_bool()).unwrap_or(false);
    let metadata = member_of(value, "metadata", ANY)?;
    let response = member_of(value, "response", ANY)?;
    let result = match member_of(value, "error", "an object (a google.rpc.Status)")? {
        None => response.map(ResultRef::Response),
        Some(e) => {
            let error =
                read_rpc_status(e).map_err(|m| concat(&["\"error\" is not a valid google.rpc.Status: ", &m]))?;
            if response.is_some() {
                return Err(concat(&["it has both \"error\" and \"response\"; at most one is allowed (oneof result)"]));
            }
            Some(ResultRef::Error(error))
        }
    };
    Ok(OperationRef { name, done, metadata, result })
}

/// A page of `ListOperations`: the operations, the next page token (`None` when absent or
/// empty) and the unreachable resources.
pub type OperationsPage = (Vec<Operation>, Option<String>, Vec<String>);

/// Reads a `ListOperationsResponse`: `{"operations": [...], "nextPageToken": "...",
/// "unreachable": [...]}`, every member optional; an empty (or blank) body and `{}` give an
/// empty page. Hands the page to `f` while the text's tape is alive.
/// Always inlined into its one caller, the JS edge, as binaryen no longer does (36 B gzip).
#[inline(always)]
pub fn with_page<R>(text: &str, f: impl FnOnce(Result<PageRef<'_>, Error>) -> R) -> R {
    let blank = body_text(text).is_empty();
    let parsed = if blank { None } else { Some(Doc::parse(text)) };
    let read = match &parsed {
        None => Ok(PageRef { operations: Vec::new(), next_page_token: None, unreachable: Vec::new() }),
        Some(Ok(doc)) => read_page(doc.root()),
        Some(Err(e)) => Err(not_json(e)),
    };
    f(read.map_err(|e| invalid(BAD_PAGE, &e)))
}

/// `Err` unless `value` is a JSON object.
/// Always inlined: smaller than the calls binaryen's inlining limits leave.
#[inline(always)]
fn object(value: Value<'_>) -> Result<(), String> {
    if value.is_object() {
        Ok(())
    } else {
        Err(got("expected a JSON object, got ", value))
    }
}

/// What is wrong with element `i` of a list: `{list}[{i}]{what}{detail}`.
/// Always inlined: smaller than the calls binaryen's inlining limits leave.
#[inline(always)]
fn element(list: &str, i: usize, what: &str, detail: &str) -> String {
    concat(&[list, &dec(i), what, detail])
}

fn read_page(value: Value<'_>) -> Result<PageRef<'_>, String> {
    object(value)?;
    let mut operations = Vec::new();
    if let Some(v) = member_of(value, "operations", "an array")? {
        // Every element before this one was pushed: its index is how many there are.
        for item in v.items() {
            match read_operation(item) {
                Ok(op) => operations.push(op),
                Err(e) => return Err(element("operations[", operations.len(), "]: ", &e)),
            }
        }
    }
    // The token is a string, and an empty one is the only string whose text (`""`, with its
    // quotes) is two bytes long.
    let next_page_token = member_of(value, "nextPageToken", "a string")?.filter(|v| {
        let (start, end) = v.span();
        end.wrapping_sub(start) != 2
    });
    let mut unreachable = Vec::new();
    if let Some(v) = member_of(value, "unreachable", "an array")? {
        // As for the operations, an element's index is how many were pushed before it.
        for item in v.items() {
            let kind = item.kind();
            if kind != "a string" {
                return Err(element("unreachable[", unreachable.len(), "] must be a string, got ", kind));
            }
            unreachable.push(item);
        }
    }
    Ok(PageRef { operations, next_page_token, unreachable })
}

/// Decodes a `ListOperationsResponse` (see [`with_page`]): the operations, the next page token
/// (`None` when absent or empty) and the unreachable locations.
pub fn decode_list_operations(text: &str) -> Result<OperationsPage, Error> {
    with_page(text, |page| {
        page.map(|p| {
            let text = |v: Value| v.as_str().map(|s| s.into_owned()).unwrap_or_default();
            (
                p.operations.iter().map(OperationRef::to_operation).collect(),
                p.next_page_token.map(text),
                p.unreachable.into_iter().map(text).collect(),
            )
        })
    })
}

/// `{ name, done, metadata?, error?, response? }`: `name` and `done` always, the others only when
/// present; `metadata`/`response` exactly as sent, `error` as `Status` serializes
/// (`{code, status, message, details}`).
impl Serialize for Operation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Operation", 5)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("done", &self.done)?;
        match &self.metadata {
            Some(metadata) => st.serialize_field("metadata", metadata)?,
            None => st.skip_field("metadata")?,
        }
        match &self.result {
            Some(OperationResult::Error(status)) => {
                st.serialize_field("error", status)?;
                st.skip_field("response")?;
            }
            Some(OperationResult::Response(response)) => {
                st.skip_field("error")?;
                st.serialize_field("response", response)?;
            }
            None => {
                st.skip_field("error")?;
                st.skip_field("response")?;
            }
        }
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::json::{parse, to_json};

    fn json(text: &str) -> Json {
        parse(text).unwrap_or_else(|e| panic!("bad test JSON {text:?}: {e}"))
    }

    #[test]
    fn running_with_metadata() {
        let text = r#"{"name": "projects/p/locations/us-central1/operations/operation-1",
            "metadata": {"@type": "type.googleapis.com/google.cloud.run.v2.Service", "progress": 40}}"#;
        let op = decode_operation(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(op.name, "projects/p/locations/us-central1/operations/operation-1");
        assert!(!op.done);
        assert_eq!(op.result, None);
        assert_eq!(op.metadata.as_ref().and_then(|m| m.get("progress")), Some(&Json::Number(40.0)));
        assert_eq!(
            to_json(&op),
            Ok(json(
                r#"{"name": "projects/p/locations/us-central1/operations/operation-1", "done": false,
                "metadata": {"@type": "type.googleapis.com/google.cloud.run.v2.Service", "progress": 40}}"#
            ))
        );
    }

    #[test]
    fn done_with_cancelled_error() {
        let op = decode_operation(
            r#"{"name": "operations/o", "done": true, "error": {"code": 1, "message": "Operation was cancelled."}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(op.error(), Some(&Status::new(Code::Cancelled, "Operation was cancelled.")));
        assert_eq!(op.response(), None);
        assert_eq!(
            to_json(&op),
            Ok(json(
                r#"{"name":"operations/o","done":true,"error":{"code":1,"status":"CANCELLED","message":"Operation was cancelled.","details":[]}}"#
            ))
        );
    }

    #[test]
    fn invalid_inputs() {
        let cases = [
            ("", "invalid google.longrunning.Operation: the body is not valid JSON (unexpected end of input, expected a value at byte 0)"),
            ("[]", "invalid google.longrunning.Operation: expected a JSON object, got an array"),
            (r#"{"done": "yes"}"#, "invalid google.longrunning.Operation: \"done\" must be a boolean (true or false), got a string"),
            (r#"{"name": 5}"#, "invalid google.longrunning.Operation: \"name\" must be a string, got a number"),
            (r#"{"error": "boom"}"#, "invalid google.longrunning.Operation: \"error\" must be an object (a google.rpc.Status), got a string"),
            (r#"{"error": {"code": "x"}}"#, "invalid google.longrunning.Operation: \"error\" is not a valid google.rpc.Status: \"code\" must be an integer google.rpc.Code (0-16), got a string"),
            (r#"{"metadata": []}"#, "invalid google.longrunning.Operation: \"metadata\" must be an object (a google.protobuf.Any with \"@type\"), got an array"),
            (r#"{"done": true, "error": {"code": 2}, "response": {}}"#, "invalid google.longrunning.Operation: it has both \"error\" and \"response\"; at most one is allowed (oneof result)"),
        ];
        for (text, message) in cases {
            assert_eq!(decode_operation(text), Err(Status::invalid_argument(message)), "{text}");
        }
    }

    #[test]
    fn list() {
        assert_eq!(decode_list_operations(""), Ok((vec![], None, vec![])));
        assert_eq!(decode_list_operations(" {} "), Ok((vec![], None, vec![])));
        let (ops, token, unreachable) = decode_list_operations(
            r#"{"operations": [{"name": "operations/a"}, {"name": "operations/b", "done": true, "response": {"@type": "x/y"}}],
                "nextPageToken": "tok", "unreachable": ["projects/p/locations/asia-east1"]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ops.len(), 2);
        assert_eq!(ops.get(1).and_then(Operation::response), Some(&json(r#"{"@type": "x/y"}"#)));
        assert_eq!(token.as_deref(), Some("tok"));
        assert_eq!(unreachable, vec!["projects/p/locations/asia-east1".to_owned()]);
        assert_eq!(decode_list_operations(r#"{"nextPageToken": ""}"#), Ok((vec![], None, vec![])));
        assert_eq!(decode_list_operations(r#"{"nextPageToken": "a"}"#), Ok((vec![], Some("a".to_owned()), vec![])));
        assert_eq!(decode_list_operations(r#"{"nextPageToken": "\n"}"#), Ok((vec![], Some("\n".to_owned()), vec![])));
        let bad = [
            (r#"{"operations": {}}"#, "\"operations\" must be an array, got an object"),
            (
                r#"{"operations": [{"done": 1}]}"#,
                "operations[0]: \"done\" must be a boolean (true or false), got a number",
            ),
            (r#"{"nextPageToken": 3}"#, "\"nextPageToken\" must be a string, got a number"),
            (r#"{"unreachable": [1]}"#, "unreachable[0] must be a string, got a number"),
            (r#"{"unreachable": ["a", "b", null]}"#, "unreachable[2] must be a string, got null"),
            (
                r#"{"operations": [{}, {"name": "b"}, {"name": []}]}"#,
                "operations[2]: \"name\" must be a string, got an array",
            ),
            (r#"{"unreachable": "x"}"#, "\"unreachable\" must be an array, got a string"),
            ("[]", "expected a JSON object, got an array"),
        ];
        for (text, message) in bad {
            assert_eq!(
                decode_list_operations(text),
                Err(Status::invalid_argument(format!("invalid google.longrunning.ListOperationsResponse: {message}"))),
                "{text}"
            );
        }
    }
}
