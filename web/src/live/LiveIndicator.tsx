import { cn } from '../lib/cn';
import type { LiveStatus } from './connection';
import { useLiveStatus } from './LiveContext';

const labels: Record<Exclude<LiveStatus, 'off'>, { text: string; title: string; dot: string }> = {
  live: { text: 'Live', title: 'Live updates on: changes appear as they happen', dot: 'bg-success' },
  connecting: { text: 'Connecting', title: 'Connecting to live updates; pages refresh every few seconds meanwhile', dot: 'bg-warning' },
  reconnecting: {
    text: 'Reconnecting',
    title: 'Live updates interrupted; reconnecting. Pages refresh every few seconds meanwhile',
    dot: 'bg-warning',
  },
};

/** A small dot and word saying whether pages update live; nothing when live updates are off for this user. */
export function LiveIndicator({ className }: { className?: string }) {
  const status = useLiveStatus();
  if (status === 'off') return null;
  const { text, title, dot } = labels[status];
  return (
    <span role="status" aria-label={title} title={title} className={cn('inline-flex items-center gap-1.5 text-xs text-fg-muted', className)}>
      <span aria-hidden className={cn('size-2 rounded-full', dot, status === 'live' ? '' : 'animate-pulse')} />
      <span aria-hidden>{text}</span>
    </span>
  );
}
