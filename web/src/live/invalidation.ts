import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { incidentKeys } from '../entities/incident/api';
import { runKeys } from '../entities/run/api';
import type { LiveEvent } from './events';

/**
 * The queries an event makes stale, as prefixes (TanStack Query matches
 * query keys by prefix): null means every query (resync).
 */
export function staleQueries(event: LiveEvent): QueryKey[] | null {
  switch (event.kind) {
    case 'resync':
      return null;
    case 'incident':
      // Lists, counts and charts (['incidents', ...], ['incident-metrics', ...]),
      // and the incident's detail, timeline and pages (['incident', id, ...]).
      return [incidentKeys.all, incidentKeys.allMetrics, ...(event.id ? [incidentKeys.detail(event.id)] : [])];
    case 'notification':
      return event.id ? [incidentKeys.notifications(event.id), incidentKeys.detail(event.id)] : [];
    case 'run':
      // Run lists and counts (['runs', ...]) and the run with its steps (['run', id]);
      // a new run status also shows on incident pages that link the run (['incident', ...]).
      return [runKeys.all, ...(event.id ? [runKeys.detail(event.id)] : []), ...(event.status ? [['incident']] : [])];
    case 'run_log':
      // Logs follow their own cursor (useRunLogs listens for these events).
      return event.id ? [runKeys.logs(event.id)] : [];
  }
}

/** Waits this long after an event for more, so a burst refetches each query once. */
export const COALESCE_MS = 100;

/**
 * Invalidates the queries events make stale, a burst at a time: the first
 * event starts a short window, and when it closes each affected query
 * refetches once (only those on screen refetch; others are marked stale).
 */
export class Invalidator {
  private keys = new Map<string, QueryKey>();
  private all = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly queryClient: QueryClient;
  private readonly windowMs: number;

  constructor(queryClient: QueryClient, windowMs = COALESCE_MS) {
    this.queryClient = queryClient;
    this.windowMs = windowMs;
  }

  push(event: LiveEvent): void {
    const keys = staleQueries(event);
    if (keys === null) this.all = true;
    else keys.forEach((key) => this.keys.set(JSON.stringify(key), key));
    if (this.timer === undefined && (this.all || this.keys.size > 0)) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { all, keys } = this;
    this.all = false;
    this.keys = new Map();
    if (all) {
      void this.queryClient.invalidateQueries();
      return;
    }
    keys.forEach((queryKey) => void this.queryClient.invalidateQueries({ queryKey }));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.keys.clear();
    this.all = false;
  }
}
