import { afterEach, describe, expect, it } from 'vitest';
import { FakeBroadcastChannel, FakeLocks, settle } from '../test/sharedTabs';
import type { LiveStatus } from './connection';
import type { LiveEvent } from './events';
import { SharedLiveStream, type LiveStreamHandlers } from './shared';

/** A stand-in for LiveConnection that the test drives through its handlers. */
class FakeStream {
  started = false;
  stopped = false;
  readonly handlers: LiveStreamHandlers;
  constructor(handlers: LiveStreamHandlers) {
    this.handlers = handlers;
  }
  start() {
    this.started = true;
    this.handlers.onStatus('connecting');
  }
  stop() {
    this.stopped = true;
  }
}

const locks = new FakeLocks() as unknown as LockManager;
const streams: FakeStream[] = [];
const tabs: SharedLiveStream[] = [];

function tab(userId = 'u1') {
  const events: LiveEvent[] = [];
  const statuses: LiveStatus[] = [];
  const shared = new SharedLiveStream({
    userId,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    createStream: (handlers) => {
      const stream = new FakeStream(handlers);
      streams.push(stream);
      return stream;
    },
    locks,
    BroadcastChannel: FakeBroadcastChannel as unknown as typeof BroadcastChannel,
  });
  tabs.push(shared);
  shared.start();
  return { shared, events, statuses };
}

afterEach(() => {
  tabs.splice(0).forEach((t) => t.stop());
  streams.length = 0;
  FakeBroadcastChannel.reset();
});

describe('SharedLiveStream', () => {
  it('runs one connection for two tabs and passes its events and status to the other', async () => {
    const a = tab();
    const b = tab();
    await settle();
    expect(streams).toHaveLength(1);
    expect(a.shared.isLeader).toBe(true);
    expect(b.shared.isLeader).toBe(false);

    streams[0]!.handlers.onStatus('live');
    streams[0]!.handlers.onEvent({ kind: 'run', id: 'r1' });
    await settle();
    expect(a.events).toEqual([{ kind: 'run', id: 'r1' }]);
    expect(b.events).toEqual([{ kind: 'run', id: 'r1' }]);
    expect(a.statuses).toEqual(['connecting', 'live']);
    expect(b.statuses).toEqual(['connecting', 'live']);
  });

  it('tells a tab that opens later the current status', async () => {
    tab();
    await settle();
    streams[0]!.handlers.onStatus('live');
    await settle();
    const late = tab();
    await settle();
    expect(late.statuses).toEqual(['connecting', 'live']);
    expect(streams).toHaveLength(1);
  });

  it('hands the stream to a waiting tab when the leader stops, which resyncs once live', async () => {
    const a = tab();
    const b = tab();
    await settle();
    streams[0]!.handlers.onStatus('live');
    await settle();

    a.shared.stop();
    await settle();
    expect(streams[0]!.stopped).toBe(true);
    expect(streams).toHaveLength(2);
    expect(streams[1]!.started).toBe(true);
    expect(b.shared.isLeader).toBe(true);

    streams[1]!.handlers.onStatus('live');
    streams[1]!.handlers.onEvent({ kind: 'incident', id: 'i1' });
    await settle();
    expect(b.statuses).toEqual(['connecting', 'live', 'connecting', 'live']);
    expect(b.events).toEqual([
      { kind: 'resync', id: '' },
      { kind: 'incident', id: 'i1' },
    ]);
    expect(a.events).toEqual([]); // stopped tabs hear nothing
  });

  it('does not share between different users', async () => {
    const a = tab('u1');
    const b = tab('u2');
    await settle();
    expect(streams).toHaveLength(2);
    expect(a.shared.isLeader && b.shared.isLeader).toBe(true);
    streams[0]!.handlers.onEvent({ kind: 'run', id: 'r1' });
    await settle();
    expect(b.events).toEqual([]);
  });

  it('gives up waiting for the lock when stopped as a follower', async () => {
    const a = tab();
    const b = tab();
    await settle();
    b.shared.stop();
    a.shared.stop();
    await settle();
    expect(streams).toHaveLength(1);
    const c = tab();
    await settle();
    expect(c.shared.isLeader).toBe(true);
    expect(streams).toHaveLength(2);
  });
});
