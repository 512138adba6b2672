import { useCallback } from 'react';
import { useLiveStatus } from './LiveContext';

export type PollInterval = number | false;

/**
 * Polling is the fallback of live updates: while the stream is up, events
 * invalidate what changed and nothing polls; while it connects, reconnects
 * or is off, queries poll at their own interval.
 */
export function pollWhileOffline(status: ReturnType<typeof useLiveStatus>, interval: PollInterval): PollInterval {
  return status === 'live' ? false : interval;
}

/** pollWhileOffline for the current live status. */
export function usePollFallback(): (interval: PollInterval) => PollInterval {
  const status = useLiveStatus();
  return useCallback((interval: PollInterval) => pollWhileOffline(status, interval), [status]);
}
