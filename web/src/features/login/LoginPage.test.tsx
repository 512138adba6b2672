import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoginRequest } from '../../api/types';
import { makeMe, makeSession } from '../../test/fixtures';
import { jsonResponse, stubFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { LoginPage } from './LoginPage';

afterEach(() => vi.unstubAllGlobals());

const fail = (status: number, error: string, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error, message, statusCode: status }), { status, headers });

/** An account with MFA: the password is "pw", the current code 123456, one recovery code "abcd-efgh". */
function mfaApi() {
  return stubFetch((req) => {
    const body = req.body as LoginRequest;
    if (body.email !== 'ada@example.com' || body.password !== 'pw') return fail(401, 'invalid_credentials', 'wrong email or password');
    if (body.totp === '123456' || body.recoveryCode === 'abcd-efgh') return jsonResponse({ data: makeSession(makeMe()) });
    if (body.totp || body.recoveryCode) return fail(401, 'invalid_mfa_code', 'the code is wrong, expired or already used');
    return fail(401, 'mfa_required', 'enter the code from your authenticator app (or a recovery code)');
  });
}

function renderLogin(at = '/login?next=%2Fruns%3Fpage%3D2') {
  return renderRoute(<LoginPage />, {
    at,
    path: '/login',
    user: null,
    extraRoutes: [<Route key="runs" path="/runs" element={<p>Runs page</p>} />, <Route key="home" path="/" element={<p>Home</p>} />],
  });
}

async function enterCredentials(user: ReturnType<typeof userEvent.setup>, email = 'ada@example.com', password = 'pw') {
  await user.type(screen.getByLabelText(/^Email/), email);
  await user.type(screen.getByLabelText(/^Password/), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('is labelled for password managers and focuses the email field', () => {
    renderLogin();
    const email = screen.getByLabelText(/^Email/);
    expect(email).toHaveFocus();
    expect(email).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByLabelText(/^Password/)).toHaveAttribute('autocomplete', 'current-password');
  });

  it('asks for the MFA code when the account has one, then signs in and goes to ?next=', async () => {
    const { requests } = mfaApi();
    const user = userEvent.setup();
    renderLogin();

    await enterCredentials(user);
    const code = await screen.findByLabelText(/^Authentication code/);
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');

    // A wrong code: explained, cleared, focused again.
    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText('That code did not work')).toBeInTheDocument();
    expect(code).toHaveValue('');

    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText('Runs page')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/runs?page=2');
    expect(requests.map((r) => r.body)).toEqual([
      { email: 'ada@example.com', password: 'pw' },
      { email: 'ada@example.com', password: 'pw', totp: '654321' },
      { email: 'ada@example.com', password: 'pw', totp: '123456' },
    ]);
  });

  it('accepts a recovery code instead', async () => {
    const { requests } = mfaApi();
    const user = userEvent.setup();
    renderLogin('/login');
    await enterCredentials(user);
    await user.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    await user.type(screen.getByLabelText(/^Recovery code/), 'abcd-efgh');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText('Home')).toBeInTheDocument();
    expect(requests.at(-1)?.body).toEqual({ email: 'ada@example.com', password: 'pw', recoveryCode: 'abcd-efgh' });
  });

  it('says when the email or password is wrong', async () => {
    mfaApi();
    const user = userEvent.setup();
    renderLogin();
    await enterCredentials(user, 'ada@example.com', 'nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    expect(screen.queryByLabelText(/^Authentication code/)).not.toBeInTheDocument();
  });

  it('shows how long to wait after too many attempts, and blocks the button until then', async () => {
    stubFetch(() => fail(429, 'rate_limited', 'too many sign-in attempts (retry in 42 s)', { 'Retry-After': '42' }));
    const user = userEvent.setup();
    renderLogin();
    await enterCredentials(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(/Too many sign-in attempts.*Try again in 4[12] s/);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  });

  it('ignores a ?next= that leaves the app', async () => {
    mfaApi();
    const user = userEvent.setup();
    renderLogin('/login?next=%2F%2Fevil.example%2F');
    await enterCredentials(user);
    await user.type(await screen.findByLabelText(/^Authentication code/), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText('Home')).toBeInTheDocument();
  });
});
