//! Any text as an Operation: decoding never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lro_cancel::operation::decode_operation;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = decode_operation(s);
    }
});
