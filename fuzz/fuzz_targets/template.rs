//! Path templates and HTTP rules: parsing never panics; an accepted template round-trips.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lro_cancel::template::{parse_http_rule, PathTemplate};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(t) = PathTemplate::parse(s) {
            let again = PathTemplate::parse(t.as_str()).expect("a template's canonical text parses again");
            assert_eq!(again.as_str(), t.as_str());
        }
        let _ = parse_http_rule(s);
    }
});
