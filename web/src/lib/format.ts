import { differenceInMilliseconds, format, formatDistanceToNowStrict, isValid, parseISO } from 'date-fns';

function toDate(value: string | Date | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = typeof value === 'string' ? parseISO(value) : value;
  return isValid(date) ? date : undefined;
}

/** "2026-11-25 15:04:05" in the viewer's time zone, or "—". */
export function formatDateTime(value: string | null | undefined): string {
  const date = toDate(value);
  return date ? format(date, 'yyyy-MM-dd HH:mm:ss') : '—';
}

/** "3 minutes ago", or "—". */
export function formatRelative(value: string | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  if (Math.abs(Date.now() - date.getTime()) < 5_000) return 'just now';
  return formatDistanceToNowStrict(date, { addSuffix: true });
}

/** Compact duration: "850 ms", "12.4 s", "3m 05s", "2h 14m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1_000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const totalSeconds = Math.floor(seconds);
  const h = Math.floor(totalSeconds / 3_600);
  const m = Math.floor((totalSeconds % 3_600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/** Time between two instants; an open interval runs to `now`. */
export function durationBetween(
  start: string | null | undefined,
  end: string | null | undefined,
  now: Date = new Date(),
): number | undefined {
  const from = toDate(start);
  if (!from) return undefined;
  return differenceInMilliseconds(toDate(end) ?? now, from);
}

/**
 * A short, still distinctive form of a run ID. Run IDs are UUIDv7, whose leading
 * digits are a timestamp shared by runs started close together, so the random
 * tail is what tells them apart.
 */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(-8) : id;
}
