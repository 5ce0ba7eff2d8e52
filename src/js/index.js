// The package's entry: loads lro_cancel_bg.wasm and hands its exports to the API (api.js).
//
// The module is built without wasm-bindgen's runtime (see Cargo.toml), so it needs no glue: its
// one import is `lro.number`, JavaScript's own correctly rounded `Number` for the JSON reader's
// numbers other than short integers, and it has no start function. `init` and `initSync` take what wasm-bindgen's
// did, so that the README's forms keep working.
import { install, wasmNumber } from './api.js';

export {
  LroError,
  buildCancelRequest,
  resolveName,
  services,
  registerCatalogue,
  decodeOperation,
  decodeStatus,
  decodeError,
  cancelOperation,
  getOperation,
  cancelAndWait,
  listOperations,
  cancelMany,
} from './api.js';

const imports = { lro: { number: wasmNumber } };
let loaded; // the module's exports, once instantiated
let loading; // the Promise of an `init` under way

/** Takes an Instance, or `{ module, instance }` as instantiate(Streaming) gives from bytes. */
function start(r) {
  loaded = (r.instance ?? r).exports;
  install(loaded, loaded.memory);
  return loaded;
}

/**
 * Loads the module once: from `input.module_or_path` (a URL or string, a `Request`, a `Response`
 * or a Promise of one, bytes, or a `WebAssembly.Module`), by default `lro_cancel_bg.wasm` next
 * to this file. Concurrent calls share one load; a failed load may be retried.
 */
export default async function init(input) {
  return loaded || (loading ??= load(input).catch((e) => {
    loading = undefined;
    throw e;
  }));
}

async function load(input) {
  let source = input !== undefined && Object.getPrototypeOf(input) === Object.prototype ? input.module_or_path : input;
  source ??= new URL('lro_cancel_bg.wasm', import.meta.url);
  if (typeof source === 'string' || source instanceof URL || (typeof Request === 'function' && source instanceof Request)) {
    source = fetch(source);
  }
  source = await source;
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new Error(`lro-cancel: fetching the wasm module failed: ${source.status} ${source.statusText} ${source.url}`);
    // Compiling while downloading needs the type application/wasm.
    if (WebAssembly.instantiateStreaming && source.headers.get('content-type') === 'application/wasm') {
      return start(await WebAssembly.instantiateStreaming(source, imports));
    }
    source = await source.arrayBuffer();
  }
  // An Instance from a Module, `{ module, instance }` from bytes.
  return start(await WebAssembly.instantiate(source, imports));
}

/** Instantiates the module at once from `input.module`: bytes or a `WebAssembly.Module`. */
export function initSync(input) {
  if (loaded) return loaded;
  const m = input !== undefined && Object.getPrototypeOf(input) === Object.prototype ? input.module : input;
  return start(new WebAssembly.Instance(m instanceof WebAssembly.Module ? m : new WebAssembly.Module(m), imports));
}
