import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES } from '../../api/types';
import { actionsFor, BOARD_COLUMNS, planMove } from './model';

describe('actionsFor', () => {
  it.each([
    ['triggered', ['acknowledge', 'investigate', 'mitigate', 'resolve', 'escalate']],
    ['acknowledged', ['investigate', 'mitigate', 'resolve', 'escalate']],
    ['investigating', ['mitigate', 'resolve']],
    ['mitigated', ['resolve']],
    ['resolved', ['reopen', 'close']],
    ['closed', []],
  ])('offers for %s exactly %j', (status, expected) => {
    expect(actionsFor(status)).toEqual(expected);
  });

  it('offers nothing for a status it does not know', () => {
    expect(actionsFor('archived')).toEqual([]);
  });
});

describe('planMove', () => {
  it('maps each forward column to its action', () => {
    expect(planMove('triggered', 'acknowledged')).toEqual({ kind: 'action', action: 'acknowledge', to: 'acknowledged' });
    expect(planMove('triggered', 'investigating')).toEqual({ kind: 'action', action: 'investigate', to: 'investigating' });
    expect(planMove('acknowledged', 'mitigated')).toEqual({ kind: 'action', action: 'mitigate', to: 'mitigated' });
    expect(planMove('mitigated', 'resolved')).toEqual({ kind: 'action', action: 'resolve', to: 'resolved' });
  });

  it('reopens when a resolved card goes back to Triggered', () => {
    expect(planMove('resolved', 'triggered')).toEqual({ kind: 'action', action: 'reopen', to: 'triggered' });
  });

  it('does nothing in the same column and refuses moves the state machine forbids', () => {
    expect(planMove('acknowledged', 'acknowledged')).toEqual({ kind: 'none' });
    expect(planMove('investigating', 'acknowledged')).toMatchObject({ kind: 'refused' });
    expect(planMove('acknowledged', 'triggered')).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('Only a resolved incident'),
    });
    expect(planMove('resolved', 'mitigated')).toMatchObject({ kind: 'refused' });
  });

  it('never plans a move to a status without a column', () => {
    for (const from of INCIDENT_STATUSES) {
      for (const to of BOARD_COLUMNS) {
        const plan = planMove(from, to);
        if (plan.kind === 'action') expect(BOARD_COLUMNS).toContain(plan.to);
      }
    }
  });
});
