import type { LiveStatus } from './connection';
import { RESYNC, type LiveEvent } from './events';

/** What the leader tab runs: a LiveConnection in the app. */
export interface LiveStream {
  start(): void;
  stop(): void;
}

export interface LiveStreamHandlers {
  onEvent: (event: LiveEvent) => void;
  onStatus: (status: LiveStatus) => void;
}

/** The messages on the channel. */
export type SharedLiveMessage =
  | { type: 'event'; event: LiveEvent }
  | { type: 'status'; status: LiveStatus }
  | { type: 'hello' };

export interface SharedLiveOptions extends LiveStreamHandlers {
  /** Tabs share a stream only with tabs signed in as the same user. */
  userId: string;
  /** Makes the connection the leader runs, reporting to the given handlers. */
  createStream: (handlers: LiveStreamHandlers) => LiveStream;
  locks?: LockManager;
  BroadcastChannel?: typeof BroadcastChannel;
}

export const SHARED_LIVE_NAME = 'opsmanager-live';

export function sharedLiveName(userId: string): string {
  return `${SHARED_LIVE_NAME}:${userId}`;
}

/** The browser's Web Locks and BroadcastChannel, or null when either is missing. */
export function sharingSupport(): { locks: LockManager; BroadcastChannel: typeof BroadcastChannel } | null {
  const locks = typeof navigator !== 'undefined' ? (navigator as Partial<Navigator>).locks : undefined;
  const Channel = typeof BroadcastChannel !== 'undefined' ? BroadcastChannel : undefined;
  if (!locks || typeof locks.request !== 'function' || !Channel) return null;
  return { locks, BroadcastChannel: Channel };
}

function isMessage(data: unknown): data is SharedLiveMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type } = data as { type?: unknown };
  return type === 'event' || type === 'status' || type === 'hello';
}

/**
 * One event stream for all of a user's tabs of this origin (browsers allow
 * only 6 HTTP/1.1 connections per origin, and a stream per tab starves the
 * API requests). The tab holding the Web Lock runs the connection and posts
 * each event and status change on a BroadcastChannel; the other tabs wait
 * for the lock and take their events and status from the channel. When the
 * leader tab closes (or stops), the browser releases its lock and grants it
 * to one waiting tab, which opens the stream.
 */
export class SharedLiveStream {
  private readonly opts: SharedLiveOptions;
  private readonly locks: LockManager;
  private readonly Channel: typeof BroadcastChannel;
  private channel: BroadcastChannel | null = null;
  private abort: AbortController | null = null;
  private release: (() => void) | null = null;
  private stream: LiveStream | null = null;
  private status: LiveStatus | null = null;
  private leader = false;
  /** A leader was heard before this tab got the lock: it took over, and events may have been missed. */
  private heardLeader = false;
  private stopped = true;

  constructor(opts: SharedLiveOptions) {
    const support = sharingSupport();
    const locks = opts.locks ?? support?.locks;
    const Channel = opts.BroadcastChannel ?? support?.BroadcastChannel;
    if (!locks || !Channel) throw new Error('SharedLiveStream needs navigator.locks and BroadcastChannel');
    this.opts = opts;
    this.locks = locks;
    this.Channel = Channel;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const name = sharedLiveName(this.opts.userId);
    const channel = new this.Channel(name);
    this.channel = channel;
    channel.onmessage = (message: MessageEvent<unknown>) => this.receive(message.data);
    this.setStatus('connecting');
    this.post({ type: 'hello' });

    const abort = new AbortController();
    this.abort = abort;
    this.locks
      .request(name, { signal: abort.signal }, () => {
        if (this.stopped || this.abort !== abort) return undefined;
        return new Promise<void>((resolve) => {
          this.release = resolve;
          this.lead();
        });
      })
      .catch(() => undefined); // AbortError: stopped while waiting for the lock
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.leader = false;
    this.stream?.stop();
    this.stream = null;
    this.abort?.abort();
    this.abort = null;
    this.release?.(); // lets the lock go to a waiting tab
    this.release = null;
    if (this.channel) this.channel.onmessage = null;
    this.channel?.close();
    this.channel = null;
  }

  private lead(): void {
    this.leader = true;
    const takeover = this.heardLeader;
    let resynced = false;
    this.stream = this.opts.createStream({
      onEvent: (event) => this.deliver(event, true),
      onStatus: (status) => {
        this.setStatus(status, true);
        // The previous leader's stream is gone: whatever happened before
        // this one opened was not announced.
        if (status === 'live' && takeover && !resynced) {
          resynced = true;
          this.deliver(RESYNC, true);
        }
      },
    });
    this.stream.start();
  }

  private receive(data: unknown): void {
    if (this.stopped || !isMessage(data)) return;
    switch (data.type) {
      case 'event':
        if (!this.leader) this.deliver(data.event, false);
        break;
      case 'status':
        if (!this.leader) {
          this.heardLeader = true;
          this.setStatus(data.status);
        }
        break;
      case 'hello':
        if (this.leader && this.status) this.post({ type: 'status', status: this.status });
        break;
    }
  }

  private deliver(event: LiveEvent, broadcast: boolean): void {
    if (this.stopped) return;
    if (broadcast) this.post({ type: 'event', event });
    this.opts.onEvent(event);
  }

  private setStatus(status: LiveStatus, broadcast = false): void {
    if (broadcast) this.post({ type: 'status', status });
    if (status === this.status) return;
    this.status = status;
    this.opts.onStatus(status);
  }

  private post(message: SharedLiveMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // The channel is closed (the tab is going away).
    }
  }
}
