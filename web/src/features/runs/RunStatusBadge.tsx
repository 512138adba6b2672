import { Ban, CircleCheck, CircleX, Clock, LoaderCircle, TimerOff } from 'lucide-react';
import type { ReactNode } from 'react';
import type { RunStatus } from '../../api/types';
import { Badge, type Tone } from '../../components/ui/Badge';

interface StatusLook {
  label: string;
  tone: Tone;
  icon: ReactNode;
}

const looks: Record<RunStatus, StatusLook> = {
  pending: { label: 'Pending', tone: 'neutral', icon: <Clock aria-hidden /> },
  running: { label: 'Running', tone: 'info', icon: <LoaderCircle aria-hidden className="motion-safe:animate-spin" /> },
  succeeded: { label: 'Succeeded', tone: 'success', icon: <CircleCheck aria-hidden /> },
  failed: { label: 'Failed', tone: 'danger', icon: <CircleX aria-hidden /> },
  cancelled: { label: 'Cancelled', tone: 'neutral', icon: <Ban aria-hidden /> },
  timed_out: { label: 'Timed out', tone: 'warning', icon: <TimerOff aria-hidden /> },
};

export function runStatusLook(status: string): StatusLook {
  return (
    looks[status as RunStatus] ?? {
      label: status.replace(/_/g, ' ') || 'Unknown',
      tone: 'neutral',
      icon: <Clock aria-hidden />,
    }
  );
}

/** A run's status as icon + word (never colour alone). Unknown statuses show as-is. */
export function RunStatusBadge({ status }: { status: RunStatus | string }) {
  const look = runStatusLook(status);
  return (
    <Badge tone={look.tone} icon={look.icon}>
      <span data-status={status}>{look.label}</span>
    </Badge>
  );
}
