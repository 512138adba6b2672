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
import type { IncidentStatus, Severity } from '../../api/types';
import { LookBadge, type Look } from '../../components/ui/Badge';
import { severityLabel, statusLabel } from './labels';

const unknownLook: Look = { tone: 'neutral', icon: <CircleDot aria-hidden /> };

const severityLooks: Record<Severity, Look> = {
  critical: { tone: 'danger', icon: <Flame aria-hidden /> },
  high: { tone: 'warning', icon: <SignalHigh aria-hidden /> },
  medium: { tone: 'info', icon: <SignalMedium aria-hidden /> },
  low: { tone: 'neutral', icon: <SignalLow aria-hidden /> },
};

/** Severity as icon + word (never colour alone). */
export function SeverityBadge({ severity }: { severity: Severity | string }) {
  return <LookBadge look={severityLooks[severity as Severity] ?? unknownLook} label={severityLabel(severity)} data={{ 'data-severity': severity }} />;
}

const statusLooks: Record<IncidentStatus, Look> = {
  triggered: { tone: 'danger', icon: <CircleAlert aria-hidden /> },
  acknowledged: { tone: 'warning', icon: <Eye aria-hidden /> },
  investigating: { tone: 'info', icon: <Search aria-hidden /> },
  mitigated: { tone: 'info', icon: <ShieldCheck aria-hidden /> },
  resolved: { tone: 'success', icon: <CircleCheck aria-hidden /> },
  closed: { tone: 'neutral', icon: <Lock aria-hidden /> },
};

export function IncidentStatusBadge({ status }: { status: IncidentStatus | string }) {
  return <LookBadge look={statusLooks[status as IncidentStatus] ?? unknownLook} label={statusLabel(status)} data={{ 'data-status': status }} />;
}
