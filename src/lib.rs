//! lro-cancel: cancel Google Cloud long-running operations from the browser.
//!
//! The data path (see README "Design"): JS options (`src/js/api.js`) → `abi`, the numeric edge →
//! `catalogue` (which service) → `template` (AIP-127 / http.proto path templates: match the
//! name, expand the URL) → `endpoint` (which origin); `src/js/api.js` sends it (fetch,
//! deadline, abort), `retry` decides whether and when to try again, `status` / `operation`
//! decode the body, `wait` what a polled operation's state means.
//!
//! Everything but `abi` and `bindings` is pure Rust without JS types and is tested natively.
//! No code reachable from JavaScript may panic: a panic traps the wasm module for the whole page.
//!
//! The crate is `no_std` with `alloc`. The `std` feature (default: native builds and the browser
//! tests) links std; the shipped wasm is built without it, which keeps std's panic and
//! formatting machinery out of the module.
#![no_std]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

mod prelude;
mod single;

/// Without std, a panic (which clippy's lints keep out of the library) traps at once.
#[cfg(all(target_arch = "wasm32", not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

pub mod catalogue;
pub mod code;
pub mod details;
pub mod endpoint;
/// The strict JSON reader (the `lro-json` crate, built for speed).
pub use lro_json as json;
pub mod operation;
pub mod resolve;
pub mod status;
pub mod template;

pub use code::Code;
pub use status::{Error, Refusal, Status};
pub mod retry;
mod text;
pub mod wait;

#[cfg(target_arch = "wasm32")]
pub mod abi;
/// The API as Rust functions over `src/js/api.js`, for the browser tests: only in builds with
/// std, so that the shipped module uses nothing of wasm-bindgen (no glue, no externref table).
#[cfg(all(target_arch = "wasm32", feature = "std"))]
pub mod bindings;
#[cfg(any(target_arch = "wasm32", test))]
mod heap;
