import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeMe, makeRun, makeSession } from '../test/fixtures';
import { jsonResponse, notFound, stubFetch, type RecordedRequest } from '../test/http';
import { renderApp } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const unauthorized = () => jsonResponse({ error: 'unauthorized', message: 'invalid or expired access token', statusCode: 401 }, 401);
const runsPage = (req: RecordedRequest) =>
  jsonResponse({ data: [makeRun({ playbook: `listed-${req.url}` })], pagination: { page: 2, limit: 20, total: 21, totalPages: 2 } });

describe('RequireAuth', () => {
  it('sends a signed-out visitor to the login page, remembering the page', async () => {
    stubFetch(unauthorized);
    renderApp('/runs?page=2');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/login?next=%2Fruns%3Fpage%3D2');
    expect(screen.queryByText(/session has ended/)).not.toBeInTheDocument();
  });

  it('on session expiry goes to /login?next=… and returns to the same page after signing in', async () => {
    const me = makeMe();
    let refreshWorks = false;
    const { requests } = stubFetch((req) => {
      if (req.url === '/api/v1/auth/refresh') return refreshWorks ? jsonResponse({ data: makeSession(me, 'fresh') }) : unauthorized();
      if (req.url === '/api/v1/auth/login') return jsonResponse({ data: makeSession(me, 'fresh') });
      if (req.headers.Authorization !== 'Bearer fresh') return unauthorized();
      if (req.url.startsWith('/api/v1/runs')) return runsPage(req);
      return notFound();
    });
    const user = userEvent.setup();
    renderApp('/runs?page=2', { user: me }); // signed in with "access-1", which the API no longer takes

    expect(await screen.findByText('Your session has ended')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/login?next=%2Fruns%3Fpage%3D2');

    refreshWorks = true;
    await user.type(screen.getByLabelText(/^Email/), me.email);
    await user.type(screen.getByLabelText(/^Password/), 'a long password 123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Runs', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/runs?page=2');
    expect(await screen.findByText('listed-/api/v1/runs?page=2&limit=20')).toBeInTheDocument();
    expect(requests.filter((r) => r.url === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('keeps a user who must enroll in MFA on the security page', async () => {
    stubFetch(() => jsonResponse({}));
    renderApp('/playbooks', { user: makeMe({ roles: ['operator'], mfaRequired: true }) });
    expect(await screen.findByText('Set up two-factor authentication to continue')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/account/security');
    // Nothing else is open to them yet, so the navigation is empty.
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryAllByRole('link')).toHaveLength(0);
  });

  it('shows a friendly 403 on admin pages to users without the permission', async () => {
    stubFetch(() => jsonResponse({}));
    renderApp('/admin/users', { user: makeMe({ roles: ['viewer'], permissions: ['playbooks:read'] }) });
    expect(await screen.findByText('You do not have access to this page')).toBeInTheDocument();
    expect(screen.getByText('users:admin')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Overview', 'Playbooks', 'Runs']);
  });
});
