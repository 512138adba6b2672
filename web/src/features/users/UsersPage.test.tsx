import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role, User } from '../../api/types';
import { jsonResponse, notFound, pageResponse, stubFetch, validationFailed, type RecordedRequest } from '../../test/http';
import { openDialog, renderRoute } from '../../test/render';
import { UsersPage } from './UsersPage';

afterEach(() => vi.unstubAllGlobals());

const roles: Role[] = [
  { name: 'admin', description: 'Everything', permissions: ['users:admin'], builtin: true, requireMfa: true },
  { name: 'viewer', description: 'Read only', permissions: ['playbooks:read'], builtin: true, requireMfa: false },
];

const bob: User = {
  id: 'user-bob',
  email: 'bob@example.com',
  displayName: 'Bob Builder',
  roles: ['admin'],
  active: true,
  mfaEnabled: false,
  createdAt: '2026-11-01T09:00:00Z',
  updatedAt: '2026-11-01T09:00:00Z',
  lastLoginAt: null,
  mustChangePassword: false,
};

function usersApi(onCreate: (req: RecordedRequest) => Response) {
  return stubFetch((req) => {
    if (req.url === '/api/v1/roles') return jsonResponse({ data: roles });
    if (req.method === 'GET' && req.url.startsWith('/api/v1/users')) {
      return pageResponse([bob]);
    }
    if (req.method === 'POST' && req.url === '/api/v1/users') return onCreate(req);
    return notFound();
  });
}

describe('UsersPage', () => {
  it('lists users with their roles and MFA status', async () => {
    usersApi(() => jsonResponse({}, 500));
    renderRoute(<UsersPage />, { at: '/admin/users', path: '/admin/users' });
    const row = (await screen.findByText('bob@example.com')).closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByRole('button', { name: 'Edit Bob Builder' })).toBeInTheDocument();
    expect(within(row).getByText('Required, not set up')).toBeInTheDocument();
  });

  it('validates the new-user form before sending, and shows the API’s field errors', async () => {
    const { requests } = usersApi(() =>
      validationFailed('request is invalid', [{ field: 'email', message: 'is not an email address' }]),
    );
    const user = userEvent.setup();
    renderRoute(<UsersPage />, { at: '/admin/users', path: '/admin/users' });

    const dialog = await openDialog(user, 'New user');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

    expect(within(dialog).getByLabelText(/^Email/)).toHaveAccessibleDescription('Enter an email address.');
    expect(within(dialog).getByLabelText(/^Initial password/)).toHaveAccessibleDescription(
      expect.stringContaining('Use at least 12 characters (0 so far).'),
    );
    expect(within(dialog).getByText('Choose at least one role.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/^Email/), 'carol@example');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Carol');
    await user.type(within(dialog).getByLabelText(/^Initial password/), 'a long password 123');
    await user.click(within(dialog).getByRole('checkbox', { name: /viewer/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(within(dialog).getByLabelText(/^Email/)).toHaveAccessibleDescription('Enter an email address such as name@example.com.');

    await user.type(within(dialog).getByLabelText(/^Email/), '.test');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await within(dialog).findByText('This field is not an email address.')).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The user was not created');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      email: 'carol@example.test',
      displayName: 'Carol',
      password: 'a long password 123',
      roles: ['viewer'],
    });
  });
});
