//! The JavaScript API as Rust functions, for Rust callers such as the browser tests
//! (tests/web.rs). The API itself is `src/js/api.js` over the numeric edge (`abi`). The
//! package's entry hands the module to `api.js` when it loads it (see `scripts/package.mjs`);
//! a Rust caller loads the module some other way, so these wrappers hand it over first
//! (`ensure_installed`). The network calls return their Promises (as `JsValue`s, so that the
//! library does not depend on js-sys). None of this is exported: it costs the shipped module
//! nothing.

use core::cell::Cell;

use wasm_bindgen::prelude::*;

use crate::single::Local;

#[wasm_bindgen(module = "/src/js/api.js")]
extern "C" {
    /// Hands the module's exports and memory to the API.
    fn install(exports: JsValue, memory: JsValue);
    #[wasm_bindgen(js_name = services)]
    fn js_services(query: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = registerCatalogue, catch)]
    fn js_register_catalogue(table: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = resolveName, catch)]
    fn js_resolve_name(options: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = buildCancelRequest, catch)]
    fn js_build_cancel_request(options: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = decodeError)]
    fn js_decode_error(http_status: JsValue, body: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = decodeOperation, catch)]
    fn js_decode_operation(input: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = cancelOperation)]
    fn js_cancel_operation(options: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = getOperation)]
    fn js_get_operation(options: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = cancelAndWait)]
    fn js_cancel_and_wait(options: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = listOperations)]
    fn js_list_operations(options: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = cancelMany)]
    fn js_cancel_many(options: JsValue) -> JsValue;
}

static INSTALLED: Local<Cell<bool>> = Local(Cell::new(false));

/// Hands the module's exports and memory to `src/js/api.js` once.
pub fn ensure_installed() {
    if !INSTALLED.0.replace(true) {
        // Development builds with std: a panic would trap the module for the whole page, and
        // clippy's lints keep every panic out of the library, so one found in testing must be loud.
        #[cfg(all(debug_assertions, feature = "std"))]
        {
            #[wasm_bindgen]
            extern "C" {
                #[wasm_bindgen(js_namespace = console, js_name = error)]
                fn console_error(message: &str);
            }
            std::panic::set_hook(std::boxed::Box::new(|info| {
                console_error(&crate::text::concat(&[
                    "lro-cancel panicked: ",
                    &alloc::string::ToString::to_string(info),
                ]))
            }));
        }
        install(wasm_bindgen::exports(), wasm_bindgen::memory());
    }
}

/// `services(query?)`.
pub fn services(query: JsValue) -> JsValue {
    ensure_installed();
    js_services(query)
}

/// `registerCatalogue(text)`.
pub fn register_catalogue(table: JsValue) -> Result<f64, JsValue> {
    ensure_installed();
    js_register_catalogue(table).map(|n| n.as_f64().unwrap_or(0.0))
}

/// `resolveName(options)`.
pub fn resolve_name(options: JsValue) -> Result<JsValue, JsValue> {
    ensure_installed();
    js_resolve_name(options)
}

/// `buildCancelRequest(options)`.
pub fn build_cancel_request(options: JsValue) -> Result<JsValue, JsValue> {
    ensure_installed();
    js_build_cancel_request(options)
}

/// `decodeError(httpStatus, body)`.
pub fn decode_error(http_status: JsValue, body: JsValue) -> JsValue {
    ensure_installed();
    js_decode_error(http_status, body)
}

/// `decodeOperation(input)`.
pub fn decode_operation(input: JsValue) -> Result<JsValue, JsValue> {
    ensure_installed();
    js_decode_operation(input)
}

/// `cancelOperation(options)`.
pub fn cancel_operation(options: JsValue) -> JsValue {
    ensure_installed();
    js_cancel_operation(options)
}

/// `getOperation(options)`.
pub fn get_operation(options: JsValue) -> JsValue {
    ensure_installed();
    js_get_operation(options)
}

/// `cancelAndWait(options)`.
pub fn cancel_and_wait(options: JsValue) -> JsValue {
    ensure_installed();
    js_cancel_and_wait(options)
}

/// `listOperations(options)`.
pub fn list_operations(options: JsValue) -> JsValue {
    ensure_installed();
    js_list_operations(options)
}

/// `cancelMany(options)`.
pub fn cancel_many(options: JsValue) -> JsValue {
    ensure_installed();
    js_cancel_many(options)
}
