import { CircleX, Link2, PlayCircle, UserX } from 'lucide-react';
import type { ReactNode } from 'react';
import type { RunLinkRelation } from '../../api/types';
import { Badge, type Tone } from '../../components/ui/Badge';

/** Whose page the link is shown on: the wording changes with the point of view. */
export type LinkSide = 'incident' | 'run';

interface LinkLook {
  tone: Tone;
  icon: ReactNode;
  /** Shown on the incident's page, about the run. */
  incident: string;
  /** Shown on the run's page, about the incident. */
  run: string;
}

const looks: Record<RunLinkRelation, LinkLook> = {
  triggered: {
    tone: 'info',
    icon: <PlayCircle aria-hidden />,
    incident: 'Started by this incident',
    run: 'Started this run',
  },
  failure: {
    tone: 'danger',
    icon: <CircleX aria-hidden />,
    incident: 'Opened this incident (run failed)',
    run: 'Opened because this run failed',
  },
  approval_timeout: {
    tone: 'warning',
    icon: <UserX aria-hidden />,
    incident: 'Approval timed out',
    run: 'Opened because approval timed out',
  },
};

/** The sentence describing a relation, from one side of the link; unknown relations show as-is. */
export function relationLabel(relation: string, side: LinkSide): string {
  const look = looks[relation as RunLinkRelation];
  return look ? look[side] : relation.replace(/_/g, ' ') || 'Linked';
}

/** How a run and an incident are linked, as icon + words (never colour alone). */
export function RunLinkBadge({ relation, side }: { relation: string; side: LinkSide }) {
  const look = looks[relation as RunLinkRelation];
  return (
    <Badge tone={look?.tone ?? 'neutral'} icon={look?.icon ?? <Link2 aria-hidden />}>
      <span data-relation={relation}>{relationLabel(relation, side)}</span>
    </Badge>
  );
}
