import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import type { Playbook, Service } from '../../api/types';
import { buildFields } from '../../schema-form/schema';
import { httpCheck } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch, validationFailed, type RecordedRequest } from '../../test/http';
import { openDialog, renderRoute } from '../../test/render';
import { ServicesPage } from './ServicesPage';
import { draftFromTrigger, mapTriggerErrors, renderSample, toTrigger, validateDraft } from './triggers';

afterEach(() => vi.unstubAllGlobals());

const notify: Playbook = {
  ...httpCheck,
  name: 'notify-chat',
  title: 'Notify chat',
  description: 'Posts a message to the team chat.',
  paramsSchema: {
    type: 'object',
    properties: {
      message: { type: 'string', maxLength: 200 },
      urgent: { type: 'boolean', default: false },
    },
    required: ['message'],
  },
};

const service: Service = {
  id: 'svc-1',
  name: 'checkout-api',
  description: 'Checkout',
  escalationPolicyId: 'pol-1',
  slaPolicyId: null,
  autoResolve: true,
  playbooks: [
    { playbook: 'http-check', params: { url: '{{incident.url}}', method: 'HEAD', expectStatus: 200, timeoutSeconds: 10 } },
    { playbook: 'notify-chat', params: { message: 'Incident {{incident.title}}', urgent: true } },
  ],
  createdAt: '2026-11-01T09:00:00Z',
  updatedAt: '2026-11-01T09:00:00Z',
};

function api(onSave: (req: RecordedRequest) => Response = () => jsonResponse({ data: service })) {
  return stubFetch((req) => {
    if (req.method !== 'GET') return onSave(req);
    if (req.url === '/api/v1/services') return jsonResponse({ data: [service, { ...service, id: 'svc-2', name: 'search', playbooks: [] }] });
    if (req.url === '/api/v1/escalation-policies') {
      return jsonResponse({ data: [{ id: 'pol-1', name: 'SRE', repeat: 0, levels: [], createdAt: '', updatedAt: '' }] });
    }
    if (req.url === '/api/v1/sla-policies') return jsonResponse({ data: [] });
    if (req.url === '/api/v1/playbooks') return jsonResponse({ data: [httpCheck, notify] });
    return notFound();
  });
}

const renderPage = () => renderRoute(<ServicesPage />, { at: '/services', path: '/services' });
const row = (dialog: HTMLElement, n: number) => within(within(dialog).getByTestId(`trigger-${n}`));

/** Opens the New service dialog and fills what every service needs (name payments, policy pol-1). */
async function newPaymentsService(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  const dialog = await openDialog(user, 'New service');
  await user.type(within(dialog).getByLabelText(/^Name/), 'payments');
  await user.selectOptions(await within(dialog).findByLabelText(/^Escalation policy/), 'pol-1');
  return dialog;
}

describe('ServicesPage', () => {
  it('shows how many playbooks each service starts', async () => {
    api();
    renderPage();
    const checkout = (await screen.findByRole('link', { name: 'checkout-api' })).closest('tr') as HTMLElement;
    expect(within(checkout).getByText('Starts 2 playbooks')).toBeInTheDocument();
    expect(within(checkout).getByText('http-check, notify-chat')).toBeInTheDocument();
    const search = screen.getByRole('link', { name: 'search' }).closest('tr') as HTMLElement;
    expect(within(search).getByText('None')).toBeInTheDocument();
  });

  it('creates a service whose incidents start playbooks: rows are added, filled from the schema and removed', async () => {
    const { requests } = api(() => jsonResponse({ data: service }, 201));
    renderPage();
    const user = userEvent.setup();
    const dialog = await newPaymentsService(user);

    const automation = within(dialog).getByRole('group', { name: 'Automation' });
    expect(within(automation).getByRole('list', { name: 'Placeholders' })).toHaveTextContent('{{incident.title}}');
    expect(within(automation).getByText('No playbook starts automatically.')).toBeInTheDocument();

    await user.click(await within(dialog).findByRole('button', { name: 'Add playbook' }));
    await user.selectOptions(row(dialog, 1).getByLabelText(/^Playbook 1/), 'http-check');
    // The playbook's parameters render from its paramsSchema, defaults filled in.
    expect(row(dialog, 1).getByLabelText(/^Method/)).toHaveDisplayValue('GET');
    await user.click(row(dialog, 1).getByLabelText(/^URL/));
    await user.paste('{{incident.url}}');

    await user.click(within(dialog).getByRole('button', { name: 'Add playbook' }));
    await user.selectOptions(row(dialog, 2).getByLabelText(/^Playbook 2/), 'notify-chat');
    await user.click(row(dialog, 2).getByLabelText(/^Message/));
    await user.paste('Paging for {{service.name}}');
    await user.click(within(dialog).getByRole('button', { name: 'Add playbook' }));
    expect(within(dialog).getByTestId('trigger-3')).toBeInTheDocument();

    // Remove the first row: the others move up, keeping what was typed.
    await user.click(within(dialog).getByRole('button', { name: 'Remove playbook 1' }));
    expect(within(dialog).queryByTestId('trigger-3')).not.toBeInTheDocument();
    expect(row(dialog, 1).getByLabelText(/^Message/)).toHaveValue('Paging for {{service.name}}');
    await user.click(within(dialog).getByRole('button', { name: 'Remove playbook 2' }));

    await user.click(within(dialog).getByRole('button', { name: 'Create service' }));
    await vi.waitFor(() => expect(requests.find((r) => r.method === 'POST')).toBeDefined());
    expect(requests.find((r) => r.method === 'POST')).toMatchObject({
      url: '/api/v1/services',
      body: {
        name: 'payments',
        description: '',
        escalationPolicyId: 'pol-1',
        slaPolicyId: null,
        autoResolve: false,
        playbooks: [{ playbook: 'notify-chat', params: { message: 'Paging for {{service.name}}', urgent: false } }],
      },
    });
  });

  it('checks placeholders before saving', async () => {
    const { requests } = api();
    renderPage();
    const user = userEvent.setup();
    const dialog = await newPaymentsService(user);
    await user.click(await within(dialog).findByRole('button', { name: 'Add playbook' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create service' }));
    expect(row(dialog, 1).getByLabelText(/^Playbook 1/)).toHaveAccessibleDescription('Choose a playbook.');

    await user.selectOptions(row(dialog, 1).getByLabelText(/^Playbook 1/), 'http-check');
    await user.click(row(dialog, 1).getByLabelText(/^URL/));
    await user.paste('{{incident.owner}}');
    await user.click(within(dialog).getByRole('button', { name: 'Create service' }));
    expect(row(dialog, 1).getByLabelText(/^URL/)).toHaveAccessibleDescription(expect.stringContaining('Unknown placeholder {{incident.owner}}'));

    await user.clear(row(dialog, 1).getByLabelText(/^URL/));
    await user.paste('{{incident.title}}');
    await user.click(within(dialog).getByRole('button', { name: 'Create service' }));
    expect(row(dialog, 1).getByLabelText(/^URL/)).toHaveAccessibleDescription(expect.stringContaining('With sample incident values: Enter a full URL'));
    expect(requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('edits a service: saved triggers fill their rows, every field is sent, and the server’s errors land on their rows', async () => {
    const { requests } = api(() =>
      validationFailed('invalid input: playbooks[0].params: invalid input: params.url: must use http or https (and 1 more)', [{ field: 'playbooks[0].params', message: 'invalid input: params.url: must use http or https' }, { field: 'playbooks[1].playbook', message: 'you may not run this playbook, so you cannot have incidents start it' }]),
    );
    renderPage();
    const user = userEvent.setup();
    const dialog = await openDialog(user, 'Edit checkout-api');
    expect(await row(dialog, 1).findByLabelText(/^URL/)).toHaveValue('{{incident.url}}');
    expect(row(dialog, 1).getByLabelText(/^Method/)).toHaveDisplayValue('HEAD');
    expect(row(dialog, 2).getByLabelText(/^Message/)).toHaveValue('Incident {{incident.title}}');
    expect(row(dialog, 2).getByLabelText(/^Urgent/)).toBeChecked();

    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    const patch = await vi.waitFor(() => {
      const found = requests.find((r) => r.method === 'PATCH');
      if (!found) throw new Error('no PATCH yet');
      return found;
    });
    expect(patch.url).toBe('/api/v1/services/svc-1');
    expect(patch.body).toEqual({
      name: 'checkout-api',
      description: 'Checkout',
      escalationPolicyId: 'pol-1',
      slaPolicyId: null,
      autoResolve: true,
      playbooks: service.playbooks,
    });

    expect(await row(dialog, 1).findByText('This field must use http or https.')).toBeInTheDocument();
    expect(row(dialog, 1).getByLabelText(/^URL/)).toHaveAccessibleDescription(expect.stringContaining('must use http or https'));
    expect(row(dialog, 2).getByLabelText(/^Playbook 2/)).toHaveAccessibleDescription(
      'You may not run this playbook, so you cannot have incidents start it.',
    );
    // The row errors are not repeated in the form's alert.
    const alert = within(dialog).getAllByRole('alert').find((el) => el.textContent?.includes('The service was not saved'));
    expect(alert).toBeDefined();
    expect(alert?.querySelector('ul')).toBeNull();

    // Removing the first row keeps the second row's error with it.
    await user.click(within(dialog).getByRole('button', { name: 'Remove playbook 1' }));
    expect(row(dialog, 1).getByLabelText(/^Playbook 1/)).toHaveDisplayValue('Notify chat (notify-chat)');
    expect(row(dialog, 1).getByLabelText(/^Playbook 1/)).toHaveAccessibleDescription(expect.stringContaining('You may not run this playbook'));
  });
});

describe('trigger drafts', () => {
  it('round-trip a saved trigger through the schema form values', () => {
    const trigger = { playbook: 'http-check', params: { url: '{{incident.url}}', method: 'HEAD', expectStatus: 204 } };
    const draft = draftFromTrigger(trigger, httpCheck);
    expect(draft.values).toEqual({ url: '{{incident.url}}', method: '"HEAD"', expectStatus: '204', timeoutSeconds: '10' });
    expect(toTrigger(draft, httpCheck)).toEqual({ playbook: 'http-check', params: { ...trigger.params, timeoutSeconds: 10 } });
    expect(validateDraft(draft, httpCheck)).toEqual({ fields: {} });
  });

  it('keep the saved params of a playbook missing from the catalogue', () => {
    const trigger = { playbook: 'retired', params: { anything: [1, 2] } };
    expect(toTrigger(draftFromTrigger(trigger, undefined), undefined)).toEqual(trigger);
  });

  it('fill placeholders with sample values, naming the first unknown one', () => {
    expect(renderSample('{{ service.name }}/{{incident.severity}}')).toEqual({ text: 'checkout/high' });
    expect(renderSample('x {{incident.owner}} {{nope}}')).toMatchObject({ unknown: 'incident.owner' });
    expect(renderSample('broken {{incident.id')).toMatchObject({ unknown: '…' });
  });
});

describe('mapTriggerErrors', () => {
  const fields = buildFields(httpCheck.paramsSchema);
  const error = (details: Array<{ field: string; message: string }>) => new ApiError(400, 'validation_failed', 'invalid input', details);

  it('maps row errors by submitted position onto draft keys, and params messages onto their parameter', () => {
    const mapped = mapTriggerErrors(
      error([
        { field: 'playbooks[0].playbook', message: 'is not a playbook' },
        { field: 'playbooks[1].params', message: 'params.url unknown placeholder {{incident.owner}}; use one of incident.id' },
        { field: 'playbooks[2].params', message: 'invalid input: params.extra: is not a parameter of this playbook' },
        { field: 'playbooks', message: 'at most 10 playbooks' },
        { field: 'name', message: 'must be 1 to 100 characters' },
      ]),
      [7, 8, 9],
      () => fields,
    );
    expect(mapped.list).toBe('At most 10 playbooks.');
    expect(mapped.rows[7]).toEqual({ playbook: 'This field is not a playbook.', fields: {} });
    expect(mapped.rows[8]).toEqual({ fields: { url: 'Unknown placeholder {{incident.owner}}; use one of incident.id.' } });
    expect(mapped.rows[9]).toEqual({ params: 'Parameter extra: is not a parameter of this playbook.', fields: {} });
  });

  it('ignores anything but an API error', () => {
    expect(mapTriggerErrors(new Error('offline'), [1], () => fields)).toEqual({ rows: {} });
  });
});
