import type { ReactNode } from 'react';
import { formatDateTime, formatRelative } from '../../lib/format';

/** "3 minutes ago", with the exact time on hover; `empty` when there is no time. */
export function RelativeTime({ at, empty = '—' }: { at: string | null | undefined; empty?: ReactNode }) {
  if (!at) return <>{empty}</>;
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}
