import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { can, useMe } from '../auth/hooks';
import { accessToken, onUnauthorized } from '../auth/session';
import { LiveConnection, type LiveStatus } from './connection';
import type { LiveEvent } from './events';
import { Invalidator } from './invalidation';
import { SharedLiveStream, sharingSupport, type LiveStreamHandlers } from './shared';

export type LiveListener = (event: LiveEvent) => void;

export interface LiveState {
  status: LiveStatus;
  /** Hears every event (after the queries it makes stale are invalidated); returns the unsubscribe. */
  subscribe: (listener: LiveListener) => () => void;
}

/**
 * Live updates for the signed-in dashboard: follows GET /api/v1/events and
 * invalidates the queries each event makes stale, so open pages refetch
 * within a fraction of a second instead of at their next poll (polling stays
 * as the fallback). Mount once, in the app shell.
 *
 * Where the browser has Web Locks and BroadcastChannel, all of a user's tabs
 * share one stream (see SharedLiveStream); elsewhere each tab opens its own.
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const me = useMe();
  const enabled = can(me, 'incidents:read') || can(me, 'playbooks:read');
  const userId = me?.id;
  const [status, setStatus] = useState<LiveStatus>(enabled ? 'connecting' : 'off');
  const listeners = useRef(new Set<LiveListener>());

  useEffect(() => {
    if (!enabled) {
      setStatus('off');
      return;
    }
    const invalidator = new Invalidator(queryClient);
    const handlers: LiveStreamHandlers = {
      onStatus: setStatus,
      onEvent: (event) => {
        invalidator.push(event);
        listeners.current.forEach((listener) => listener(event));
      },
    };
    const connect = ({ onEvent, onStatus }: LiveStreamHandlers) =>
      new LiveConnection({ getToken: accessToken, onUnauthorized, onEvent, onStatus });
    const stream =
      userId !== undefined && sharingSupport()
        ? new SharedLiveStream({ ...handlers, userId, createStream: connect })
        : connect(handlers);
    stream.start();
    return () => {
      stream.stop();
      invalidator.dispose();
    };
  }, [queryClient, enabled, userId]);

  const subscribe = useCallback((listener: LiveListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  return useMemo(() => ({ status, subscribe }), [status, subscribe]);
}
