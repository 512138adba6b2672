import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, stubFetch } from '../../test/http';
import { openDialog, renderRoute } from '../../test/render';
import { EscalationPoliciesPage, toLevels } from './EscalationPoliciesPage';
import { SchedulesPage } from './SchedulesPage';

afterEach(() => vi.unstubAllGlobals());

describe('toLevels', () => {
  it('converts minutes and keeps only the field each target type uses', () => {
    expect(
      toLevels([
        {
          delayMinutes: '10',
          targets: [
            { type: 'email', address: ' a@example.com ', url: 'x' },
            { type: 'webhook', url: 'https://hooks.example.com/x', format: 'slack' },
            { type: 'user', id: 'u-1' },
          ],
        },
      ]),
    ).toEqual([
      {
        delaySeconds: 600,
        targets: [
          { type: 'email', address: 'a@example.com' },
          { type: 'webhook', url: 'https://hooks.example.com/x', format: 'slack' },
          { type: 'user', id: 'u-1' },
        ],
      },
    ]);
  });

  it('names the first problem', () => {
    expect(toLevels([])).toBe('Add at least one level.');
    expect(toLevels([{ delayMinutes: '0', targets: [] }])).toMatch(/Level 1: the delay/);
    expect(toLevels([{ delayMinutes: '5', targets: [{ type: 'webhook', url: 'ftp://x' }] }])).toMatch(/http\(s\) URL/);
  });
});

describe('EscalationPoliciesPage', () => {
  it('creates a two-level policy with the levels editor', async () => {
    const { requests } = stubFetch((req) => {
      if (req.method === 'POST')
        return jsonResponse(
          {
            data: {
              id: 'p1',
              levels: [
                { delaySeconds: 600, targets: [{ type: 'email', address: 'oncall@example.com' }] },
                { delaySeconds: 900, targets: [{ type: 'webhook', url: 'https://hooks.slack.com/…', format: 'slack', signingSecret: 'whsec_abc123' }] },
              ],
            },
          },
          201,
        );
      if (req.url.startsWith('/api/v1/schedules')) return jsonResponse({ data: [], pagination: { page: 1, limit: 100, total: 0, totalPages: 0 } });
      return jsonResponse({ data: [] });
    });
    renderRoute(<EscalationPoliciesPage />, { at: '/escalation-policies', path: '/escalation-policies' });
    const user = userEvent.setup();
    const dialog = await openDialog(user, 'New escalation policy');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Checkout');
    await user.type(within(dialog).getByLabelText('Level 1 target 1 address'), 'oncall@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add level' }));
    await user.selectOptions(within(dialog).getByLabelText('Level 2 target 1 type'), 'webhook');
    await user.type(within(dialog).getByLabelText('Level 2 target 1 URL'), 'https://hooks.slack.com/T1');
    await user.selectOptions(within(dialog).getByLabelText('Level 2 target 1 payload'), 'slack');
    await user.click(within(dialog).getByRole('button', { name: 'Create policy' }));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Checkout',
      repeat: 0,
      levels: [
        { delaySeconds: 600, targets: [{ type: 'email', address: 'oncall@example.com' }] },
        { delaySeconds: 900, targets: [{ type: 'webhook', url: 'https://hooks.slack.com/T1', format: 'slack' }] },
      ],
    });
    // The webhook's signing secret is in this one answer: the page shows it once.
    const shown = await screen.findByRole('dialog', { name: 'Webhook signing secrets' });
    expect(within(shown).getByLabelText('Signing secret of https://hooks.slack.com/…')).toHaveTextContent('whsec_abc123');
    await user.click(within(shown).getByRole('button', { name: 'I have saved them' }));
    expect(screen.queryByRole('dialog', { name: 'Webhook signing secrets' })).not.toBeInTheDocument();
  });
});

describe('SchedulesPage', () => {
  it('shows who is on call now and next', async () => {
    stubFetch((req) => {
      if (req.url.endsWith('/oncall')) {
        return jsonResponse({
          data: {
            at: '2026-11-25T10:00:00Z',
            users: [{ id: 'u1', email: 'ada@example.com', displayName: 'Ada' }],
            next: { at: '2099-11-26T09:00:00Z', users: [{ id: 'u2', email: 'bob@example.com', displayName: 'Bob' }] },
          },
        });
      }
      return jsonResponse({
        data: [
          {
            id: 'sch-1',
            name: 'SRE primary',
            description: '',
            timeZone: 'Europe/Paris',
            rotations: [{ name: 'Primary', shiftType: 'weekly', shiftLength: 1, start: '2026-11-01T09:00', userIds: ['u1', 'u2'] }],
            createdAt: '',
            updatedAt: '',
          },
        ],
        pagination: { page: 1, limit: 100, total: 1, totalPages: 1 },
      });
    });
    renderRoute(<SchedulesPage />, { at: '/schedules', path: '/schedules' });
    const row = (await screen.findByText('SRE primary')).closest('tr');
    if (!row) throw new Error('no row');
    expect(await within(row).findByText('Ada')).toBeInTheDocument();
    expect(within(row).getByText('Bob')).toBeInTheDocument();
    expect(within(row).getByText(/Europe\/Paris · Primary \(1 weekly\)/)).toBeInTheDocument();
  });
});
