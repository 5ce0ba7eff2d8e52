// The JavaScript edge of lro-cancel: the LroError class, and one HTTP exchange through the
// platform's fetch (looked up on the global object, so pages, Web Workers and Node 20+ all work).
// Everything else (which URL, whether to retry, how to read the answer) is decided in Rust.

/** An error from lro-cancel: a google.rpc.Status with the HTTP status and lifted details. */
export class LroError extends Error {
  constructor(message, fields) {
    super(message);
    if (fields) Object.assign(this, fields);
  }
}
Object.defineProperty(LroError.prototype, 'name', { value: 'LroError', writable: true, configurable: true });

export function lroError(fields) {
  return new LroError(fields.message, fields);
}

/** buildCancelRequest's result. */
export function cancelRequest(url) {
  return { method: 'POST', url, body: '' };
}

// Why a call stopped early: 1 = CANCELLED (the caller's signal), 4 = DEADLINE_EXCEEDED.
const CANCELLED = 1, DEADLINE = 4;

/**
 * One call's lifetime: an AbortController fed by the caller's signal and by the call's own
 * deadline, so that either settles the call at once and aborts whatever is in flight.
 */
export class Call {
  constructor(timeoutMs, signal) {
    this.cause = 0;
    this.status = 0;
    this.retryAfter = undefined;
    this.ctl = new AbortController();
    this.wake = undefined;
    if (signal && typeof signal.addEventListener === 'function') {
      if (signal.aborted) this.stop(CANCELLED);
      else {
        this.signal = signal;
        this.onAbort = () => this.stop(CANCELLED);
        signal.addEventListener('abort', this.onAbort, { once: true });
      }
    }
    if (timeoutMs !== undefined && !this.cause) this.timer = setTimeout(() => this.stop(DEADLINE), timeoutMs);
  }

  stop(cause) {
    if (this.cause) return;
    this.cause = cause;
    this.ctl.abort();
    if (this.wake) this.wake();
  }

  end() {
    clearTimeout(this.timer);
    if (this.signal) this.signal.removeEventListener('abort', this.onAbort);
  }

  /** One request; resolves to the body text and leaves `status` and `retryAfter` on the call. */
  async send(method, url, token, userProject) {
    const headers = {};
    if (token) headers.authorization = 'Bearer ' + token;
    if (userProject) headers['x-goog-user-project'] = userProject;
    const res = await fetch(url, {
      method,
      headers,
      signal: this.ctl.signal,
      credentials: 'omit', // never send cookies along with a bearer token
      redirect: 'manual', // never follow: a token must not reach another origin
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
    // A browser reports a redirect it did not follow as status 0, type 'opaqueredirect'.
    this.status = res.type === 'opaqueredirect' ? 302 : res.status;
    this.retryAfter = res.headers.get('retry-after') ?? undefined;
    return this.status >= 300 && this.status < 400 ? '' : await res.text();
  }

  /** Resolves after `ms`, or as soon as the call is stopped. */
  sleep(ms) {
    return new Promise((resolve) => {
      if (this.cause) return resolve();
      const done = () => { clearTimeout(t); this.wake = undefined; resolve(); };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
