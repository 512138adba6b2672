/** Countdown text: "4m 05s", "1h 02m", "2d 3h"; the sign is handled by the callers. */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1_000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

export type DeadlineState = 'none' | 'pending' | 'met' | 'breached';

export interface DeadlineView {
  state: DeadlineState;
  /** "4m 05s left", "overdue by 1m 02s", "met", "no deadline". */
  text: string;
  /** Under a fifth of the time (or 2 minutes) left. */
  urgent: boolean;
}

/**
 * How an SLA deadline stands at `now`. `doneAt` is when the work it measures
 * was done (acknowledged or resolved); `breached` is the API's flag, which wins.
 */
export function deadlineView(
  deadline: string | null | undefined,
  doneAt: string | null | undefined,
  breached: boolean,
  now: number,
  startedAt?: string,
): DeadlineView {
  if (!deadline) return { state: 'none', text: 'No deadline', urgent: false };
  const due = Date.parse(deadline);
  if (doneAt) {
    const done = Date.parse(doneAt);
    if (breached || done > due) return { state: 'breached', text: `Missed by ${formatSpan(done - due)}`, urgent: false };
    return { state: 'met', text: `Met with ${formatSpan(due - done)} to spare`, urgent: false };
  }
  const left = due - now;
  if (breached || left <= 0) return { state: 'breached', text: `Overdue by ${formatSpan(-left)}`, urgent: true };
  const span = startedAt ? due - Date.parse(startedAt) : NaN;
  const urgent = left <= 120_000 || (Number.isFinite(span) && span > 0 && left / span < 0.2);
  return { state: 'pending', text: `${formatSpan(left)} left`, urgent };
}

/** "in 1m 30s" / "30s ago" for the next escalation. */
export function relativeSpan(at: string, now: number): string {
  const diff = Date.parse(at) - now;
  return diff >= 0 ? `in ${formatSpan(diff)}` : `${formatSpan(diff)} ago`;
}

/** "4.2 min", "1.5 h", "2.1 d" for MTTA/MTTR. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3_600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 86_400) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
