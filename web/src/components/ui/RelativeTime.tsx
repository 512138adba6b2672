import { formatDateTime, formatRelative } from '../../lib/format';

/** "3 minutes ago", with the exact time on hover. */
export function RelativeTime({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}
