/**
 * The events of GET /api/v1/events. They only say what changed; the
 * dashboard refetches it through the normal API, so a missed event costs at
 * most a polling interval.
 */
export type LiveEventKind = 'incident' | 'notification' | 'run' | 'run_log' | 'resync';

export interface LiveEvent {
  kind: LiveEventKind;
  /** The incident's or run's ID ("" for resync). */
  id: string;
  status?: string;
}

const kinds: ReadonlySet<string> = new Set<LiveEventKind>(['incident', 'notification', 'run', 'run_log', 'resync']);

/** Reads one event's data; null when it is not JSON or of a kind this dashboard does not know. */
export function parseLiveEvent(data: string): LiveEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { kind, id, status } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || !kinds.has(kind)) return null;
  return {
    kind: kind as LiveEventKind,
    id: typeof id === 'string' ? id : '',
    ...(typeof status === 'string' && status ? { status } : {}),
  };
}

export const RESYNC: LiveEvent = { kind: 'resync', id: '' };
