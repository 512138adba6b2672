import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENTS_PATH, LiveConnection, MAX_BACKOFF_MS, STALL_MS, backoffDelay, type LiveStatus } from './connection';
import type { LiveEvent } from './events';

/** A text/event-stream response whose body the test writes. */
function stream(status = 200) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status, headers: { 'Content-Type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

type Reply = Response | Error;

/** A fetch answering each call with the next reply (or waiting for one). */
function scriptedFetch() {
  const calls: { url: string; init: RequestInit }[] = [];
  const queue: Reply[] = [];
  const waiting: ((r: Reply) => void)[] = [];
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const reply = queue.shift();
    const settle = (r: Reply) => (r instanceof Error ? Promise.reject(r) : Promise.resolve(r));
    if (reply) return settle(reply);
    return new Promise<Reply>((resolve) => waiting.push(resolve)).then(settle);
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    reply: (r: Reply) => {
      const next = waiting.shift();
      if (next) next(r);
      else queue.push(r);
    },
  };
}

function setup(opts: { token?: () => string | null; unauthorized?: (t: string | null) => Promise<boolean> } = {}) {
  const f = scriptedFetch();
  const events: LiveEvent[] = [];
  const statuses: LiveStatus[] = [];
  let token = 'token-1';
  const unauthorized = vi.fn(opts.unauthorized ?? (async () => false));
  const conn = new LiveConnection({
    getToken: opts.token ?? (() => token),
    onUnauthorized: unauthorized,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    fetch: f.fetch,
    random: () => 0, // the shortest wait of each backoff step
  });
  return {
    ...f,
    conn,
    events,
    statuses,
    unauthorized,
    setToken: (t: string) => {
      token = t;
    },
  };
}

const tick = () => vi.advanceTimersByTimeAsync(0);

/** A connection started with `replies` queued (answered in order), once its first request went out. */
async function started(...replies: Array<Response | Error>) {
  const t = setup();
  for (const reply of replies) t.reply(reply);
  t.conn.start();
  await tick();
  return t;
}

describe('backoffDelay', () => {
  it('doubles from about a second up to 30 s, jittered between half and all of each step', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffDelay(n, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(1, () => 0)).toBe(500);
    expect(backoffDelay(20, () => 0)).toBe(MAX_BACKOFF_MS / 2);
  });
});

describe('LiveConnection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the token in the Authorization header, never the URL, and relays parsed events', async () => {
    const s = stream();
    const t = await started(s.response);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]?.url).toBe(EVENTS_PATH);
    expect(t.calls[0]?.init.headers).toMatchObject({ Authorization: 'Bearer token-1', Accept: 'text/event-stream' });
    expect(t.statuses).toEqual(['connecting', 'live']);

    s.send(': connected\n\nevent: run\ndata: {"kind":"run","id":"r1","status":"running"}\n\n: ping\n\n');
    s.send('event: nope\ndata: {"kind":"nope"}\n\ndata: {"kind":"incident","id"');
    s.send(':"i1"}\n\n');
    await tick();
    expect(t.events).toEqual([
      { kind: 'run', id: 'r1', status: 'running' },
      { kind: 'incident', id: 'i1' },
    ]);
    t.conn.stop();
  });

  it('reconnects soon after the server ends the stream, with the current token, and resyncs', async () => {
    const first = stream();
    const t = await started(first.response);
    t.setToken('token-2'); // the session renewed it before the old one expired
    first.end();
    await tick();
    expect(t.calls).toHaveLength(1);
    const second = stream();
    t.reply(second.response);
    await vi.advanceTimersByTimeAsync(backoffDelay(1, () => 0));
    expect(t.calls).toHaveLength(2);
    expect(t.calls[1]?.init.headers).toMatchObject({ Authorization: 'Bearer token-2' });
    expect(t.events).toEqual([{ kind: 'resync', id: '' }]); // events may have been missed in between
    expect(t.statuses).toEqual(['connecting', 'live']); // a planned reconnect does not flicker
    t.conn.stop();
  });

  it('backs off while the API is unreachable or answers errors, then goes live', async () => {
    const t = await started(
      new TypeError('Failed to fetch'),
      new Response('{"error":"unavailable"}', { status: 503, headers: { 'Content-Type': 'application/json' } }),
      new Response('<html>', { status: 200, headers: { 'Content-Type': 'text/html' } }), // a proxy's page
    );
    expect(t.calls).toHaveLength(1);
    expect(t.statuses).toEqual(['connecting', 'reconnecting']);
    await vi.advanceTimersByTimeAsync(499);
    expect(t.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 500 ms after the first failure
    expect(t.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(t.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // 1 s after the second
    expect(t.calls).toHaveLength(3);
    const s = stream();
    t.reply(s.response);
    await vi.advanceTimersByTimeAsync(2_000); // 2 s after the third
    expect(t.calls).toHaveLength(4);
    expect(t.statuses.at(-1)).toBe('live');
    expect(t.events).toEqual([{ kind: 'resync', id: '' }]);
    t.conn.stop();
  });

  it('after a 401 renews the session once and retries at once with the new token', async () => {
    const t = setup({
      unauthorized: async () => {
        t.setToken('renewed');
        return true;
      },
    });
    t.reply(new Response('{"error":"unauthorized"}', { status: 401 }));
    t.reply(stream().response);
    t.conn.start();
    await tick();
    expect(t.unauthorized).toHaveBeenCalledWith('token-1');
    expect(t.calls.map((c) => (c.init.headers as Record<string, string>).Authorization)).toEqual([
      'Bearer token-1',
      'Bearer renewed',
    ]);
    expect(t.statuses.at(-1)).toBe('live');
    t.conn.stop();
  });

  it('after a 401 it cannot renew, waits and tries again', async () => {
    const t = await started(new Response('{"error":"unauthorized"}', { status: 401 }));
    expect(t.unauthorized).toHaveBeenCalledTimes(1);
    expect(t.calls).toHaveLength(1);
    expect(t.statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500);
    expect(t.calls).toHaveLength(2);
    t.conn.stop();
  });

  it('stops for good on 403: this user may not follow live updates', async () => {
    const t = await started(new Response('{"error":"forbidden"}', { status: 403 }));
    await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS * 2);
    expect(t.calls).toHaveLength(1);
    expect(t.statuses.at(-1)).toBe('off');
  });

  it('waits for a token while there is none', async () => {
    let token: string | null = null;
    const t = setup({ token: () => token });
    t.conn.start();
    await tick();
    expect(t.calls).toHaveLength(0);
    token = 'later';
    t.reply(stream().response);
    await vi.advanceTimersByTimeAsync(500);
    expect(t.calls).toHaveLength(1);
    t.conn.stop();
  });

  it('reconnects when the stream goes silent (no heartbeat) for too long', async () => {
    const s = stream();
    const t = await started(s.response);
    await vi.advanceTimersByTimeAsync(STALL_MS - 1_000);
    s.send(': ping\n\n'); // a heartbeat restarts the watch
    await vi.advanceTimersByTimeAsync(STALL_MS - 1_000);
    expect(t.calls).toHaveLength(1);
    t.reply(stream().response);
    await vi.advanceTimersByTimeAsync(1_000 + 500);
    expect(t.calls).toHaveLength(2);
    expect(t.calls[0]?.init.signal?.aborted).toBe(true);
    t.conn.stop();
  });

  it('stop() aborts the stream and nothing reconnects', async () => {
    const s = stream();
    const t = await started(s.response);
    t.conn.stop();
    expect(t.calls[0]?.init.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS * 2);
    expect(t.calls).toHaveLength(1);
  });
});
