//! Error details (google/rpc/error_details.proto). SEED: helper B owns this file.
use crate::json::Json;

#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    Other(Json),
}
