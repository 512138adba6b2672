import {
  CircleAlert,
  CircleCheck,
  CircleDot,
  Eye,
  Flame,
  Lock,
  Search,
  ShieldCheck,
  SignalHigh,
  SignalLow,
  SignalMedium,
} from 'lucide-react';
import type { ReactNode } from 'react';
import type { IncidentStatus, Severity } from '../../api/types';
import { Badge, type Tone } from '../../components/ui/Badge';
import { severityLabel, statusLabel } from './labels';

const severityLooks: Record<Severity, { tone: Tone; icon: ReactNode }> = {
  critical: { tone: 'danger', icon: <Flame aria-hidden /> },
  high: { tone: 'warning', icon: <SignalHigh aria-hidden /> },
  medium: { tone: 'info', icon: <SignalMedium aria-hidden /> },
  low: { tone: 'neutral', icon: <SignalLow aria-hidden /> },
};

/** Severity as icon + word (never colour alone). */
export function SeverityBadge({ severity }: { severity: Severity | string }) {
  const look = severityLooks[severity as Severity] ?? { tone: 'neutral' as const, icon: <CircleDot aria-hidden /> };
  return (
    <Badge tone={look.tone} icon={look.icon}>
      <span data-severity={severity}>{severityLabel(severity)}</span>
    </Badge>
  );
}

const statusLooks: Record<IncidentStatus, { tone: Tone; icon: ReactNode }> = {
  triggered: { tone: 'danger', icon: <CircleAlert aria-hidden /> },
  acknowledged: { tone: 'warning', icon: <Eye aria-hidden /> },
  investigating: { tone: 'info', icon: <Search aria-hidden /> },
  mitigated: { tone: 'info', icon: <ShieldCheck aria-hidden /> },
  resolved: { tone: 'success', icon: <CircleCheck aria-hidden /> },
  closed: { tone: 'neutral', icon: <Lock aria-hidden /> },
};

export function IncidentStatusBadge({ status }: { status: IncidentStatus | string }) {
  const look = statusLooks[status as IncidentStatus] ?? { tone: 'neutral' as const, icon: <CircleDot aria-hidden /> };
  return (
    <Badge tone={look.tone} icon={look.icon}>
      <span data-status={status}>{statusLabel(status)}</span>
    </Badge>
  );
}
