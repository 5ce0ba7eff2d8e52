//! Endpoints: parsing never panics; an accepted one is https, or http on loopback, with no
//! userinfo, path, query or fragment.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lro_cancel::endpoint::parse_endpoint;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(origin) = parse_endpoint(s) {
        let o = origin.as_str();
        let rest = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://")).expect("scheme");
        assert!(!rest.contains(['/', '?', '#', '@', '\\', ' ']), "{o}");
        if o.starts_with("http://") {
            let host = origin.host();
            assert!(host.starts_with("localhost") || host.starts_with("127.") || host.starts_with("[::1]"), "{o}");
        }
    }
});
