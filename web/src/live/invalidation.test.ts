import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { incidentKeys } from '../entities/incident/api';
import { runKeys } from '../entities/run/api';
import { userKeys } from '../entities/user/api';
import { parseLiveEvent, type LiveEvent } from './events';
import { COALESCE_MS, Invalidator, staleQueries } from './invalidation';

describe('parseLiveEvent', () => {
  it('reads known kinds and rejects anything else', () => {
    expect(parseLiveEvent('{"kind":"run","id":"r1","status":"running","at":"2026-01-01T00:00:00Z"}')).toEqual({
      kind: 'run',
      id: 'r1',
      status: 'running',
    });
    expect(parseLiveEvent('{"kind":"resync","at":"x"}')).toEqual({ kind: 'resync', id: '' });
    expect(parseLiveEvent('{"kind":"secret-new-kind","id":"x"}')).toBeNull();
    expect(parseLiveEvent('not json')).toBeNull();
    expect(parseLiveEvent('null')).toBeNull();
    expect(parseLiveEvent('{"id":"no kind"}')).toBeNull();
  });
});

describe('staleQueries', () => {
  it.each<[LiveEvent, unknown[][] | null]>([
    [{ kind: 'incident', id: 'i1' }, [['incidents'], ['incident-metrics'], ['incident', 'i1']]],
    [{ kind: 'notification', id: 'i1' }, [['incident', 'i1', 'notifications'], ['incident', 'i1']]],
    [{ kind: 'run', id: 'r1' }, [['runs'], ['run', 'r1']]],
    [{ kind: 'run', id: 'r1', status: 'failed' }, [['runs'], ['run', 'r1'], ['incident']]],
    [{ kind: 'run_log', id: 'r1' }, [['run', 'r1', 'logs']]],
    [{ kind: 'resync', id: '' }, null],
  ])('%o makes %o stale', (event, keys) => {
    expect(staleQueries(event)).toEqual(keys);
  });
});

/** A client holding the queries the dashboard's pages use, all fresh. */
function seededClient() {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const keys = {
    incidentList: incidentKeys.list({} as never),
    incidentCount: incidentKeys.count({ status: 'open' }),
    metrics: incidentKeys.metrics('a', 'b'),
    incident: incidentKeys.detail('i1'),
    timeline: incidentKeys.timeline('i1'),
    notifications: incidentKeys.notifications('i1'),
    otherIncident: incidentKeys.detail('i2'),
    runList: runKeys.page(1, 20),
    runCount: runKeys.count('active'),
    run: runKeys.detail('r1'),
    otherRun: runKeys.detail('r2'),
    users: userKeys.all,
  };
  Object.values(keys).forEach((key) => client.setQueryData(key, { seeded: true }));
  const stale = () =>
    Object.entries(keys)
      .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
      .map(([name]) => name)
      .sort();
  return { client, stale };
}

describe('Invalidator', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('marks an incident event’s lists, counts, charts and the incident stale, nothing else', () => {
    const { client, stale } = seededClient();
    const inv = new Invalidator(client);
    inv.push({ kind: 'incident', id: 'i1', status: 'acknowledged' });
    expect(stale()).toEqual([]); // waits for the burst to end
    vi.advanceTimersByTime(COALESCE_MS);
    expect(stale()).toEqual(['incident', 'incidentCount', 'incidentList', 'metrics', 'notifications', 'timeline']);
  });

  it('marks a run event’s lists and run stale', () => {
    const { client, stale } = seededClient();
    const inv = new Invalidator(client);
    inv.push({ kind: 'run', id: 'r1' });
    vi.advanceTimersByTime(COALESCE_MS);
    expect(stale()).toEqual(['run', 'runCount', 'runList']);
  });

  it('on resync marks everything stale', () => {
    const { client, stale } = seededClient();
    const inv = new Invalidator(client);
    inv.push({ kind: 'resync', id: '' });
    vi.advanceTimersByTime(COALESCE_MS);
    expect(stale()).toHaveLength(12);
  });

  it('invalidates each query once per burst', () => {
    const { client } = seededClient();
    const spy = vi.spyOn(client, 'invalidateQueries');
    const inv = new Invalidator(client);
    for (let i = 0; i < 50; i++) inv.push({ kind: 'run', id: 'r1' });
    vi.advanceTimersByTime(COALESCE_MS);
    expect(spy).toHaveBeenCalledTimes(2); // ['runs'] and ['run', 'r1']
    inv.push({ kind: 'run', id: 'r2' }); // a new burst
    vi.advanceTimersByTime(COALESCE_MS);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('does nothing after dispose', () => {
    const { client, stale } = seededClient();
    const inv = new Invalidator(client);
    inv.push({ kind: 'incident', id: 'i1' });
    inv.dispose();
    vi.advanceTimersByTime(COALESCE_MS * 2);
    expect(stale()).toEqual([]);
  });
});
