import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeMe } from '../../test/fixtures';
import { jsonResponse, stubFetch } from '../../test/http';
import { renderApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const mustChange = makeMe({ mustChangePassword: true });

describe('ChangePasswordPage', () => {
  it('keeps a user who must change the printed password on the change-password screen', async () => {
    stubFetch(() => jsonResponse({}));
    renderApp('/runs', { user: mustChange });
    expect(await screen.findByText('Set your own password to continue')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/account/password');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryAllByRole('link')).toHaveLength(0);
  });

  it('changes the password and then lets the user in', async () => {
    const { requests } = stubFetch((req) => {
      if (req.url === '/api/v1/auth/password') return new Response(null, { status: 204 });
      if (req.url === '/api/v1/auth/me') return jsonResponse({ data: makeMe() });
      return jsonResponse({ data: [], pagination: { page: 1, limit: 20, total: 0, totalPages: 0 } });
    });
    const user = userEvent.setup();
    renderApp('/account/password', { user: mustChange });
    await user.type(await screen.findByLabelText(/^Current password/), 'printed password');
    await user.type(screen.getByLabelText(/^New password/), 'my own long passphrase');
    await user.type(screen.getByLabelText(/^Repeat new password/), 'my own long passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await vi.waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/));
    expect(requests.find((r) => r.url === '/api/v1/auth/password')?.body).toEqual({
      currentPassword: 'printed password',
      newPassword: 'my own long passphrase',
    });
  });

  it('checks the new password before sending it and shows the server error', async () => {
    const { requests } = stubFetch((req) =>
      req.url === '/api/v1/auth/password'
        ? jsonResponse({ error: 'invalid_password', message: 'the current password is wrong', statusCode: 401 }, 401)
        : jsonResponse({}),
    );
    const user = userEvent.setup();
    renderApp('/account/password', { user: makeMe() });
    await user.type(await screen.findByLabelText(/^Current password/), 'my current one');
    await user.type(screen.getByLabelText(/^New password/), 'too short');
    await user.type(screen.getByLabelText(/^Repeat new password/), 'too short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText(/at least 12 characters/)).toBeInTheDocument();
    expect(requests.filter((r) => r.url === '/api/v1/auth/password')).toHaveLength(0);

    await user.clear(screen.getByLabelText(/^New password/));
    await user.clear(screen.getByLabelText(/^Repeat new password/));
    await user.type(screen.getByLabelText(/^New password/), 'a long enough passphrase');
    await user.type(screen.getByLabelText(/^Repeat new password/), 'a long enough passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The password was not changed')).toBeInTheDocument();
  });

  it('is in the user menu', async () => {
    stubFetch(() => jsonResponse({ data: [], pagination: { page: 1, limit: 20, total: 0, totalPages: 0 } }));
    const user = userEvent.setup();
    renderApp('/account/security', { user: makeMe() });
    await user.click((await screen.findAllByRole('button', { name: /Account menu/ }))[0]!);
    await user.click(screen.getAllByRole('link', { name: 'Change password' })[0]!);
    expect(await screen.findByRole('heading', { name: 'Change password', level: 1 })).toBeInTheDocument();
  });
});
