import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Credential, Me } from '../../api/types';
import { errorResponse, jsonResponse, memoryCollection, stubApi, validationFailed, type ApiHandler } from '../../test/http';
import { openDialog, renderRoute } from '../../test/render';
import { CredentialsPage } from './CredentialsPage';

afterEach(() => vi.unstubAllGlobals());

const PASSWORD = 'correct horse battery staple';
const PRIVATE_KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

const deployKey: Credential = {
  id: 'c-key',
  name: 'deploy key',
  kind: 'ssh-private-key',
  publicKey: PUBLIC_KEY,
  serverCount: 3,
  createdAt: '2026-11-01T09:00:00Z',
  updatedAt: '2026-11-01T09:00:00Z',
};
const grafana: Credential = {
  id: 'c-token',
  name: 'grafana token',
  kind: 'token',
  serverCount: 0,
  createdAt: '2026-11-02T09:00:00Z',
  updatedAt: '2026-11-02T09:00:00Z',
};

function credentialsApi(extra?: ApiHandler, initial: Credential[] = [deployKey, grafana]) {
  const credentials = memoryCollection('/api/v1/credentials', initial, (credential, patch) => {
    const { name } = patch as { name?: string };
    return { ...credential, ...(name ? { name } : {}), updatedAt: new Date().toISOString() };
  });
  return stubApi((req) => {
    if (req.method === 'GET' && req.url === '/api/v1/credentials') return jsonResponse({ data: credentials.items });
    if (req.method === 'POST' && req.url === '/api/v1/credentials') {
      const body = req.body as { name: string; kind: string };
      const created: Credential = {
        id: `c-${credentials.items.length + 1}`,
        name: body.name,
        kind: body.kind,
        ...(body.kind === 'ssh-private-key' ? { publicKey: PUBLIC_KEY } : {}),
        serverCount: 0,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      };
      return jsonResponse({ data: credentials.add(created) }, 201); // metadata only, never the secret
    }
    return credentials.handle(req);
  }, extra);
}

/** The page at /credentials, for `user` (an admin by default). */
const renderPage = (user?: Me) => renderRoute(<CredentialsPage />, { at: '/credentials', path: '/credentials', ...(user ? { user } : {}) });

describe('CredentialsPage', () => {
  it('lists credentials: kind, how many servers use each, the public key of SSH keys', async () => {
    credentialsApi();
    const user = userEvent.setup();
    renderPage();

    const key = (await screen.findByText('deploy key')).closest('tr')!;
    expect(within(key).getAllByText('SSH private key').length).toBeGreaterThan(0);
    expect(within(key).getByText('3 servers')).toBeInTheDocument();
    expect(within(key).getByText(PUBLIC_KEY)).toBeInTheDocument();
    await user.click(within(key).getByRole('button', { name: 'Copy public key of deploy key' }));
    expect(await navigator.clipboard.readText()).toBe(PUBLIC_KEY);

    const token = screen.getByText('grafana token').closest('tr')!;
    expect(within(token).getAllByText('Token').length).toBeGreaterThan(0);
    expect(within(token).getByText('Not used')).toBeInTheDocument();
    expect(within(token).queryByRole('button', { name: /Copy public key/ })).not.toBeInTheDocument();
  });

  it('stores a password: validated first, write-only, never shown after saving', async () => {
    const { requests } = credentialsApi();
    const user = userEvent.setup();
    renderPage();
    const dialog = await openDialog(user, 'New credential');
    expect(within(dialog).getByText(/never shown again after you save/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Save credential' }));
    expect(within(dialog).getByLabelText(/^Name/)).toHaveAccessibleDescription(/Enter a name\./);
    expect(within(dialog).getByLabelText(/^Private key/)).toHaveAccessibleDescription(/Paste the private key\./);
    expect(within(dialog).getByLabelText(/^Name/)).toHaveFocus();

    await user.type(within(dialog).getByLabelText(/^Name/), 'root password');
    await user.click(within(dialog).getByRole('radio', { name: /Password/ }));
    const secret = within(dialog).getByLabelText(/^Password\*?$/);
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAttribute('autocomplete', 'new-password');
    await user.type(secret, PASSWORD);
    await user.click(within(dialog).getByRole('button', { name: 'Save credential' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'root password', kind: 'password', secret: PASSWORD });
    expect(await screen.findByText('root password')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(PASSWORD);
    expect(screen.queryByDisplayValue(PASSWORD)).not.toBeInTheDocument();

    // A new dialog starts empty.
    await user.click(screen.getByRole('button', { name: 'New credential' }));
    expect(screen.queryByDisplayValue(PASSWORD)).not.toBeInTheDocument();
  });

  it('stores an SSH key, then shows its public half to install', async () => {
    const { requests } = credentialsApi();
    const user = userEvent.setup();
    renderPage();
    const dialog = await openDialog(user, 'New credential');
    await user.type(within(dialog).getByLabelText(/^Name/), 'web deploy');
    await user.type(within(dialog).getByLabelText(/^Private key/), 'hunter2');
    await user.click(within(dialog).getByRole('button', { name: 'Save credential' }));
    expect(within(dialog).getByLabelText(/^Private key/)).toHaveAccessibleDescription(/Paste a PEM or OpenSSH private key/);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText(/^Private key/));
    await user.click(within(dialog).getByLabelText(/^Private key/));
    await user.paste(PRIVATE_KEY);
    await user.click(within(dialog).getByRole('button', { name: 'Save credential' }));

    const saved = await screen.findByRole('dialog', { name: 'Credential saved' });
    expect(within(saved).getByLabelText('Public key')).toHaveValue(PUBLIC_KEY);
    expect(within(saved).getByText(/will not be shown again/)).toBeInTheDocument();
    expect(screen.queryByDisplayValue(PRIVATE_KEY)).not.toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'web deploy', kind: 'ssh-private-key', secret: PRIVATE_KEY });
    await user.click(within(saved).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the API’s secret error on the secret field', async () => {
    credentialsApi((req) =>
      req.method === 'POST'
        ? validationFailed('invalid input: secret', [{ field: 'secret', message: 'is protected by a passphrase; store the key without one (the vault encrypts it)' }])
        : undefined,
    );
    const user = userEvent.setup();
    renderPage();
    const dialog = await openDialog(user, 'New credential');
    await user.type(within(dialog).getByLabelText(/^Name/), 'old key');
    await user.click(within(dialog).getByLabelText(/^Private key/));
    await user.paste(PRIVATE_KEY);
    await user.click(within(dialog).getByRole('button', { name: 'Save credential' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/^Private key/)).toHaveAccessibleDescription(
        /This field is protected by a passphrase; store the key without one \(the vault encrypts it\)/,
      ),
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The credential was not saved');
  });

  it('renames without touching the secret, or replaces the secret', async () => {
    const { requests } = credentialsApi();
    const user = userEvent.setup();
    renderPage();
    let dialog = await openDialog(user, 'Edit grafana token');
    expect(dialog).toHaveAccessibleDescription(/Token · the kind of a credential cannot change/);
    expect(within(dialog).getByLabelText(/^New token/)).toHaveValue('');
    await user.clear(within(dialog).getByLabelText(/^Name/));
    await user.type(within(dialog).getByLabelText(/^Name/), 'grafana api token');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ name: 'grafana api token' }]);

    dialog = await openDialog(user, 'Edit grafana api token');
    await user.type(within(dialog).getByLabelText(/^New token/), 'tok-2');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ name: 'grafana api token' }, { secret: 'tok-2' }]);
    expect(screen.queryByDisplayValue('tok-2')).not.toBeInTheDocument();
  });

  it('deletes after confirming, and shows the API’s 409 for a credential in use', async () => {
    const { requests } = credentialsApi((req) =>
      req.method === 'DELETE' && req.url === '/api/v1/credentials/c-key'
        ? errorResponse(409, 'conflict', 'the credential is used by 3 server(s) (db-1, web-1, web-2); move them to another credential first')
        : undefined,
    );
    const user = userEvent.setup();
    renderPage();

    let confirm = await openDialog(user, 'Delete deploy key', 'Delete deploy key?');
    expect(confirm).toHaveTextContent('3 servers log in with it');
    await user.click(within(confirm).getByRole('button', { name: 'Delete credential' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent(
      'the credential is used by 3 server(s) (db-1, web-1, web-2); move them to another credential first',
    );
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText('deploy key')).toBeInTheDocument();

    confirm = await openDialog(user, 'Delete grafana token', 'Delete grafana token?');
    expect(confirm).toHaveTextContent('The secret is destroyed');
    expect(within(confirm).queryByRole('alert')).not.toBeInTheDocument(); // the earlier failure is not carried over
    await user.click(within(confirm).getByRole('button', { name: 'Delete credential' }));
    await waitFor(() => expect(screen.queryByText('grafana token')).not.toBeInTheDocument());
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual(['/api/v1/credentials/c-key', '/api/v1/credentials/c-token']);
  });
});
