import type { IncidentAction, IncidentStatus } from '../../api/types';
import { statusLabel } from '../../entities/incident/labels';

/** Which statuses each action accepts (mirrors domain/incident.go). */
export const ACTION_FROM: Record<IncidentAction, readonly IncidentStatus[]> = {
  acknowledge: ['triggered'],
  investigate: ['triggered', 'acknowledged'],
  mitigate: ['triggered', 'acknowledged', 'investigating'],
  resolve: ['triggered', 'acknowledged', 'investigating', 'mitigated'],
  close: ['resolved'],
  reopen: ['resolved'],
  escalate: ['triggered', 'acknowledged'],
};

export const ACTION_LABELS: Record<IncidentAction, string> = {
  acknowledge: 'Acknowledge',
  investigate: 'Investigate',
  mitigate: 'Mitigate',
  resolve: 'Resolve',
  close: 'Close',
  reopen: 'Reopen',
  escalate: 'Escalate now',
};

/** Past tense, for announcements ("Incident acknowledged"). */
export const ACTION_DONE: Record<IncidentAction, string> = {
  acknowledge: 'acknowledged',
  investigate: 'marked as investigating',
  mitigate: 'marked as mitigated',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
  escalate: 'escalated',
};

/** Order of the action buttons on the incident page. */
const ACTION_ORDER: IncidentAction[] = ['acknowledge', 'investigate', 'mitigate', 'resolve', 'escalate', 'reopen', 'close'];

export function canApply(action: IncidentAction, status: IncidentStatus | string): boolean {
  return (ACTION_FROM[action] as readonly string[]).includes(status);
}

/** The actions valid for an incident in `status`, in button order. */
export function actionsFor(status: IncidentStatus | string): IncidentAction[] {
  return ACTION_ORDER.filter((action) => canApply(action, status));
}

export const canReassign = (status: string) => ['triggered', 'acknowledged', 'investigating', 'mitigated'].includes(status);

/** The columns of the board, in lifecycle order. */
export const BOARD_COLUMNS: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'investigating', 'mitigated', 'resolved'];

/** The action that moves a card into `to`, by column. */
const ACTION_INTO: Partial<Record<IncidentStatus, IncidentAction>> = {
  acknowledged: 'acknowledge',
  investigating: 'investigate',
  mitigated: 'mitigate',
  resolved: 'resolve',
  triggered: 'reopen',
};

export type MovePlan =
  | { kind: 'none' }
  | { kind: 'action'; action: IncidentAction; to: IncidentStatus }
  | { kind: 'refused'; reason: string };

/**
 * What dropping an incident in status `from` onto column `to` does: the action
 * the move stands for, nothing (same column), or why the move is not possible.
 */
export function planMove(from: IncidentStatus, to: IncidentStatus): MovePlan {
  if (from === to) return { kind: 'none' };
  const action = ACTION_INTO[to];
  if (!action) return { kind: 'refused', reason: `Incidents cannot be moved to ${statusLabel(to)}.` };
  if (!canApply(action, from)) {
    if (to === 'triggered') {
      return { kind: 'refused', reason: 'Only a resolved incident can go back to Triggered (reopen).' };
    }
    return {
      kind: 'refused',
      reason: `An incident that is ${statusLabel(from).toLowerCase()} cannot be moved to ${statusLabel(to)}.`,
    };
  }
  return { kind: 'action', action, to };
}
