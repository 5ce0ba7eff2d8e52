// A TypeScript consumer of lro-cancel that uses every export the way the README shows. It must
// compile under `strict` (plus exactOptionalPropertyTypes and noUncheckedIndexedAccess): see
// tests/types/tsconfig.json. Never run, only type-checked. The `Expect<Equal<…>>` lines pin the
// exact types, so a loosened declaration (an `any`, a widened union) fails here too.
import init, {
  initSync,
  services,
  buildCancelRequest,
  decodeError,
  decodeStatus,
  type DecodedStatus,
  decodeOperation,
  cancelOperation,
  getOperation,
  cancelAndWait,
  LroError,
  registerCatalogue,
  resolveName,
  listOperations,
  cancelMany,
} from 'lro-cancel';
// The second entry point, through the package's `exports` ("./catalogue").
import fullCatalogue, { catalogue as catalogueText } from 'lro-cancel/catalogue';
import type {
  AccessToken,
  Any,
  BadRequest,
  BuildCancelRequestOptions,
  CallOptions,
  CancelAndWaitResult,
  CancelManyFailure,
  CancelManyOptions,
  CancelManyProgress,
  CancelManyResult,
  CancelManySuccess,
  CancelRequest,
  Code,
  CustomService,
  DebugInfo,
  Detail,
  ErrorInfo,
  FieldViolation,
  Help,
  HelpLink,
  InitInput,
  InitOutput,
  KnownDetail,
  KnownDetailType,
  ListOperationsOptions,
  ListOperationsResult,
  LocalizedMessage,
  LroErrorFields,
  Operation,
  OperationName,
  Outcome,
  PollEvent,
  PreconditionFailure,
  PreconditionViolation,
  QuotaFailure,
  QuotaViolation,
  RequestInfoDetail,
  RequestInfo as RequestInfoAlias,
  RequestOptions,
  ResolvedName,
  ResolveNameOptions,
  ResourceInfo,
  RetryInfo,
  RetryOptions,
  ServiceInfo,
  ServiceRef,
  Status,
  StatusName,
  SyncInitInput,
  UnknownDetail,
  WaitOptions,
} from 'lro-cancel';

// ------------------------------------------------------------------ exact-type assertions

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type IsAny<T> = 0 extends 1 & T ? true : false;

export type Checks = [
  Expect<Equal<ReturnType<typeof cancelOperation>, Promise<void>>>,
  Expect<Equal<ReturnType<typeof getOperation>, Promise<Operation>>>,
  Expect<Equal<ReturnType<typeof cancelAndWait>, Promise<CancelAndWaitResult>>>,
  Expect<Equal<ReturnType<typeof services>, ServiceInfo[]>>,
  Expect<Equal<Parameters<typeof services>, [query?: string]>>,
  Expect<Equal<typeof registerCatalogue, (tsv: string) => number>>,
  Expect<Equal<typeof catalogueText, string>>,
  Expect<Equal<typeof fullCatalogue, string>>,
  Expect<Equal<ReturnType<typeof resolveName>, ResolvedName>>,
  Expect<Equal<Parameters<typeof resolveName>[0], ResolveNameOptions>>,
  Expect<Equal<ResolvedName, { service: ServiceInfo; name: string; url: string }>>,
  Expect<Equal<ReturnType<typeof listOperations>, Promise<ListOperationsResult>>>,
  Expect<Equal<Parameters<typeof listOperations>[0], ListOperationsOptions>>,
  Expect<Equal<ListOperationsResult['nextPageToken'], string | undefined>>,
  Expect<Equal<ReturnType<typeof cancelMany>, Promise<CancelManyResult[]>>>,
  Expect<Equal<Parameters<typeof cancelMany>[0], CancelManyOptions>>,
  Expect<Equal<CancelManyResult, CancelManySuccess | CancelManyFailure>>,
  Expect<Equal<CancelManyResult['ok'], boolean>>,
  Expect<Equal<Extract<CancelManyResult, { ok: false }>['error'], LroError>>,
  Expect<Equal<CancelManyProgress['done'], number>>,
  Expect<Equal<OperationName, string>>,
  // `service` is optional wherever a full resource name or a URL can say it.
  Expect<Equal<CallOptions['service'], ServiceRef | undefined>>,
  Expect<Equal<BuildCancelRequestOptions['service'], ServiceRef | undefined>>,
  Expect<Equal<WaitOptions['service'], ServiceRef | undefined>>,
  Expect<Equal<CancelManyOptions['service'], ServiceRef | undefined>>,
  Expect<Equal<RequestOptions['accessToken'], AccessToken>>,
  Expect<Equal<ReturnType<typeof buildCancelRequest>, CancelRequest>>,
  Expect<Equal<ReturnType<typeof decodeError>, LroError>>,
  Expect<Equal<ReturnType<typeof decodeStatus>, DecodedStatus>>,
  Expect<Equal<ReturnType<typeof decodeOperation>, Operation>>,
  Expect<Equal<ReturnType<typeof init>, Promise<InitOutput>>>,
  Expect<Equal<ReturnType<typeof initSync>, InitOutput>>,
  Expect<Equal<Outcome, 'cancelled' | 'completed' | 'failed' | 'timeout'>>,
  Expect<Equal<Code, 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16>>,
  Expect<Equal<CancelRequest, { method: 'POST'; url: string; body: '' }>>,
  Expect<Equal<LroError['name'], 'LroError'>>,
  Expect<Equal<LroError['code'], Code>>,
  Expect<Equal<LroError['status'], StatusName>>,
  Expect<Equal<Parameters<typeof cancelOperation>[0], CallOptions>>,
  Expect<Equal<Parameters<typeof cancelAndWait>[0], WaitOptions>>,
  Expect<Equal<Parameters<typeof buildCancelRequest>[0], BuildCancelRequestOptions>>,
  Expect<Equal<Parameters<typeof decodeError>, [httpStatus: number, body: string]>>,
  Expect<Equal<ServiceRef, string | CustomService>>,
  Expect<Equal<AccessToken, string | (() => string | Promise<string>)>>,
  Expect<Equal<RequestInfoAlias, RequestInfoDetail>>,
  Expect<Equal<KnownDetailType, `type.googleapis.com/google.rpc.${
    'ErrorInfo' | 'RetryInfo' | 'DebugInfo' | 'QuotaFailure' | 'PreconditionFailure' | 'BadRequest'
    | 'RequestInfo' | 'ResourceInfo' | 'Help' | 'LocalizedMessage'}`>>,
  // Nothing in the public surface is `any`.
  Expect<Equal<IsAny<Operation['metadata']>, false>>,
  Expect<Equal<IsAny<Any[string]>, false>>,
  Expect<Equal<IsAny<Parameters<typeof decodeOperation>[0]>, false>>,
  Expect<Equal<IsAny<LroError['details'][number]>, false>>,
  Expect<Equal<IsAny<InitInput>, false>>,
  Expect<Equal<IsAny<SyncInitInput>, false>>,
  Expect<Equal<IsAny<CancelManyProgress>, false>>,
  Expect<Equal<IsAny<typeof catalogueText>, false>>,
];

// ------------------------------------------------------------------ initialisation

export async function load(): Promise<void> {
  await init(); // default: new URL('lro_cancel_bg.wasm', import.meta.url)
  await init({ module_or_path: new URL('/assets/lro_cancel_bg.wasm', location.href) });
  await init({ module_or_path: '/assets/lro_cancel_bg.wasm' });
  await init({ module_or_path: fetch('/assets/lro_cancel_bg.wasm') });
  const bytes: ArrayBuffer = await (await fetch('/assets/lro_cancel_bg.wasm')).arrayBuffer();
  const out: InitOutput = await init({ module_or_path: bytes });
  const memory: WebAssembly.Memory = out.memory;
  void memory;
  initSync({ module: new Uint8Array(bytes) });
  initSync({ module: await WebAssembly.compile(bytes) });
}

// ------------------------------------------------------------------ catalogue and pure helpers

export function catalogue(select: HTMLSelectElement): void {
  for (const s of services()) {
    const label: string = s.title ?? s.id;
    select.add(new Option(`${label} (${s.host}/${s.version})`, s.id));
    const templates: string[] = s.templates;
    const scopes: readonly string[] = s.scopes;
    const permission: string | undefined = s.permission;
    void templates, scopes, permission;
  }
}

export function urls(name: string): string[] {
  const a: CancelRequest = buildCancelRequest({ service: 'gkehub', name });
  const b = buildCancelRequest({
    service: 'POST https://aiplatform.googleapis.com/v1/{name=projects/*/locations/*/operations/*}:cancel',
    name,
    endpoint: 'https://us-central1-aiplatform.googleapis.com',
  });
  const custom: CustomService = { host: 'aiplatform.googleapis.com', version: 'v1', templates: 'projects/*/locations/*/operations/*' };
  const c = buildCancelRequest({ service: custom, name });
  const d = buildCancelRequest({ service: { host: 'x.googleapis.com', version: 'v1beta', templates: ['operations/*', 'projects/*/operations/*'] }, name, endpoint: undefined });
  const method: 'POST' = a.method;
  const body: '' = b.body;
  void method, body;
  return [a.url, b.url, c.url, d.url];
}

export function decode(res: { status: number }, text: string): void {
  const e: LroError = decodeError(res.status, text);
  const op1 = decodeOperation(text);
  const op2 = decodeOperation(JSON.parse(text) as object);
  const op3 = decodeOperation({ name: 'operations/x', done: true, response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } });
  for (const op of [op1, op2, op3]) {
    const name: string = op.name;
    const done: boolean = op.done;
    const metaType: string | undefined = op.metadata?.['@type'];
    const verb: unknown = op.metadata?.['verb'];
    const errCode: Code | undefined = op.error?.code;
    const response: Any | undefined = op.response;
    void name, done, metaType, verb, errCode, response, e;
  }
}

// ------------------------------------------------------------------ calls

declare const tokenClient: { requestAccessToken(): void };
declare function show(text: string): void;

let cached: { value: string; expires: number } | null = null;
async function accessToken(): Promise<string> {
  if (cached && Date.now() < cached.expires) return cached.value;
  tokenClient.requestAccessToken();
  return 'ya29.token';
}

export async function cancel(name: string, endpoint?: string): Promise<void> {
  const ctl = new AbortController();
  const retry: RetryOptions = { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 2000, multiplier: 2 };
  const options: CallOptions = {
    service: 'gkehub',
    name,
    accessToken, // a function returning a Promise
    endpoint, // string | undefined: allowed even under exactOptionalPropertyTypes
    userProject: 'billing-project',
    timeoutMs: 30_000,
    signal: ctl.signal,
    retry,
  };
  const nothing: void = await cancelOperation(options);
  void nothing;
  await cancelOperation({ service: 'vault', name, accessToken: 'ya29.token', retry: false });
  await cancelOperation({ service: 'vault', name, accessToken: () => 'ya29.token', retry: true });
  await cancelOperation({ service: 'vault', name, accessToken: () => Promise.resolve('t'), signal: AbortSignal.timeout(5000) });

  const op: Operation = await getOperation(options);
  if (op.done && op.error) {
    const s: Status = op.error;
    const name: StatusName = s.status;
    show(`${s.code} ${name}: ${s.message} (${s.details.length} details)`);
  }
}

export async function cancelWithProgress(name: string): Promise<Outcome> {
  const events: PollEvent[] = [];
  const options: WaitOptions = {
    service: { host: 'clouddeploy.googleapis.com', version: 'v1', templates: ['projects/*/locations/*/operations/*'] },
    name,
    accessToken: 'ya29.token',
    pollIntervalMs: 500,
    maxWaitMs: 60_000,
    onPoll: (e) => {
      events.push(e);
      show(`poll ${e.poll}: ${e.operation.name} running for ${e.elapsedMs} ms, next in ${e.nextPollMs} ms`);
    },
  };
  const r: CancelAndWaitResult = await cancelAndWait(options);
  const { outcome, operation } = await cancelAndWait({ service: 'gkehub', name, accessToken });
  switch (outcome) {
    case 'cancelled': show('Cancelled'); break;
    case 'completed': show(`Finished anyway: ${operation.response?.['@type'] ?? 'no response'}`); break;
    case 'failed': show(`Failed: ${operation.error?.message ?? ''}`); break;
    case 'timeout': show('Still running'); break;
    default: {
      const never: never = outcome; // the switch is exhaustive
      void never;
    }
  }
  return r.outcome;
}

// ------------------------------------------------------------------ errors

const isErrorInfo = (d: Detail): d is ErrorInfo => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo';
const isHelp = (d: Detail): d is Help => d['@type'] === 'type.googleapis.com/google.rpc.Help';
const isQuota = (d: Detail): d is QuotaFailure => d['@type'] === 'type.googleapis.com/google.rpc.QuotaFailure';
const isBadRequest = (d: Detail): d is BadRequest => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest';

export function describe(e: unknown): string {
  if (!(e instanceof LroError)) return String(e);
  const err: Error = e; // an LroError is an Error
  void err;
  const code: Code = e.code;
  if (e.code === 16) return 'Sign in again';
  if (e.code === 7 && e.reason === 'IAM_PERMISSION_DENIED') return `Missing permission (${e.domain ?? ''})`;
  if (e.status === 'UNIMPLEMENTED') return 'This operation cannot be cancelled';
  const meta: Record<string, string> | undefined = e.metadata;
  const service: string | undefined = meta?.['service'];
  const wait: number | undefined = e.retryDelayMs;
  const http: number | undefined = e.httpStatus;
  const links: HelpLink[] = e.details.filter(isHelp).flatMap((d) => d.links);
  const reasons: string[] = e.details.filter(isErrorInfo).map((d) => d.reason);
  const quota: QuotaViolation[] = e.details.filter(isQuota).flatMap((d) => d.violations);
  const fields: FieldViolation[] = e.details.filter(isBadRequest).flatMap((d) => d.fieldViolations);
  for (const d of e.details) {
    // Comparing '@type' narrows to the known detail or an UnknownDetail.
    if (d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo') {
      const delay: unknown = d['retryDelay'];
      void delay;
    }
    const t: string = d['@type'];
    void t;
  }
  return `${code} ${e.name} ${e.message} ${service} ${wait} ${http} ${links.length} ${reasons} ${quota.length} ${fields.length}`;
}

export function make(): LroError {
  const fields: LroErrorFields = { code: 5, status: 'NOT_FOUND', details: [], httpStatus: 404 };
  const e = new LroError('not found', fields);
  const name: 'LroError' = e.name;
  void name;
  return e;
}

// Every detail type is constructible as a server would send it.
export const samples: KnownDetail[] = [
  { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com', metadata: { service: 'gkehub.googleapis.com' } } satisfies ErrorInfo,
  { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.500s', retryDelayMs: 1500 } satisfies RetryInfo,
  { '@type': 'type.googleapis.com/google.rpc.DebugInfo', stackEntries: ['a'], detail: 'b' } satisfies DebugInfo,
  { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ subject: 'project:p', quotaValue: '100', futureQuotaValue: 200, quotaDimensions: { region: 'us' } }] } satisfies QuotaFailure,
  { '@type': 'type.googleapis.com/google.rpc.PreconditionFailure', violations: [{ type: 'TOS', subject: 'p', description: 'd' }] satisfies PreconditionViolation[] } satisfies PreconditionFailure,
  { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'name', localizedMessage: { locale: 'en', message: 'm' } }] } satisfies BadRequest,
  { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: 'r', servingData: 's' } satisfies RequestInfoDetail,
  { '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resourceType: 't', resourceName: 'n', owner: 'o', description: 'd' } satisfies ResourceInfo,
  { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'd', url: 'https://example.com' }] } satisfies Help,
  { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'm' } satisfies LocalizedMessage,
];
export const other: Detail = { '@type': 'type.googleapis.com/google.cloud.Custom', anything: [1, 2] } satisfies UnknownDetail;

// ------------------------------------------------------------------ the full catalogue, names in any form

export function registerAll(): number {
  const count: number = registerCatalogue(catalogueText);
  registerCatalogue(fullCatalogue); // the default export is the same text
  const ai: ServiceInfo[] = services('aiplatform');
  const everything: ServiceInfo[] = services();
  const a = buildCancelRequest({ service: 'aiplatform.v1', name: 'projects/p/locations/us-central1/operations/1' });
  void ai, everything, a;
  return count;
}

export async function registerLater(): Promise<number> {
  // Loaded on demand: a separate chunk for bundlers.
  const mod = await import('lro-cancel/catalogue');
  const text: string = mod.catalogue;
  const same: string = mod.default;
  void same;
  return registerCatalogue(text);
}

export function resolve(pasted: string): string {
  const r: ResolvedName = resolveName({ name: pasted });
  const id: string = r.service.id;
  const plain: string = r.name;
  const url: string = r.url;
  const b = resolveName({ service: 'gkehub', name: 'projects/p/locations/global/operations/o', endpoint: 'https://gkehub.googleapis.com' });
  const c = resolveName({ name: '//gkehub.googleapis.com/projects/p/locations/global/operations/o', service: undefined, endpoint: undefined });
  const options: ResolveNameOptions = { name: 'https://gkehub.googleapis.com/v1beta/projects/p/locations/l/operations/o:cancel' };
  // buildCancelRequest without a service, from a full resource name
  const d: CancelRequest = buildCancelRequest({ name: '//vault.googleapis.com/operations/matter-1/export-2' });
  return [id, plain, url, b.url, c.url, resolveName(options).url, d.url].join('\n');
}

export async function fromUrl(url: OperationName): Promise<Outcome> {
  await cancelOperation({ name: url, accessToken });
  const op: Operation = await getOperation({ name: url, accessToken: 't' });
  const waited: WaitOptions = { name: url, accessToken, pollIntervalMs: 100 };
  void op;
  return (await cancelAndWait(waited)).outcome;
}

// ------------------------------------------------------------------ listing and bulk cancel

export async function listRunning(parent: string): Promise<Operation[]> {
  const running: Operation[] = [];
  let pageToken: string | undefined;
  do {
    const page: ListOperationsResult = await listOperations({
      service: 'clouddeploy', name: parent, filter: 'done=false', pageSize: 100, pageToken, accessToken,
    });
    running.push(...page.operations);
    const unreachable: string[] | undefined = page.unreachable;
    void unreachable;
    pageToken = page.nextPageToken;
  } while (pageToken);
  const options: ListOperationsOptions = {
    service: { host: 'aiplatform.googleapis.com', version: 'v1', templates: 'projects/*/locations/*/operations/*' },
    name: 'projects/p/locations/-',
    accessToken: 't',
    timeoutMs: 10_000,
    retry: false,
  };
  await listOperations(options);
  return running;
}

export async function cancelAll(names: readonly string[], progress: HTMLProgressElement): Promise<string[]> {
  const ctl = new AbortController();
  const events: CancelManyProgress[] = [];
  const results: CancelManyResult[] = await cancelMany({
    service: 'clouddeploy',
    names,
    accessToken,
    concurrency: 8,
    signal: ctl.signal,
    retry: { maxAttempts: 3 },
    timeoutMs: 20_000,
    userProject: 'billing-project',
    endpoint: undefined,
    onProgress: (e) => {
      events.push(e);
      progress.value = e.done / e.total;
      if (!e.ok) show(`${e.name}: ${e.error.status}`); // narrowed: error is there
      else show(`${e.name} cancelled`);
    },
  });
  await cancelMany({ names: ['//clouddeploy.googleapis.com/projects/p/locations/l/operations/o'], accessToken: 't' });
  const mutable: string[] = [...names];
  await cancelMany({ service: 'gkehub', names: mutable, accessToken: () => Promise.resolve('t') });
  const failed: string[] = [];
  for (const r of results) {
    if (r.ok) {
      const ok: true = r.ok;
      void ok;
    } else {
      const e: LroError = r.error;
      const code: Code = e.code;
      failed.push(`${r.name}: ${code} ${e.message}`);
    }
  }
  const failures: CancelManyFailure[] = results.filter((r): r is CancelManyFailure => !r.ok);
  const succeeded: CancelManySuccess[] = results.filter((r): r is CancelManySuccess => r.ok);
  void failures, succeeded;
  return failed;
}
