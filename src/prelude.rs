//! The `alloc` items the modules use: the crate is `no_std` (see lib.rs), so they are not in the
//! language prelude.

pub(crate) use alloc::borrow::{Cow, ToOwned};
pub(crate) use alloc::boxed::Box;
pub(crate) use alloc::string::String;
#[cfg(test)]
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;
#[cfg(test)]
pub(crate) use alloc::{format, string::ToString};
