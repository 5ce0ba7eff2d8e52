//! Names against every catalogue template: check never panics, and an accepted name expands to
//! a URL on the service's own host whose path decodes back to the name.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lro_cancel::catalogue;
use lro_cancel::template::percent_decode;

fuzz_target!(|data: &[u8]| {
    let Ok(name) = std::str::from_utf8(data) else { return };
    for service in catalogue::services() {
        let Ok(origin) = service.origin() else { continue };
        if let Ok(url) = service.cancel_url(&origin, name) {
            let prefix = format!("{}/{}/", origin.as_str(), service.version);
            let path = url.strip_prefix(&prefix).expect("the URL stays on the service's origin");
            let escaped = path.strip_suffix(":cancel").expect("the URL ends with :cancel");
            assert!(!escaped.contains(['?', '#', '\\', ' ']));
            assert_eq!(percent_decode(escaped).as_deref(), Some(name));
        }
    }
});
