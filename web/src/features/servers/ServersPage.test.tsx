import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Credential, Me, Server, ServerTestResult } from '../../api/types';
import { makeMe } from '../../test/fixtures';
import { jsonResponse, memoryCollection, pageResponse, stubApi, stubFetch, validationFailed, type ApiHandler, type RecordedRequest } from '../../test/http';
import { openDialog, renderApp, renderRoute } from '../../test/render';
import { ServersPage } from './ServersPage';

afterEach(() => vi.unstubAllGlobals());

const KEY_ID = '0193a1b2-0000-7000-8000-00000000000a';
const PW_ID = '0193a1b2-0000-7000-8000-00000000000b';
const TOKEN_ID = '0193a1b2-0000-7000-8000-00000000000c';
const FINGERPRINT = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
const PRESENTED = 'SHA256:Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

const credentials: Credential[] = [
  { id: KEY_ID, name: 'deploy key', kind: 'ssh-private-key', publicKey: 'ssh-ed25519 AAAA deploy', serverCount: 2, createdAt: '2026-11-01T09:00:00Z', updatedAt: '2026-11-01T09:00:00Z' },
  { id: PW_ID, name: 'root password', kind: 'password', serverCount: 0, createdAt: '2026-11-01T09:00:00Z', updatedAt: '2026-11-01T09:00:00Z' },
  { id: TOKEN_ID, name: 'grafana token', kind: 'token', serverCount: 0, createdAt: '2026-11-01T09:00:00Z', updatedAt: '2026-11-01T09:00:00Z' },
];

function makeServer(overrides: Partial<Server>): Server {
  return {
    id: 's-web-1',
    name: 'web-1',
    host: '10.0.0.5',
    port: 2222,
    username: 'deploy',
    credentialId: KEY_ID,
    credentialName: 'deploy key',
    tags: ['prod', 'web'],
    hostKey: 'ssh-ed25519 AAAAC3Nza',
    hostKeyFingerprint: FINGERPRINT,
    createdAt: '2026-11-01T09:00:00Z',
    updatedAt: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

const web1 = makeServer({});
const db1 = makeServer({
  id: 's-db-1',
  name: 'db-1',
  host: 'db-1.internal',
  port: 22,
  username: 'postgres',
  credentialId: PW_ID,
  credentialName: 'root password',
  tags: ['prod', 'db'],
  hostKey: '',
  hostKeyFingerprint: '',
});

/** The servers API over an in-memory list; `extra` answers first (errors, tests). */
function serversApi(extra?: ApiHandler, initial: Server[] = [web1, db1]) {
  const servers = memoryCollection('/api/v1/servers', initial);
  return stubApi((req) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === '/api/v1/servers') {
      const tags = url.searchParams.getAll('tag');
      const q = url.searchParams.get('q') ?? '';
      const data = servers.items.filter((s) => tags.every((t) => s.tags.includes(t)) && (s.name.includes(q) || s.host.includes(q)));
      return pageResponse(data);
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/credentials') return jsonResponse({ data: credentials });
    if (req.method === 'POST' && url.pathname === '/api/v1/servers') {
      const created = makeServer({ ...(req.body as Partial<Server>), id: 's-new', credentialName: 'deploy key', hostKey: '', hostKeyFingerprint: '' });
      return jsonResponse({ data: servers.add(created) }, 201);
    }
    return servers.handle(req);
  }, extra);
}

/** web-1 presents another key than the one pinned. */
const mismatch: ServerTestResult = {
  ok: false,
  hostKeyFingerprint: PRESENTED,
  trusted: true,
  latencyMs: 12,
  error: `host key mismatch for server web-1 (10.0.0.5:2222): it presented ${PRESENTED} but ${FINGERPRINT} is pinned.`,
  errorType: 'SSHHostKeyMismatch',
};

const posts = (requests: RecordedRequest[], path: string) => requests.filter((r) => r.method === 'POST' && r.url === path);

/** The page at /servers, for `user` (an admin by default). */
const renderPage = (user?: Me) => renderRoute(<ServersPage />, { at: '/servers', path: '/servers', ...(user ? { user } : {}) });

describe('ServersPage', () => {
  it('lists servers: login, credential, tags, host key fingerprint (copyable)', async () => {
    serversApi();
    const user = userEvent.setup();
    renderPage();

    const row = (await screen.findByText('web-1')).closest('tr')!;
    expect(within(row).getByText('10.0.0.5:2222')).toBeInTheDocument();
    expect(within(row).getByText('deploy')).toBeInTheDocument();
    expect(within(row).getAllByText('deploy key').length).toBeGreaterThan(0);
    expect(within(within(row).getByRole('list', { name: 'Tags' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['prod', 'web']);
    expect(within(row).getAllByText(FINGERPRINT)[0]).toHaveClass('font-mono');
    expect(within(row).getAllByText('Not tested').length).toBeGreaterThan(0);

    await user.click(within(row).getAllByRole('button', { name: 'Copy host key fingerprint of web-1' })[0]!);
    expect(await navigator.clipboard.readText()).toBe(FINGERPRINT);

    const db = screen.getByText('db-1').closest('tr')!;
    expect(within(db).getAllByText('Not pinned yet').length).toBeGreaterThan(0);
    expect(within(db).getByText('db-1.internal:22')).toBeInTheDocument();
    expect(screen.getByText(/of/, { selector: 'p' })).toHaveTextContent('Showing 1–2 of 2 servers');
  });

  it('filters by tag and search, in the URL and the API query', async () => {
    const { requests } = serversApi();
    const user = userEvent.setup();
    renderPage();
    await screen.findByText('web-1');

    await user.type(screen.getByLabelText('Filter by tag'), 'DB{Enter}');
    expect(await screen.findByRole('button', { name: 'Remove tag filter db' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/servers?tag=db');
    await waitFor(() => expect(screen.queryByText('web-1')).not.toBeInTheDocument());
    expect(screen.getByText('db-1')).toBeInTheDocument();
    expect(requests.at(-1)?.url).toBe('/api/v1/servers?page=1&limit=20&tag=db');

    await user.type(screen.getByLabelText('Filter by tag'), 'web{Enter}');
    expect(await screen.findByText('No server matches these filters')).toBeInTheDocument();
    expect(requests.at(-1)?.url).toBe('/api/v1/servers?page=1&limit=20&tag=db&tag=web');

    // Removing a chip keeps focus in the filters.
    await user.click(screen.getByRole('button', { name: 'Remove tag filter db' }));
    expect(screen.getByLabelText('Filter by tag')).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Clear tags' }));
    await user.type(screen.getByLabelText('Search servers'), '10.0');
    // The search waits for typing to pause (300 ms): leave room on a busy machine.
    await waitFor(() => expect(requests.at(-1)?.url).toBe('/api/v1/servers?page=1&limit=20&q=10.0'), { timeout: 3_000 });
    await waitFor(() => expect(screen.queryByText('db-1')).not.toBeInTheDocument(), { timeout: 3_000 });
    expect(screen.getByText('web-1')).toBeInTheDocument();
  });

  it('validates the new-server form before sending, then shows the API’s field errors on the fields', async () => {
    let answer400 = true;
    const { requests } = serversApi((req) => {
      if (req.method === 'POST' && req.url === '/api/v1/servers' && answer400) {
        answer400 = false;
        return validationFailed('invalid input: credentialId, hostKey', [{ field: 'hostKey', message: 'must be one public key in authorized_keys format' }, { field: 'tags[1]', message: 'must be 1 to 50 of a-z 0-9 _ . : = / -' }]);
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderPage();
    const dialog = await openDialog(user, 'New server');

    // Nothing filled in: every problem explained, focus on the first, nothing sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(within(dialog).getByLabelText(/^Name/)).toHaveAccessibleDescription('Enter a name.');
    expect(within(dialog).getByLabelText(/^Name/)).toHaveFocus();
    expect(within(dialog).getByLabelText(/^Host(?! key)/)).toHaveAccessibleDescription(/Enter a hostname or IP address\./);
    expect(within(dialog).getByLabelText(/^Username/)).toHaveAccessibleDescription(/Enter the user to log in as\./);
    expect(within(dialog).getByLabelText(/^Credential/)).toHaveAccessibleDescription(/Choose the credential to log in with\./);
    expect(within(dialog).getByLabelText(/^Port/)).toHaveValue('22');
    expect(posts(requests, '/api/v1/servers')).toHaveLength(0);

    // Servers log in with keys and passwords only: no token offered.
    const credential = within(dialog).getByLabelText(/^Credential/);
    expect(within(credential).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Choose a credential',
      'deploy key (SSH private key)',
      'root password (Password)',
    ]);

    await user.type(within(dialog).getByLabelText(/^Name/), 'web-2');
    await user.type(within(dialog).getByLabelText(/^Host(?! key)/), 'https://web-2');
    await user.clear(within(dialog).getByLabelText(/^Port/));
    await user.type(within(dialog).getByLabelText(/^Port/), '70000');
    await user.type(within(dialog).getByLabelText(/^Username/), 'deploy');
    await user.selectOptions(credential, 'deploy key (SSH private key)');
    await user.type(within(dialog).getByLabelText(/^Tags/), 'Prod, WEB_2');
    await user.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(within(dialog).getByLabelText(/^Host(?! key)/)).toHaveAccessibleDescription(/without a port or scheme/);
    expect(within(dialog).getByLabelText(/^Port/)).toHaveAccessibleDescription('Enter a port from 1 to 65535.');
    expect(within(dialog).getByLabelText(/^Host(?! key)/)).toHaveFocus();
    expect(posts(requests, '/api/v1/servers')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText(/^Host(?! key)/));
    await user.type(within(dialog).getByLabelText(/^Host(?! key)/), 'web-2.example.com');
    await user.clear(within(dialog).getByLabelText(/^Port/));
    await user.type(within(dialog).getByLabelText(/^Port/), '2222');
    await user.type(within(dialog).getByLabelText(/^Host key/), 'ssh-ed25519 AAAAnotakey');
    await user.click(within(dialog).getByRole('button', { name: 'Add server' }));

    // The API refused two fields: each message is on its field, and the form says it was not added.
    expect(await within(dialog).findByText('This field must be one public key in authorized_keys format.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Host key/)).toHaveAccessibleDescription(/This field must be one public key/);
    expect(within(dialog).getByLabelText(/^Tags/)).toHaveAccessibleDescription(/This field must be 1 to 50 of a-z/);
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The server was not added');
    expect(posts(requests, '/api/v1/servers')[0]?.body).toEqual({
      name: 'web-2',
      host: 'web-2.example.com',
      port: 2222,
      username: 'deploy',
      credentialId: KEY_ID,
      tags: ['prod', 'web_2'],
      hostKey: 'ssh-ed25519 AAAAnotakey',
    });

    // Fixed: without a host key, the first connection pins it.
    await user.clear(within(dialog).getByLabelText(/^Host key/));
    await user.click(within(dialog).getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(posts(requests, '/api/v1/servers')[1]?.body).not.toHaveProperty('hostKey');
    expect(await screen.findByText('web-2')).toBeInTheDocument();
  });

  it('puts a duplicate name (409) on the name field', async () => {
    serversApi((req) =>
      req.method === 'POST' && req.url === '/api/v1/servers'
        ? jsonResponse({ error: 'conflict', message: 'a server named "web-1" already exists', statusCode: 409 }, 409)
        : undefined,
    );
    const user = userEvent.setup();
    renderPage();
    const dialog = await openDialog(user, 'New server');
    await user.type(within(dialog).getByLabelText(/^Name/), 'web-1');
    await user.type(within(dialog).getByLabelText(/^Host(?! key)/), '10.0.0.9');
    await user.type(within(dialog).getByLabelText(/^Username/), 'deploy');
    await user.selectOptions(within(dialog).getByLabelText(/^Credential/), KEY_ID);
    await user.click(within(dialog).getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(within(dialog).getByLabelText(/^Name/)).toHaveAccessibleDescription('A server named "web-1" already exists.'));
  });

  it('tests a connection and shows the result inline: latency, fingerprint, output; or the host key mismatch', async () => {
    const untrusted: ServerTestResult = {
      ok: false,
      hostKeyFingerprint: PRESENTED,
      trusted: false,
      latencyMs: 9,
      error: `server db-1 (db-1.internal:22) has no trusted host key yet; it presents ${PRESENTED}.`,
      errorType: 'SSHHostKeyNotTrusted',
    };
    const ok: ServerTestResult = { ok: true, hostKeyFingerprint: PRESENTED, trusted: true, latencyMs: 38, output: 'Linux db-1 6.8.0 x86_64 GNU/Linux' };
    let db1Trusted = false;
    const { requests } = serversApi((req) => {
      if (req.url === '/api/v1/servers/s-db-1/test') return jsonResponse({ data: db1Trusted ? ok : untrusted });
      if (req.url === '/api/v1/servers/s-db-1/host-key') {
        db1Trusted = true;
        return jsonResponse({ data: { ...db1, hostKeyFingerprint: PRESENTED } });
      }
      if (req.url === '/api/v1/servers/s-web-1/test') return jsonResponse({ data: mismatch });
      if (req.url === '/api/v1/servers/s-web-1/host-key/reset') return jsonResponse({ data: { ...web1, hostKey: '', hostKeyFingerprint: '' } });
      return undefined;
    });
    const user = userEvent.setup();
    renderPage();

    // A server without a pinned key: nothing logs in; the user checks the fingerprint and trusts it.
    await user.click(await screen.findByRole('button', { name: 'Test connection to db-1' }));
    const shown = await screen.findByRole('region', { name: 'Connection test of db-1' });
    expect(within(shown).getByRole('heading', { name: 'Host key not trusted yet' })).toBeInTheDocument();
    expect(within(shown).getByText(/OpsManager has not logged in/)).toBeInTheDocument();
    await user.click(within(shown).getByRole('button', { name: 'Trust this fingerprint' }));
    await waitFor(() => expect(posts(requests, '/api/v1/servers/s-db-1/host-key')).toHaveLength(1));
    expect(posts(requests, '/api/v1/servers/s-db-1/host-key')[0]?.body).toEqual({ fingerprint: PRESENTED });
    // Trusting tests again, and this time it logs in.
    const passed = await screen.findByRole('region', { name: 'Connection test of db-1' });
    expect(await within(passed).findByRole('heading', { name: 'Connected in 38 ms' })).toBeInTheDocument();
    expect(within(passed).getByText(PRESENTED)).toBeInTheDocument();
    expect(within(passed).getByText('Linux db-1 6.8.0 x86_64 GNU/Linux')).toBeInTheDocument();
    expect(screen.getByText('Connected to db-1 in 38 ms.')).toHaveAttribute('aria-live', 'polite');
    const dbRow = screen.getByText('db-1').closest('tr')!;
    expect(within(dbRow).getAllByText('OK · 38 ms').length).toBeGreaterThan(0);
    // The list is refreshed after tests and trusting.
    expect(requests.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/servers')).length).toBeGreaterThan(1);

    await user.click(screen.getByRole('button', { name: 'Test connection to web-1' }));
    const failed = await screen.findByRole('region', { name: 'Connection test of web-1' });
    expect(within(failed).getByRole('heading', { name: 'Host key mismatch' })).toBeInTheDocument();
    expect(within(failed).getByText(/it presented SHA256:Zm9v.* but SHA256:nThb.* is pinned/)).toBeInTheDocument();
    expect(within(failed).getByText('Presented host key')).toBeInTheDocument();
    expect(within(failed).getByText(/Someone may be intercepting the connection/)).toBeInTheDocument();

    await user.click(within(failed).getByRole('button', { name: 'Forget pinned host key…' }));
    const confirm = screen.getByRole('dialog', { name: 'Forget the host key of web-1?' });
    await user.click(within(confirm).getByRole('button', { name: 'Forget host key' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(posts(requests, '/api/v1/servers/s-web-1/host-key/reset')).toHaveLength(1);
    expect(screen.queryByRole('region', { name: 'Connection test of web-1' })).not.toBeInTheDocument();

    // Dismissing hides the panel; the last result stays in its column.
    await user.click(within(passed).getByRole('button', { name: 'Hide the test result of db-1' }));
    expect(screen.queryByRole('region', { name: 'Connection test of db-1' })).not.toBeInTheDocument();
    expect(within(dbRow).getAllByText('OK · 38 ms').length).toBeGreaterThan(0);
  });

  it('offers clearing a pinned key only to holders of servers:host-key-reset', async () => {
    serversApi((req) => (req.url === '/api/v1/servers/s-web-1/test' ? jsonResponse({ data: mismatch }) : undefined));
    const user = userEvent.setup();
    renderPage(makeMe({ roles: ['operator'], permissions: ['servers:read', 'servers:write'] }));
    await user.click(await screen.findByRole('button', { name: 'Test connection to web-1' }));
    const failed = await screen.findByRole('region', { name: 'Connection test of web-1' });
    expect(within(failed).getByRole('heading', { name: 'Host key mismatch' })).toBeInTheDocument();
    expect(within(failed).queryByRole('button', { name: 'Forget pinned host key…' })).not.toBeInTheDocument();
    const dialog = await openDialog(user, 'Edit web-1');
    expect(within(dialog).getByText(FINGERPRINT)).toBeInTheDocument();
    expect(within(dialog).queryByRole('checkbox', { name: /Forget the pinned key/ })).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText(/Replace the pinned host key/)).not.toBeInTheDocument();
  });

  it('says when a test could not run at all', async () => {
    serversApi((req) =>
      req.url.endsWith('/test')
        ? jsonResponse({ error: 'service_unavailable', message: 'connection tests are not available in this process', statusCode: 503 }, 503)
        : undefined,
    );
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Test connection to web-1' }));
    const panel = await screen.findByRole('region', { name: 'Connection test of web-1' });
    expect(within(panel).getByRole('heading', { name: 'The test did not run' })).toBeInTheDocument();
    expect(within(panel).getByText('connection tests are not available in this process')).toBeInTheDocument();
  });

  it('edits only what changed, can forget the pinned key, and deletes after confirming', async () => {
    const { requests } = serversApi();
    const user = userEvent.setup();
    renderPage();

    let dialog = await openDialog(user, 'Edit web-1');
    expect(within(dialog).getByLabelText(/^Tags/)).toHaveValue('prod, web');
    expect(within(dialog).getByLabelText(/^Credential/)).toHaveValue(KEY_ID);
    expect(within(dialog).getByText(FINGERPRINT)).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText(/^Port/));
    await user.type(within(dialog).getByLabelText(/^Port/), '22');
    await user.click(within(dialog).getByRole('checkbox', { name: /Forget the pinned key/ }));
    expect(within(dialog).getByLabelText(/Replace the pinned host key/)).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.find((r) => r.method === 'PATCH')).toMatchObject({ url: '/api/v1/servers/s-web-1', body: { port: 22, hostKey: '' } });

    // Saving without changes sends nothing.
    dialog = await openDialog(user, 'Edit db-1');
    expect(within(dialog).getByLabelText(/^Host key/)).toHaveAccessibleDescription(/trust the fingerprint a connection test shows/);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    const confirm = await openDialog(user, 'Delete db-1', 'Delete db-1?');
    expect(confirm).toHaveTextContent('db-1.internal:22');
    await user.click(within(confirm).getByRole('button', { name: 'Delete server' }));
    await waitFor(() => expect(screen.queryByText('db-1')).not.toBeInTheDocument());
    expect(requests.find((r) => r.method === 'DELETE')?.url).toBe('/api/v1/servers/s-db-1');
  });

  it('offers no changes to a viewer, and does not ask for credentials', async () => {
    const { requests } = serversApi();
    renderRoute(<ServersPage />, { at: '/servers', path: '/servers', user: makeMe({ roles: ['viewer'], permissions: ['servers:read'] }) });
    expect(await screen.findByText('web-1')).toBeInTheDocument();
    expect(screen.getAllByText(FINGERPRINT).length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'New server' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Test connection/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Credentials' })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
    expect(requests.some((r) => r.url.startsWith('/api/v1/credentials'))).toBe(false);
  });

  it('lets a server editor without credentials:write type the credential ID', async () => {
    const { requests } = serversApi();
    const user = userEvent.setup();
    renderPage(makeMe({ roles: ['custom'], permissions: ['servers:read', 'servers:write'] }));
    const dialog = await openDialog(user, 'Edit web-1');
    const id = within(dialog).getByLabelText(/^Credential ID/);
    expect(id).toHaveValue(KEY_ID);
    expect(id).toHaveAccessibleDescription(/needs the credentials:write permission.*Now: deploy key/);
    await user.clear(id);
    await user.type(id, 'not-a-uuid');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(id).toHaveAccessibleDescription(/Enter a credential ID \(a lower-case UUID\)\./);
    expect(requests.some((r) => r.url.startsWith('/api/v1/credentials'))).toBe(false);
  });
});

describe('server and credential routes', () => {
  /** Opens `path` as a user holding only `permissions`: the 403 page names `missing`; returns the sidebar. */
  async function forbidden(path: string, role: string, permissions: string[], missing: string): Promise<HTMLElement> {
    stubFetch(() => jsonResponse({}));
    renderApp(path, { user: makeMe({ roles: [role], permissions }) });
    expect(await screen.findByText('You do not have access to this page')).toBeInTheDocument();
    expect(screen.getByText(missing)).toBeInTheDocument();
    return screen.getAllByRole('navigation', { name: 'Main' })[0]!;
  }

  it('show a 403 page to users without the permission, and the sidebar follows', async () => {
    const nav = await forbidden('/servers', 'viewer', ['playbooks:read'], 'servers:read');
    expect(within(nav).queryByRole('link', { name: 'Servers' })).not.toBeInTheDocument();
  });

  it('keep credentials from a responder who may see servers', async () => {
    const nav = await forbidden('/credentials', 'responder', ['servers:read'], 'credentials:write');
    expect(within(nav).getByRole('link', { name: 'Servers' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Credentials' })).not.toBeInTheDocument();
  });
});
