// Type definitions for lro-cancel: cancel Google Cloud long-running operations from the browser.
//
// Hand-written (wasm-bindgen would type every option as `any`); the build copies this file to
// pkg/index.d.ts. Needs the "DOM" or "WebWorker" lib (`compilerOptions.lib`) for RequestInfo,
// Response and AbortSignal.

// ------------------------------------------------------------------------------ initialisation

/** What {@link init} can load the WebAssembly module from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What {@link initSync} can instantiate synchronously: the bytes, or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * The instantiated module's raw exports. Internal: use the functions this package exports
 * instead. Only `memory` is listed here, the rest change from version to version.
 */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
}

/**
 * Loads and instantiates the WebAssembly module. Call it (and await it) once before any other
 * export; later calls return the same instance. Until it has finished, every other export
 * (but {@link LroError}) throws a `TypeError`.
 *
 * Without an argument it fetches `lro_cancel_bg.wasm` next to the package's JavaScript
 * (`new URL('lro_cancel_bg.wasm', import.meta.url)`), which is what bundlers such as Vite
 * rewrite to the emitted asset. Pass `{ module_or_path }` to load it from somewhere else: a URL,
 * a `Response`, the bytes, or a compiled `WebAssembly.Module`. In Node, pass the bytes (Node's
 * `fetch` cannot read `file:` URLs).
 *
 * Passing the `InitInput` directly, without the `{ module_or_path }` wrapper, still works but is
 * deprecated by wasm-bindgen (it logs a warning). Together the two overloads accept exactly what
 * wasm-bindgen's generated `init` accepts.
 *
 * @example
 * ```ts
 * import init, { cancelOperation } from 'lro-cancel';
 * await init();
 * ```
 * @example Node 20
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * await init({ module_or_path: await readFile(new URL(import.meta.resolve('lro-cancel/lro_cancel_bg.wasm'))) });
 * ```
 * @returns The module's raw exports (rarely needed).
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<InitOutput>;
/** @deprecated Pass `{ module_or_path }` instead: `init({ module_or_path: url })`. */
export default function init(module_or_path: InitInput | Promise<InitInput>): Promise<InitOutput>;

/**
 * Instantiates the WebAssembly module synchronously from its bytes or a compiled
 * `WebAssembly.Module`. For Node and workers: browsers limit synchronous compilation on a
 * page's main thread, so prefer {@link init} in pages.
 *
 * Passing the `SyncInitInput` directly, without the `{ module }` wrapper, is deprecated.
 *
 * @example Node 20
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { initSync } from 'lro-cancel';
 * initSync({ module: readFileSync(new URL(import.meta.resolve('lro-cancel/lro_cancel_bg.wasm'))) });
 * ```
 */
export function initSync(module: { module: SyncInitInput }): InitOutput;
/** @deprecated Pass `{ module }` instead: `initSync({ module: bytes })`. */
export function initSync(module: SyncInitInput): InitOutput;

// ------------------------------------------------------------------------------ google.rpc

/**
 * A `google.rpc.Code` number (google/rpc/code.proto):
 * 0 OK, 1 CANCELLED, 2 UNKNOWN, 3 INVALID_ARGUMENT, 4 DEADLINE_EXCEEDED, 5 NOT_FOUND,
 * 6 ALREADY_EXISTS, 7 PERMISSION_DENIED, 8 RESOURCE_EXHAUSTED, 9 FAILED_PRECONDITION,
 * 10 ABORTED, 11 OUT_OF_RANGE, 12 UNIMPLEMENTED, 13 INTERNAL, 14 UNAVAILABLE, 15 DATA_LOSS,
 * 16 UNAUTHENTICATED.
 */
export type Code = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16;

/** The name of a {@link Code}, as `code.proto` spells it; `status` and `code` always agree. */
export type StatusName =
  | 'OK'
  | 'CANCELLED'
  | 'UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DATA_LOSS'
  | 'UNAUTHENTICATED';

/**
 * A `google.protobuf.Any` in its JSON form: the message's fields next to its type URL, e.g.
 * `{ '@type': 'type.googleapis.com/google.cloud.gkehub.v1.OperationMetadata', verb: 'create', … }`.
 */
export interface Any {
  '@type': string;
  [field: string]: unknown;
}

/**
 * `google.rpc.ErrorInfo`: why the call failed, machine-readably. `reason` is an
 * UPPER_SNAKE_CASE constant (e.g. `'IAM_PERMISSION_DENIED'`, `'RATE_LIMIT_EXCEEDED'`),
 * unique within `domain` (e.g. `'googleapis.com'`). {@link LroError} lifts all three fields.
 */
export interface ErrorInfo {
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo';
  reason: string;
  domain: string;
  /** E.g. `{ service: 'gkehub.googleapis.com', consumer: 'projects/123' }`. */
  metadata?: Record<string, string>;
}

/** `google.rpc.RetryInfo`: how long to wait before trying again. */
export interface RetryInfo {
  '@type': 'type.googleapis.com/google.rpc.RetryInfo';
  /** A `google.protobuf.Duration` as sent, e.g. `'1.500s'`. */
  retryDelay?: string;
  /** `retryDelay` in whole milliseconds (rounded up), added by lro-cancel when it parses. */
  retryDelayMs?: number;
}

/** `google.rpc.DebugInfo`: server-side debugging information. */
export interface DebugInfo {
  '@type': 'type.googleapis.com/google.rpc.DebugInfo';
  stackEntries?: string[];
  detail?: string;
}

/** One failed quota check of a {@link QuotaFailure}. */
export interface QuotaViolation {
  subject?: string;
  description?: string;
  apiService?: string;
  quotaMetric?: string;
  quotaId?: string;
  quotaDimensions?: Record<string, string>;
  /** An `int64`: proto3 JSON sends it as a decimal string. */
  quotaValue?: string | number;
  /** An `optional int64`: proto3 JSON sends it as a decimal string. */
  futureQuotaValue?: string | number;
}

/** `google.rpc.QuotaFailure`: which quota checks failed. */
export interface QuotaFailure {
  '@type': 'type.googleapis.com/google.rpc.QuotaFailure';
  violations: QuotaViolation[];
}

/** One failed precondition of a {@link PreconditionFailure}. */
export interface PreconditionViolation {
  /** E.g. `'TOS'`. */
  type?: string;
  subject?: string;
  description?: string;
}

/** `google.rpc.PreconditionFailure`: which preconditions failed. */
export interface PreconditionFailure {
  '@type': 'type.googleapis.com/google.rpc.PreconditionFailure';
  violations: PreconditionViolation[];
}

/** One invalid field of a {@link BadRequest}. */
export interface FieldViolation {
  /** A path to the field, e.g. `'operation.name'`. */
  field?: string;
  description?: string;
  reason?: string;
  localizedMessage?: { locale: string; message: string };
}

/** `google.rpc.BadRequest`: which request fields were invalid. */
export interface BadRequest {
  '@type': 'type.googleapis.com/google.rpc.BadRequest';
  fieldViolations: FieldViolation[];
}

/**
 * `google.rpc.RequestInfo`: the id of the request, to quote to support. Also exported as
 * `RequestInfo` (which, imported, shadows the DOM's `RequestInfo` type in that file).
 */
export interface RequestInfoDetail {
  '@type': 'type.googleapis.com/google.rpc.RequestInfo';
  requestId?: string;
  servingData?: string;
}

export type { RequestInfoDetail as RequestInfo };

/** `google.rpc.ResourceInfo`: the resource the error is about. */
export interface ResourceInfo {
  '@type': 'type.googleapis.com/google.rpc.ResourceInfo';
  resourceType?: string;
  resourceName?: string;
  owner?: string;
  description?: string;
}

/** One link of a {@link Help}. */
export interface HelpLink {
  description?: string;
  url?: string;
}

/** `google.rpc.Help`: links to documentation (e.g. how to raise a quota). */
export interface Help {
  '@type': 'type.googleapis.com/google.rpc.Help';
  links: HelpLink[];
}

/** `google.rpc.LocalizedMessage`: the error message in the user's language. */
export interface LocalizedMessage {
  '@type': 'type.googleapis.com/google.rpc.LocalizedMessage';
  /** A BCP-47 locale, e.g. `'en-US'`. */
  locale: string;
  message: string;
}

/** A detail of another type (any `google.protobuf.Any`), or one that did not match its type's shape. */
export interface UnknownDetail {
  '@type': string;
  [field: string]: unknown;
}

/** One of the `google/rpc/error_details.proto` messages that lro-cancel recognises. */
export type KnownDetail =
  | ErrorInfo
  | RetryInfo
  | DebugInfo
  | QuotaFailure
  | PreconditionFailure
  | BadRequest
  | RequestInfoDetail
  | ResourceInfo
  | Help
  | LocalizedMessage;

/**
 * One element of a status's `details`, in proto3 JSON (lowerCamelCase fields), exactly as the
 * server sent it (a `RetryInfo` also gets `retryDelayMs`).
 *
 * Comparing `'@type'` narrows to the known type *or* {@link UnknownDetail} (a detail whose fields
 * had the wrong JSON types is kept as sent); a type guard narrows to the known type alone:
 *
 * @example
 * ```ts
 * const isHelp = (d: Detail): d is Help => d['@type'] === 'type.googleapis.com/google.rpc.Help';
 * const links = err.details.filter(isHelp).flatMap((d) => d.links);
 * ```
 */
export type Detail = KnownDetail | UnknownDetail;

/** The `'@type'` of each {@link KnownDetail}. */
export type KnownDetailType = KnownDetail['@type'];

/**
 * A `google.rpc.Status` (google/rpc/status.proto): an operation's `error`. `status` is the
 * name of `code`.
 */
export interface Status {
  code: Code;
  status: StatusName;
  message: string;
  details: Detail[];
}

// ------------------------------------------------------------------------------ google.longrunning

/**
 * A `google.longrunning.Operation` (google/longrunning/operations.proto). While `done` is
 * false neither `error` nor `response` is set; once done, exactly one of them usually is (some
 * services finish with neither). A cancelled operation ends with `error.code === 1`.
 */
export interface Operation {
  /** The operation's resource name, e.g. `'projects/p/locations/l/operations/o'`. */
  name: string;
  done: boolean;
  /** Service-specific progress information, e.g. `OperationMetadata`. */
  metadata?: Any;
  /** Set when the operation failed or was cancelled. */
  error?: Status;
  /** Set when the operation succeeded (e.g. `google.protobuf.Empty`, or the created resource). */
  response?: Any;
}

// ------------------------------------------------------------------------------ errors

/** The fields of an {@link LroError}, for its constructor. */
export interface LroErrorFields {
  code: Code;
  status: StatusName;
  details: Detail[];
  httpStatus?: number;
  reason?: string;
  domain?: string;
  metadata?: Record<string, string>;
  retryDelayMs?: number;
}

/**
 * Every failure of lro-cancel: a `google.rpc.Status` (`code`, `status`, `message`, `details`)
 * plus the HTTP status when a response arrived and the fields of the first `ErrorInfo` and
 * `RetryInfo` detail lifted to the top. The access token never appears in it.
 *
 * Codes lro-cancel produces itself (without a server answer, so without `httpStatus`):
 * 1 `CANCELLED` (the caller's `signal` aborted), 3 `INVALID_ARGUMENT` (bad options or name),
 * 4 `DEADLINE_EXCEEDED` (`timeoutMs` ran out), 14 `UNAVAILABLE` (network error, CORS refusal),
 * 16 `UNAUTHENTICATED` (empty token, or the token function threw or rejected). Every other code
 * comes from the server; 12 `UNIMPLEMENTED` means the service cannot cancel that operation.
 *
 * @example
 * ```ts
 * try {
 *   await cancelOperation({ service: 'gkehub', name, accessToken });
 * } catch (e) {
 *   if (!(e instanceof LroError)) throw e;
 *   if (e.code === 7) show(`Permission denied (${e.reason ?? e.status}): ${e.message}`);
 *   else if (e.code === 12) show('This operation cannot be cancelled.');
 *   else show(e.message);
 * }
 * ```
 */
export class LroError extends Error {
  constructor(message: string, fields: LroErrorFields);
  readonly name: 'LroError';
  /** The `google.rpc.Code`. */
  code: Code;
  /** The name of `code`, e.g. `'NOT_FOUND'`. */
  status: StatusName;
  /** The server's message, or lro-cancel's explanation of what was wrong and what was expected. */
  message: string;
  /** The status's details, as sent. */
  details: Detail[];
  /** The HTTP status of the response that failed; absent when none arrived. */
  httpStatus?: number;
  /** `ErrorInfo.reason`, e.g. `'IAM_PERMISSION_DENIED'`. */
  reason?: string;
  /** `ErrorInfo.domain`, e.g. `'googleapis.com'`. */
  domain?: string;
  /** `ErrorInfo.metadata`. */
  metadata?: Record<string, string>;
  /** `RetryInfo.retryDelay` in milliseconds: how long the server asks to wait. */
  retryDelayMs?: number;
}

// ------------------------------------------------------------------------------ services

/** An entry of the service catalogue. */
export interface ServiceInfo {
  /**
   * The id to pass as `service`: one of the five built-in ids (`'gkehub'`, `'vault'`,
   * `'clouddeploy'`, `'beyondcorp'`, `'cloudaicompanion'`), or `api.version` for the services
   * {@link registerCatalogue} adds (e.g. `'aiplatform.v1'`, `'gkehub.v2'`).
   */
  id: string;
  /** The API's name, e.g. `'GKE Hub API'`. */
  title?: string;
  /** E.g. `'gkehub.googleapis.com'`. */
  host: string;
  /** The API version in the URL path, e.g. `'v1'` or `'v1beta'`. */
  version: string;
  /** The operation name templates the service accepts, e.g. `['projects/*\/locations/*\/operations/*']`. */
  templates: string[];
  /** OAuth scopes that allow cancelling (any of them will do), e.g. `['https://www.googleapis.com/auth/cloud-platform']`. */
  scopes: string[];
  /** The IAM permission cancelling needs, e.g. `'cloudaicompanion.operations.cancel'`, where the API documents one. */
  permission?: string;
}

/**
 * A service that is not in the catalogue: its host, API version and the operation name
 * templates (http.proto path template syntax, `*` one segment, `**` any number).
 */
export interface CustomService {
  /** E.g. `'aiplatform.googleapis.com'`. */
  host: string;
  /** E.g. `'v1'`. */
  version: string;
  /** E.g. `'projects/*\/locations/*\/operations/*'`, or several. */
  templates: string | string[];
}

/**
 * Which API an operation belongs to: a catalogue id (`'gkehub'`, or `'aiplatform.v1'` once
 * {@link registerCatalogue} has run; see {@link services}), an HTTP rule as in the API's
 * documentation
 * (`'POST https://aiplatform.googleapis.com/v1/{name=projects/*\/locations/*\/operations/*}:cancel'`),
 * or a {@link CustomService}.
 */
export type ServiceRef = string | CustomService;

/**
 * An operation's name, in one of three forms:
 *
 * - a plain resource name, `'projects/p/locations/global/operations/o'`: the `service` option
 *   says which API it belongs to, and is required;
 * - a full resource name (AIP-122), `'//gkehub.googleapis.com/projects/p/locations/global/operations/o'`;
 * - an operation URL, `'https://gkehub.googleapis.com/v1beta/projects/p/locations/global/operations/o'`,
 *   optionally ending in `:cancel`.
 *
 * For the last two `service` may be left out: lro-cancel infers it from the host and the
 * version (see {@link resolveName}).
 */
export type OperationName = string;

/**
 * Adds the services of a catalogue text to {@link services}: the full catalogue from
 * `lro-cancel/catalogue` (every Google API version with an Operations mixin, ids `api.version`
 * such as `'aiplatform.v1'`), or your own text in the same tab-separated format (the columns
 * `id host version templates scopes permission title`; `#` lines are comments). The five
 * built-in ids (`'gkehub'`, `'vault'`, `'clouddeploy'`, `'beyondcorp'`, `'cloudaicompanion'`)
 * stay as they are, and so does any row whose id is already known. Only the first successful
 * call registers anything: later calls change nothing and return the same count.
 *
 * The full catalogue is a separate entry point so that the core stays small: import it only
 * where you need more than the built-in services.
 *
 * @param tsv The catalogue text.
 * @returns How many services are known afterwards (the built-in ones included).
 * @throws {LroError} code 3 `INVALID_ARGUMENT` if the text is not in the catalogue format.
 * @example
 * ```ts
 * import init, { registerCatalogue, buildCancelRequest } from 'lro-cancel';
 * import { catalogue } from 'lro-cancel/catalogue';
 * await init();
 * registerCatalogue(catalogue); // 180
 * buildCancelRequest({ service: 'aiplatform.v1', name: 'projects/p/locations/us-central1/operations/1' }).url;
 * // 'https://aiplatform.googleapis.com/v1/projects/p/locations/us-central1/operations/1:cancel'
 * ```
 */
export function registerCatalogue(tsv: string): number;

/**
 * The service catalogue: the APIs lro-cancel knows by id, with their hosts, versions, name
 * templates, scopes and cancel permission. A fresh array on each call.
 *
 * @param query Keeps only the services whose id, title or host contains it, ignoring case
 * (e.g. `'deploy'`, `'Vertex'`, `'googleapis.com'`). Without it, every service.
 * @example
 * ```ts
 * for (const s of services()) select.add(new Option(s.title ?? s.id, s.id));
 * const deploy = services('deploy').map((s) => s.id); // ['clouddeploy', …]
 * ```
 */
export function services(query?: string): ServiceInfo[];

/** Options of {@link resolveName}. */
export interface ResolveNameOptions {
  /**
   * Which API the operation belongs to. Required for a plain resource name; for a full resource
   * name or an operation URL, leave it out to infer it from the host and version, or give it to
   * pick one yourself.
   */
  service?: ServiceRef | undefined;
  /** The operation's name: a plain resource name, a full resource name (`//host/…`) or a URL (see {@link OperationName}). */
  name: OperationName;
  /** The origin to call instead of the service's (https; http only on loopback); used for `url`. */
  endpoint?: string | undefined;
}

/** What {@link resolveName} found: the service, the plain resource name and the cancel URL. */
export interface ResolvedName {
  /** The service the name belongs to. */
  service: ServiceInfo;
  /** The plain resource name, e.g. `'projects/p/locations/global/operations/o'`. */
  name: string;
  /** The cancel URL, e.g. `'https://gkehub.googleapis.com/v1beta/projects/p/locations/global/operations/o:cancel'`. */
  url: string;
}

/**
 * Works out which service an operation name belongs to and what its cancel URL is, without
 * sending anything: for a name pasted from a console, a log line or an API response.
 *
 * A plain resource name needs `service`. A full resource name
 * (`//gkehub.googleapis.com/projects/p/locations/l/operations/o`, AIP-122) or an operation URL
 * (`https://gkehub.googleapis.com/v1beta/projects/p/locations/l/operations/o`, `:cancel` allowed)
 * may leave it out: the host and the URL's version pick the service. For a bare host (a full
 * resource name has no version) that is the built-in service's version if the host has one,
 * else the highest GA version (`v2` before `v1`, both before `v1beta1`), else the newest.
 *
 * @throws {LroError} code 3 `INVALID_ARGUMENT` for a name no known service matches, or one
 * that several match (the message lists the candidates: pass one as `service`).
 * @example
 * ```ts
 * resolveName({ name: 'https://gkehub.googleapis.com/v1beta/projects/p/locations/global/operations/o:cancel' });
 * // { service: { id: 'gkehub', … }, name: 'projects/p/locations/global/operations/o',
 * //   url: 'https://gkehub.googleapis.com/v1beta/projects/p/locations/global/operations/o:cancel' }
 * resolveName({ name: '//vault.googleapis.com/operations/matter-1/export-2' }).service.id; // 'vault'
 * ```
 */
export function resolveName(options: ResolveNameOptions): ResolvedName;

/** Options of {@link buildCancelRequest}. */
export interface BuildCancelRequestOptions {
  /** Which API the operation belongs to; required for a plain resource name (see {@link OperationName}). */
  service?: ServiceRef | undefined;
  /**
   * The operation's name: a plain resource name such as
   * `'projects/p/locations/global/operations/o'`, a full resource name (`//host/…`) or an
   * operation URL (see {@link OperationName}).
   */
  name: OperationName;
  /**
   * The origin to call instead of the service's, e.g. a regional endpoint
   * `'https://us-central1-aiplatform.googleapis.com'`. Must be https (http only on loopback).
   */
  endpoint?: string | undefined;
}

/** The HTTP request that cancels an operation: `POST` with an empty body. */
export interface CancelRequest {
  method: 'POST';
  /** E.g. `'https://gkehub.googleapis.com/v1beta/projects/p/locations/global/operations/o:cancel'`. */
  url: string;
  body: '';
}

/**
 * Builds the cancel request for an operation without sending it: checks the name against the
 * service's templates and expands the URL by gRPC transcoding (AIP-127), percent-encoding
 * each segment. For callers with their own HTTP client.
 *
 * @throws {LroError} code 3 `INVALID_ARGUMENT` for an unknown service, a plain name without
 * `service`, a name that matches none of its templates, a full name or URL that no known service
 * (or more than one) matches, a bad endpoint, or options of the wrong shape.
 * @example
 * ```ts
 * const { method, url } = buildCancelRequest({ service: 'gkehub', name: 'projects/p/locations/global/operations/o' });
 * // 'POST', 'https://gkehub.googleapis.com/v1beta/projects/p/locations/global/operations/o:cancel'
 * buildCancelRequest({ name: '//vault.googleapis.com/operations/matter-1/export-2' }).url;
 * // 'https://vault.googleapis.com/v1/operations/matter-1/export-2:cancel'
 * ```
 */
export function buildCancelRequest(options: BuildCancelRequestOptions): CancelRequest;

/**
 * Decodes an HTTP error response, from any origin, into an {@link LroError}: Google's JSON
 * error (`{ error: { code, message, status, details } }`), OAuth's, an HTML error page, an
 * empty or truncated body. Returns the error; does not throw it.
 *
 * @param httpStatus The response's status, an integer from 0 to 999.
 * @param body The response's body text (may be empty).
 * @returns The error (code 3 if `httpStatus` is not an integer from 0 to 999).
 * @example
 * ```ts
 * const res = await fetch(url, { method: 'POST', headers });
 * if (!res.ok) throw decodeError(res.status, await res.text());
 * ```
 */
export function decodeError(httpStatus: number, body: string): LroError;

/** {@link decodeStatus}'s result: the fields of an {@link LroError}, as plain data. */
export interface DecodedStatus extends LroErrorFields {
  message: string;
  httpStatus: number;
}

/**
 * Decodes an HTTP error response exactly like {@link decodeError}, into plain data instead of an
 * `Error`: no stack trace is captured (in Node 20 that alone costs about twice a `JSON.parse`
 * of the body), and the result survives `structuredClone` and `postMessage` whole.
 *
 * @throws {LroError} code 3 if `httpStatus` is not an integer from 0 to 999 or `body` is not a
 * string.
 * @example
 * ```ts
 * const st = decodeStatus(res.status, await res.text());
 * worker.postMessage(st); // { code: 8, status: 'RESOURCE_EXHAUSTED', retryDelayMs: 1500, ... }
 * ```
 */
export function decodeStatus(httpStatus: number, body: string): DecodedStatus;

/**
 * Decodes a `google.longrunning.Operation` from its JSON text or a parsed object, checking
 * every field's type and decoding `error` like {@link decodeError} does.
 *
 * @throws {LroError} code 3 `INVALID_ARGUMENT` if the input is not an Operation.
 * @example
 * ```ts
 * const op = decodeOperation(await res.text());
 * if (op.done && op.error?.code === 1) console.log('cancelled');
 * ```
 */
export function decodeOperation(input: string | object): Operation;

// ------------------------------------------------------------------------------ calls

/**
 * The retry policy. Only `UNAVAILABLE` (HTTP 503, network errors) and `RESOURCE_EXHAUSTED`
 * (HTTP 429) are retried, with exponential backoff and full jitter, never past `timeoutMs`.
 * The server's `RetryInfo` or `Retry-After` wins over the computed delay.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (1–100); default 5. */
  maxAttempts?: number | undefined;
  /** The cap of the first delay, in ms; default 250. */
  initialDelayMs?: number | undefined;
  /** The largest cap, in ms; default 32000. */
  maxDelayMs?: number | undefined;
  /** How much the cap grows per attempt (1–100); default 2. */
  multiplier?: number | undefined;
}

/**
 * An OAuth 2 access token (a bare token, without `"Bearer "`), or a function returning one or
 * a Promise of one, called once per call (so it can refresh an expired token).
 */
export type AccessToken = string | (() => string | Promise<string>);

/**
 * The options every call that sends a request takes: the token, where to send it, how long to
 * try, and how to stop. {@link CallOptions}, {@link ListOperationsOptions} and
 * {@link CancelManyOptions} extend it.
 */
export interface RequestOptions {
  /**
   * The token for `Authorization: Bearer …`, with a scope the service accepts (usually
   * `https://www.googleapis.com/auth/cloud-platform`). Never appears in errors.
   */
  accessToken: AccessToken;
  /** The origin to call instead of the service's (https; http only on loopback). */
  endpoint?: string | undefined;
  /** The project to bill and check quota against (`X-Goog-User-Project`). */
  userProject?: string | undefined;
  /** The deadline of the whole call, retries included, in ms (1 to 2^31−1); default 60000. */
  timeoutMs?: number | undefined;
  /** Aborts the call: it rejects with code 1 `CANCELLED` at once. */
  signal?: AbortSignal | undefined;
  /** `false` sends once; `true` (the default) or an object retries. */
  retry?: boolean | RetryOptions | undefined;
}

/** Options of {@link cancelOperation} and {@link getOperation}. */
export interface CallOptions extends RequestOptions {
  /**
   * Which API the operation belongs to. Required for a plain resource name; may be left out
   * when `name` is a full resource name or an operation URL (see {@link resolveName}).
   */
  service?: ServiceRef | undefined;
  /**
   * The operation's name: a plain resource name such as
   * `'projects/p/locations/global/operations/o'`, a full resource name (`//host/…`) or an
   * operation URL (see {@link OperationName}).
   */
  name: OperationName;
}

/**
 * Cancels a long-running operation (`POST https://{host}/{version}/{name}:cancel`).
 * Cancellation is best effort: the operation may still finish; {@link cancelAndWait} tells.
 *
 * @returns A Promise that resolves (to `undefined`) once the server accepted the cancel.
 * @throws {LroError} (the Promise rejects) code 3 for bad options, 16 for an empty token,
 * 1 when `signal` aborts, 4 when `timeoutMs` runs out, 14 on network errors, 12 when the
 * service cannot cancel the operation, or the server's code (5 NOT_FOUND, 7 PERMISSION_DENIED, …).
 * @example
 * ```ts
 * await cancelOperation({ service: 'gkehub', name: 'projects/p/locations/global/operations/o', accessToken });
 * // The service inferred from a URL copied from a log:
 * await cancelOperation({ name: 'https://clouddeploy.googleapis.com/v1/projects/p/locations/l/operations/o', accessToken });
 * ```
 */
export function cancelOperation(options: CallOptions): Promise<void>;

/**
 * Gets an operation's current state (`GET https://{host}/{version}/{name}`).
 *
 * @throws {LroError} (the Promise rejects) as {@link cancelOperation} does; code 2 `UNKNOWN`
 * if the answer is not an Operation.
 * @example
 * ```ts
 * const op = await getOperation({ service: 'vault', name: 'operations/matter-1/export-2', accessToken });
 * ```
 */
export function getOperation(options: CallOptions): Promise<Operation>;

/** How a {@link cancelAndWait} ended. */
export type Outcome =
  /** Done with `error.code === 1` (`CANCELLED`). */
  | 'cancelled'
  /** Done with a `response`, or done with neither: the work finished despite the cancel. */
  | 'completed'
  /** Done with an error other than `CANCELLED`. */
  | 'failed'
  /** Still running when `maxWaitMs` ran out. */
  | 'timeout';

/** What {@link WaitOptions.onPoll} receives after each poll that found the operation running. */
export interface PollEvent {
  /** The poll's number, from 1. */
  poll: number;
  /** The operation as that poll found it. */
  operation: Operation;
  /** Milliseconds since `cancelAndWait` was called. */
  elapsedMs: number;
  /** The wait before the next poll, in ms. */
  nextPollMs: number;
}

/** Options of {@link cancelAndWait}: those of {@link cancelOperation} and the polling. */
export interface WaitOptions extends CallOptions {
  /** The wait before the first poll, in ms; each next wait is 1.5× longer, at most 30 s. Default 1000. */
  pollIntervalMs?: number | undefined;
  /** How long to poll before giving up with outcome `'timeout'`, in ms; default 300000. */
  maxWaitMs?: number | undefined;
  /** Called after each poll that found the operation still running (errors it throws are ignored). */
  onPoll?: ((event: PollEvent) => void) | undefined;
}

/** The result of {@link cancelAndWait}. */
export interface CancelAndWaitResult {
  outcome: Outcome;
  /** The operation as last seen. */
  operation: Operation;
}

/**
 * Cancels an operation, then polls it until it is done or `maxWaitMs` runs out. A cancel that
 * the server refuses with `FAILED_PRECONDITION` (e.g. the operation already finished) still
 * polls, since the operation's state says more. `timeoutMs` applies to each request; `signal`
 * stops the whole wait.
 *
 * @throws {LroError} (the Promise rejects) as {@link cancelOperation} does, or when a poll fails.
 * A `'timeout'` outcome resolves; it is not an error.
 * @example
 * ```ts
 * const { outcome, operation } = await cancelAndWait({
 *   service: 'gkehub', name, accessToken,
 *   onPoll: ({ poll, nextPollMs }) => status.textContent = `poll ${poll}, next in ${nextPollMs} ms`,
 * });
 * if (outcome === 'cancelled') status.textContent = 'Cancelled';
 * ```
 */
export function cancelAndWait(options: WaitOptions): Promise<CancelAndWaitResult>;

// ------------------------------------------------------------------------------ listing

/** Options of {@link listOperations}. */
export interface ListOperationsOptions extends RequestOptions {
  /** Which API to list the operations of: a catalogue id, an HTTP rule or a {@link CustomService}. */
  service: ServiceRef;
  /**
   * The parent whose operations to list, e.g. `'projects/p/locations/us-central1'`, or
   * `'projects/p/locations/-'` for every location where the API supports it; `''` for an API
   * whose operations are top-level (`operations/**`, e.g. Vault). Lists
   * `GET https://{host}/{version}/{name}/operations`.
   */
  name: string;
  /** A filter the server applies (AIP-160), e.g. `'done=false'` for the running operations only. */
  filter?: string | undefined;
  /** At most this many operations per page, 1 to 1000 (the server may send fewer); default the server's. */
  pageSize?: number | undefined;
  /** The `nextPageToken` of the previous page, to get the next one. */
  pageToken?: string | undefined;
}

/** One page of {@link listOperations}. */
export interface ListOperationsResult {
  /** The operations on this page (empty when there are none). */
  operations: Operation[];
  /** Pass it as `pageToken` to get the next page; absent on the last page. */
  nextPageToken?: string;
  /** Locations that could not be reached (with a `locations/-` parent), so the list is partial. */
  unreachable?: string[];
}

/**
 * Lists one page of a parent's long-running operations
 * (`GET https://{host}/{version}/{name}/operations?filter=&pageSize=&pageToken=`).
 *
 * @throws {LroError} (the Promise rejects) as {@link cancelOperation} does; code 3 for a bad
 * filter or page token (from the server), code 2 `UNKNOWN` if the answer is not a list.
 * @example Every running operation of a location, page by page
 * ```ts
 * const running: Operation[] = [];
 * let pageToken: string | undefined;
 * do {
 *   const page = await listOperations({ service: 'clouddeploy', name: 'projects/p/locations/us-central1', filter: 'done=false', pageSize: 100, pageToken, accessToken });
 *   running.push(...page.operations);
 *   pageToken = page.nextPageToken;
 * } while (pageToken);
 * ```
 */
export function listOperations(options: ListOperationsOptions): Promise<ListOperationsResult>;

// ------------------------------------------------------------------------------ bulk cancel

/** An operation {@link cancelMany} cancelled (the server accepted the cancel). */
export interface CancelManySuccess {
  /** The name as given in `names`. */
  name: string;
  ok: true;
}

/** An operation {@link cancelMany} could not cancel, and why. */
export interface CancelManyFailure {
  /** The name as given in `names`. */
  name: string;
  ok: false;
  /** Why: code 3 for a name no template matches, 1 `CANCELLED` if `signal` aborted first, or the server's error. */
  error: LroError;
}

/** The outcome of one name of {@link cancelMany}: check `ok` before reading `error`. */
export type CancelManyResult = CancelManySuccess | CancelManyFailure;

/**
 * What {@link CancelManyOptions.onProgress} receives after each name: its result, plus how many
 * of the batch are done so far and how many there are.
 */
export type CancelManyProgress = CancelManyResult & {
  /** How many names have a result now, this one included (1 to `total`). */
  done: number;
  /** How many names the batch has. */
  total: number;
};

/** Options of {@link cancelMany}. */
export interface CancelManyOptions extends RequestOptions {
  /** Which API the operations belong to; may be left out if every name is a full resource name or a URL. */
  service?: ServiceRef | undefined;
  /** The operations to cancel, in any of the {@link OperationName} forms; at most 10,000. May be empty. */
  names: readonly OperationName[];
  /** How many cancels may be in flight at once, 1 to 64; default 8. */
  concurrency?: number | undefined;
  /** Called once per name, as its result arrives (in completion order). Errors it throws are ignored. */
  onProgress?: ((event: CancelManyProgress) => void) | undefined;
}

/**
 * Cancels many operations, at most `concurrency` at a time, each with its own retries and
 * deadline (`timeoutMs` is per operation; an `accessToken` function is called once per batch). One bad name or failed call does not stop the batch:
 * the Promise resolves to one result per name, in the order of `names`.
 *
 * `signal` stops the batch: names not started yet get code 1 `CANCELLED` without a request,
 * calls in flight are aborted (also code 1), and the Promise resolves at once with every result.
 *
 * @returns One {@link CancelManyResult} per name, in input order.
 * @throws {LroError} (the Promise rejects) only when the batch cannot run at all: code 3 for
 * options it cannot run with (`names` not an array or more than 10,000 names, `concurrency`
 * out of range, `onProgress` not a function, a bad `service`, `endpoint` or `retry`), code 16
 * when there is no token (empty, or the `accessToken` function threw or rejected).
 * @example
 * ```ts
 * const page = await listOperations({ service: 'clouddeploy', name: parent, filter: 'done=false', accessToken });
 * const results = await cancelMany({
 *   service: 'clouddeploy', names: page.operations.map((op) => op.name), accessToken, concurrency: 8,
 *   onProgress: ({ done, total }) => (progress.value = done / total),
 * });
 * for (const r of results) if (!r.ok) console.warn(r.name, r.error.status, r.error.message);
 * ```
 */
export function cancelMany(options: CancelManyOptions): Promise<CancelManyResult[]>;
