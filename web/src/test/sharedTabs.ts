/**
 * In-memory stand-ins for navigator.locks and BroadcastChannel, shared by
 * the "tabs" of one test: exclusive locks granted in request order, and
 * channels that deliver (asynchronously, as browsers do) to every other open
 * channel of the same name.
 */
export class FakeLocks {
  private held = new Set<string>();
  private waiting = new Map<string, (() => void)[]>();

  request(name: string, ...args: unknown[]): Promise<unknown> {
    const callback = args[args.length - 1] as (lock: { name: string; mode: 'exclusive' }) => unknown;
    const options = (args.length > 1 ? args[0] : {}) as { signal?: AbortSignal };
    return new Promise((resolve, reject) => {
      const grant = () => {
        options.signal?.removeEventListener('abort', onAbort);
        this.held.add(name);
        void Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' }))
          .then(resolve, reject)
          .finally(() => {
            this.held.delete(name);
            this.waiting.get(name)?.shift()?.();
          });
      };
      const onAbort = () => {
        const queue = this.waiting.get(name) ?? [];
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(new DOMException('The request was aborted.', 'AbortError'));
      };
      if (options.signal?.aborted) return onAbort();
      if (!this.held.has(name)) return grant();
      options.signal?.addEventListener('abort', onAbort);
      this.waiting.set(name, [...(this.waiting.get(name) ?? []), grant]);
    });
  }

  query(): Promise<unknown> {
    return Promise.resolve({ held: [], pending: [] });
  }
}

const openChannels = new Set<FakeBroadcastChannel>();

export class FakeBroadcastChannel {
  readonly name: string;
  onmessage: ((message: MessageEvent) => void) | null = null;
  onmessageerror = null;
  private closed = false;
  /** Every message posted on any channel, for assertions. */
  static posted: { name: string; data: unknown }[] = [];

  constructor(name: string) {
    this.name = name;
    openChannels.add(this);
  }

  postMessage(data: unknown): void {
    if (this.closed) throw new DOMException('closed', 'InvalidStateError');
    FakeBroadcastChannel.posted.push({ name: this.name, data });
    const copy = structuredClone(data);
    for (const other of openChannels) {
      if (other === this || other.name !== this.name) continue;
      queueMicrotask(() => {
        if (!other.closed) other.onmessage?.(new MessageEvent('message', { data: copy }));
      });
    }
  }

  close(): void {
    this.closed = true;
    openChannels.delete(this);
  }

  addEventListener(): void {}
  removeEventListener(): void {}
  dispatchEvent(): boolean {
    return true;
  }

  static reset(): void {
    openChannels.clear();
    FakeBroadcastChannel.posted = [];
  }
}

/** Lets queued channel messages and lock grants run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
