//! Any bytes as an HTTP error body, with any status: decoding never panics and always says
//! something.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lro_cancel::status::decode_http_error;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]) % 1000, rest),
        _ => (500, data),
    };
    let body = String::from_utf8_lossy(body);
    let s = decode_http_error(status, &body);
    assert!(!s.message.is_empty());
});
