import { Ban, CircleCheck, CircleDashed, CircleX, Clock, LoaderCircle, TimerOff, UserCheck } from 'lucide-react';
import type { RunStatus, StepStatus } from '../../api/types';
import { LookBadge, type Look } from '../../components/ui/Badge';

interface StatusLook extends Look {
  label: string;
}

const looks: Record<RunStatus, StatusLook> = {
  pending: { label: 'Pending', tone: 'neutral', icon: <Clock aria-hidden /> },
  running: { label: 'Running', tone: 'info', icon: <LoaderCircle aria-hidden className="motion-safe:animate-spin" /> },
  waiting_approval: { label: 'Awaiting approval', tone: 'warning', icon: <UserCheck aria-hidden /> },
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
  return <LookBadge look={look} label={look.label} data={{ 'data-status': status }} />;
}

const stepLooks: Record<StepStatus, StatusLook> = {
  running: looks.running,
  waiting_approval: looks.waiting_approval,
  succeeded: looks.succeeded,
  failed: looks.failed,
  skipped: { label: 'Skipped', tone: 'neutral', icon: <CircleDashed aria-hidden /> },
};

/** A step's status, same look as the run's. */
export function StepStatusBadge({ status }: { status: StepStatus | string }) {
  const look = stepLooks[status as StepStatus] ?? runStatusLook(status);
  return <LookBadge look={look} label={look.label} data={{ 'data-status': status }} />;
}
