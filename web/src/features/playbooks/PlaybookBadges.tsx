import { ShieldCheck, Timer, TriangleAlert, UserCheck } from 'lucide-react';
import type { Playbook } from '../../api/types';
import { Badge, type Tone } from '../../components/ui/Badge';

const riskTones: Record<string, Tone> = { low: 'success', medium: 'warning', high: 'danger', critical: 'danger' };

export function RiskBadge({ risk }: { risk: string }) {
  const tone = riskTones[risk] ?? 'neutral';
  return (
    <Badge tone={tone} icon={tone === 'success' ? <ShieldCheck aria-hidden /> : <TriangleAlert aria-hidden />}>
      {risk.charAt(0).toUpperCase() + risk.slice(1)} risk
    </Badge>
  );
}

export function formatTimeout(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Risk, approval and timeout: what an operator weighs before pressing Run. */
export function PlaybookBadges({ playbook }: { playbook: Playbook }) {
  return (
    <div className="flex flex-wrap gap-1.5">
      <RiskBadge risk={playbook.risk} />
      {playbook.requiresApproval && (
        <Badge tone="warning" icon={<UserCheck aria-hidden />}>
          Needs approval
        </Badge>
      )}
      <Badge icon={<Timer aria-hidden />}>Timeout {formatTimeout(playbook.timeoutSeconds)}</Badge>
    </div>
  );
}
