import { RESYNC, parseLiveEvent, type LiveEvent } from './events';
import { SseParser } from './sse';

export const EVENTS_PATH = '/api/v1/events';

/**
 * connecting: first attempt; live: the stream is open; reconnecting: it
 * dropped or could not be opened and will be tried again; off: the API
 * will not stream to this user (403), pages keep polling.
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

/** The server comments every 15 s; this long without a byte means the connection is dead. */
export const STALL_MS = 45_000;
/** Longest wait between attempts. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * Wait before attempt `failures` + 1 after that many failures in a row:
 * about 1 s, 2 s, 4 s ... up to 30 s, each between half and all of that, so
 * dashboards do not all come back in the same instant after an outage.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface LiveConnectionOptions {
  /** The current access token (the session module's, kept in memory only). */
  getToken: () => string | null;
  /**
   * Called after a 401 with the token it rejected: resolves true once a newer
   * token is available (the session's refresh), false when there is none.
   */
  onUnauthorized: (rejectedToken: string | null) => Promise<boolean>;
  onEvent: (event: LiveEvent) => void;
  onStatus: (status: LiveStatus) => void;
  fetch?: typeof fetch;
  random?: () => number;
  url?: string;
}

/**
 * Follows GET /api/v1/events with fetch(), which, unlike EventSource, can send
 * the Authorization header (tokens never go into URLs). It reconnects when the
 * stream ends (the server closes it when the access token expires, or on
 * shutdown) or fails, with backoff; after any reconnection it emits a resync,
 * since events may have been missed in between.
 */
export class LiveConnection {
  private readonly opts: LiveConnectionOptions;
  private readonly fetch: typeof fetch;
  private controller: AbortController | null = null;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private failures = 0;
  private everConnected = false;
  private status: LiveStatus | null = null;

  constructor(opts: LiveConnectionOptions) {
    this.opts = opts;
    this.fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setStatus('connecting');
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = null;
    void this.reader?.cancel().catch(() => undefined);
    this.reader = null;
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.opts.onStatus(status);
  }

  /** Tries again after delayMs; `quietly` keeps the status (a planned reconnect). */
  private retry(delayMs: number, quietly = false): void {
    if (this.stopped) return;
    if (!quietly) this.setStatus(this.everConnected || this.failures > 0 ? 'reconnecting' : 'connecting');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delayMs);
  }

  private fail(): void {
    this.failures++;
    this.retry(backoffDelay(this.failures, this.opts.random));
  }

  private async connect(refreshed = false): Promise<void> {
    if (this.stopped) return;
    const token = this.opts.getToken();
    if (!token) {
      this.fail(); // signed out meanwhile, or not restored yet
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    let response: Response;
    try {
      response = await this.fetch(this.opts.url ?? EVENTS_PATH, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch {
      if (!this.stopped) this.fail();
      return;
    }
    if (this.stopped) return;
    if (response.status === 401 && !refreshed) {
      const renewed = await this.opts.onUnauthorized(token).catch(() => false);
      if (renewed) void this.connect(true);
      else if (!this.stopped) this.fail();
      return;
    }
    if (response.status === 403) {
      this.setStatus('off');
      return;
    }
    const type = response.headers.get('Content-Type') ?? '';
    if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
      void response.body?.cancel().catch(() => undefined);
      this.fail();
      return;
    }
    await this.read(response.body, controller);
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    // Whatever changed since the last stream (or since the page loaded, if
    // earlier attempts failed) was not announced.
    const reconnected = this.everConnected || this.failures > 0;
    this.everConnected = true;
    this.failures = 0;
    this.setStatus('live');
    if (reconnected) this.opts.onEvent(RESYNC);
    const reader = body.getReader();
    this.reader = reader;
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let stall: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(() => {
        controller.abort();
        void reader.cancel().catch(() => undefined);
      }, STALL_MS);
    };
    watch();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        watch();
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          const event = parseLiveEvent(message.data);
          if (event && !this.stopped) this.opts.onEvent(event);
        }
      }
    } catch {
      // Aborted (stalled or stopped) or the network dropped: reconnect below.
    } finally {
      clearTimeout(stall);
      if (this.reader === reader) this.reader = null;
    }
    if (this.stopped) return;
    // The server ends streams on purpose (token expiry, shutdown): come back
    // soon, with the token the session has renewed by then. The status stays
    // "live" unless that attempt fails; the resync on reconnecting covers
    // whatever happened in between.
    this.failures = 1;
    this.retry(backoffDelay(1, this.opts.random), true);
  }
}
