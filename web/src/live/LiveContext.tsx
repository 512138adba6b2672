import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { LiveEvent } from './events';
import type { LiveListener, LiveState } from './useLiveUpdates';

/** Outside the app shell (tests of single pages): no stream, nothing happens. */
const offline: LiveState = { status: 'off', subscribe: () => () => undefined };

const LiveContext = createContext<LiveState>(offline);

export function LiveProvider({ value, children }: { value: LiveState; children: ReactNode }) {
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The live-update connection's state, for indicators. */
export function useLiveStatus() {
  return useContext(LiveContext).status;
}

/** Calls `listener` for each live event while mounted (the latest listener, without resubscribing). */
export function useLiveEvents(listener: (event: LiveEvent) => void): void {
  const { subscribe } = useContext(LiveContext);
  const latest = useRef<LiveListener>(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
