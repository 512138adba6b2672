import { describe, expect, it } from 'vitest';
import { can } from '../auth/hooks';
import { makeMe } from '../test/fixtures';
import { visibleNavGroups } from './nav';

const labels = (me: Parameters<typeof visibleNavGroups>[0]) =>
  visibleNavGroups(me).map((group) => [group.heading ?? '', group.items.map((item) => item.label)]);

describe('can', () => {
  it('follows the permissions, and allows nothing while MFA enrolment is pending', () => {
    const viewer = makeMe({ permissions: ['playbooks:read'] });
    expect(can(viewer, 'playbooks:read')).toBe(true);
    expect(can(viewer, 'playbooks:run')).toBe(false);
    expect(can(viewer, undefined)).toBe(true);
    expect(can(null, undefined)).toBe(false);
    expect(can(makeMe({ mfaRequired: true }), 'playbooks:read')).toBe(false);
  });
});

describe('visibleNavGroups', () => {
  it('shows an admin everything, administration in its own group', () => {
    expect(labels(makeMe())).toEqual([
      ['', ['Overview', 'Incidents', 'Playbooks', 'Runs']],
      ['Infrastructure', ['Servers', 'Credentials']],
      ['On-call', ['Services', 'Escalation policies', 'SLA policies', 'Schedules']],
      ['Administration', ['Users', 'Roles', 'API tokens', 'Audit log']],
    ]);
  });

  it('hides what a viewer may not open', () => {
    expect(labels(makeMe({ permissions: ['playbooks:read', 'incidents:read', 'servers:read'] }))).toEqual([
      ['', ['Overview', 'Incidents', 'Playbooks', 'Runs']],
      ['Infrastructure', ['Servers']],
      ['On-call', ['Services', 'Escalation policies', 'SLA policies', 'Schedules']],
    ]);
  });

  it('gives an auditor the audit log alone', () => {
    expect(labels(makeMe({ permissions: ['audit:read'] }))).toEqual([
      ['', ['Overview']],
      ['Administration', ['Audit log']],
    ]);
  });

  it('shows nothing before sign-in or MFA enrolment', () => {
    expect(labels(null)).toEqual([]);
    expect(labels(makeMe({ mfaRequired: true }))).toEqual([]);
  });
});
