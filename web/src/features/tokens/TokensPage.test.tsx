import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PERMISSIONS, type ApiToken } from '../../api/types';
import { jsonResponse, notFound, stubFetch } from '../../test/http';
import { openDialog, renderRoute } from '../../test/render';
import { TokensPage } from './TokensPage';

afterEach(() => vi.unstubAllGlobals());

const SECRET = 'omt_abc123_the-secret-part-only-shown-once';

function tokensApi() {
  const tokens: ApiToken[] = [];
  return stubFetch((req) => {
    if (req.url === '/api/v1/permissions') return jsonResponse({ data: PERMISSIONS.map((name) => ({ name, description: `Lets you ${name}` })) });
    if (req.method === 'GET' && req.url === '/api/v1/tokens') return jsonResponse({ data: tokens });
    if (req.method === 'POST' && req.url === '/api/v1/tokens') {
      const body = req.body as { name: string; permissions: string[]; expiresAt?: string };
      const token: ApiToken = {
        id: 'tok-1',
        name: body.name,
        prefix: 'omt_abc123',
        permissions: body.permissions,
        createdBy: 'user-admin',
        createdAt: new Date().toISOString(),
        expiresAt: body.expiresAt ?? null,
        revokedAt: null,
        lastUsedAt: null,
      };
      tokens.push(token);
      return jsonResponse({ data: { ...token, token: SECRET } }, 201);
    }
    return notFound();
  });
}

describe('TokensPage', () => {
  it('creates a token and shows its secret once', async () => {
    const { requests } = tokensApi();
    const user = userEvent.setup();
    renderRoute(<TokensPage />, { at: '/admin/tokens', path: '/admin/tokens' });

    expect(await screen.findByText('No API tokens yet')).toBeInTheDocument();
    const dialog = await openDialog(user, 'New token', 'New API token');

    // Nothing chosen: explained, nothing sent.
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }));
    expect(within(dialog).getByText('Choose at least one permission.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/^Name/), 'ci-deploy');
    await user.click(within(dialog).getByRole('checkbox', { name: /playbooks:run/ }));
    await user.selectOptions(within(dialog).getByLabelText('Expires'), '30');
    // Every token expires: there is no "Never".
    expect(within(dialog).queryByRole('option', { name: 'Never' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }));

    const shown = await screen.findByRole('dialog', { name: 'Token created' });
    expect(within(shown).getByLabelText(/Token for/)).toHaveValue(SECRET);
    expect(within(shown).getByText(/shown only once/)).toBeInTheDocument();
    await user.click(within(shown).getByRole('button', { name: 'Copy token' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'ci-deploy', permissions: ['playbooks:run'], expiresAt: expect.any(String) });

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    // The list shows the new token by its prefix; the secret is gone for good.
    expect(await screen.findByRole('button', { name: 'Revoke ci-deploy' })).toBeInTheDocument();
    expect(screen.getByText('omt_abc123…')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();

    // Opening the dialog again starts a new token, not the old secret.
    await user.click(screen.getByRole('button', { name: 'New token' }));
    expect(within(screen.getByRole('dialog', { name: 'New API token' })).getByLabelText(/^Name/)).toHaveValue('');
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
  });
});
