import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { getRunLogs } from './api';
import type { RunLogLine } from '../../api/types';
import { useLiveEvents } from '../../live/LiveContext';

export const LOG_POLL_MS = 2_000;
/** Lines kept in memory; older ones are dropped from the top. */
export const MAX_LOG_LINES = 5_000;

export interface RunLogsState {
  lines: RunLogLine[];
  /** loading: first page not in yet; unavailable: the API has no logs endpoint or none for this run. */
  status: 'loading' | 'ready' | 'unavailable' | 'error';
  error?: string;
  /** Lines dropped to stay under MAX_LOG_LINES. */
  dropped: number;
}

function isLine(value: unknown): value is RunLogLine {
  return typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string';
}

/**
 * Follows a run's output: asks for the lines after the last cursor every 2 s
 * while the run is active, then once more after it ends. A 404 (no logs
 * endpoint yet, or no logs for this run) stops quietly. A live event saying
 * the run's log grew asks at once.
 */
export function useRunLogs(runId: string, active: boolean): RunLogsState {
  const [state, setState] = useState<RunLogsState>({ lines: [], status: 'loading', dropped: 0 });
  const cursor = useRef('');
  const stopped = useRef(false);
  const kick = useRef<() => void>(() => undefined);

  useLiveEvents((event) => {
    if ((event.kind === 'run_log' && event.id === runId) || event.kind === 'resync') kick.current();
  });

  useEffect(() => {
    cursor.current = '';
    stopped.current = false;
    setState({ lines: [], status: 'loading', dropped: 0 });
  }, [runId]);

  useEffect(() => {
    if (stopped.current) return;
    const controller = new AbortController();
    let timer: number | undefined;
    let cancelled = false;
    let busy = false;
    let again = false;

    const poll = async () => {
      try {
        // Drain: keep asking while each answer moves the cursor on.
        for (let i = 0; i < 20; i++) {
          const page = await getRunLogs(runId, cursor.current, controller.signal);
          if (cancelled) return;
          const lines = Array.isArray(page.data) ? page.data.filter(isLine) : [];
          const next = typeof page.pagination?.next === 'string' ? page.pagination.next : '';
          setState((s) => {
            const all = [...s.lines, ...lines];
            const over = Math.max(0, all.length - MAX_LOG_LINES);
            return { lines: over ? all.slice(over) : all, status: 'ready', dropped: s.dropped + over };
          });
          if (!next || next === cursor.current || lines.length === 0) {
            if (next) cursor.current = next;
            break;
          }
          cursor.current = next;
        }
        if (active && !cancelled) timer = window.setTimeout(() => void tick(), LOG_POLL_MS);
      } catch (err) {
        if (cancelled || (err instanceof Error && err.name === 'AbortError')) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 501)) {
          stopped.current = true;
          setState((s) => ({ ...s, status: s.lines.length ? 'ready' : 'unavailable' }));
          return;
        }
        setState((s) => ({ ...s, status: 'error', error: err instanceof Error ? err.message : 'Could not load the logs.' }));
        if (active && !cancelled) timer = window.setTimeout(() => void tick(), LOG_POLL_MS * 3);
      }
    };
    // One request at a time: an event during a request asks again after it.
    const tick = async () => {
      busy = true;
      try {
        await poll();
      } finally {
        busy = false;
      }
      if (again && !cancelled) {
        again = false;
        window.clearTimeout(timer);
        void tick();
      }
    };
    kick.current = () => {
      if (cancelled || stopped.current) return;
      if (busy) again = true;
      else {
        window.clearTimeout(timer);
        void tick();
      }
    };
    void tick();
    return () => {
      cancelled = true;
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [runId, active]);

  return state;
}
